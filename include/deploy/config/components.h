/* The components of a deployment: which charts exist under <root>/helm, which are deployed
 * by default, what each one needs first, and each chart's sub-components (its dependencies,
 * switched by `-d component.sub`).
 *
 * Defaults: msgsvc, iam, panda, harvester, idds, bigmon, with panda needing msgsvc and iam,
 * and harvester, idds and bigmon needing panda. An optional file <root>/helm-panda.yaml adds
 * components or changes these:
 *
 *     components:
 *       iam-db: {}                      # chart helm/iam-db, deployed by default
 *       iam: {needs: [iam-db]}          # replaces iam's needs
 *       ui: {needs: [panda], default: false, chart: helm/ui}   # only with -c ui
 *       idds: {chart: oci://ghcr.io/pandawms/panda-k8s-charts/idds, version: 0.2.0}
 *
 * A chart may come from an OCI registry (per component, or `charts:` for all: deploy/config/oci.h and
 * deploy/config/chartsrc.h); the component's folder under helm/ then holds only its values files.
 * Any other chart found under helm/ is known (usable with -c) but not deployed by default. */
#ifndef DEPLOY_COMPONENTS_H
#define DEPLOY_COMPONENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/config/oci.h"
#include "hp/error.h"
#include "hp/util.h"

#define DEPLOY_COMPONENTS_FILE "helm-panda.yaml"

struct deploy_component {
    char *name;
    char *chart;              /* relative to the root: "helm/<name>" unless the file says otherwise */
    struct hp_strlist needs;  /* component names */
    bool by_default;          /* deployed without -c */
    /* OCI (deploy/config/oci.h): `chart: oci://...` and `version:` of the components file */
    char *oci_ref, *version;
    bool local_chart_given;   /* `chart:` named a folder */
    size_t oci_ref_line, version_line;
};

struct deploy_catalogue {
    struct deploy_component *v;
    size_t n, cap;
    struct deploy_oci_defaults charts; /* `charts:` of the components file (deploy/config/oci.h) */
};

/* The defaults, then the charts found under <root>/helm, then <root>/helm-panda.yaml. */
int deploy_catalogue_load(struct deploy_catalogue *c, const char *root, struct hp_error *e);
/* Applies a components file's text to c (exposed for tests and the fuzzer). `name` is the
 * file name used in messages. Needs naming unknown components are an error. */
int deploy_catalogue_apply_file(struct deploy_catalogue *c, const char *name, const unsigned char *data, size_t len,
                                struct hp_error *e);
struct deploy_component *deploy_catalogue_find(struct deploy_catalogue *c, const char *name);
/* "msgsvc, iam, ..." for messages; owned string. */
char *deploy_catalogue_names(const struct deploy_catalogue *c);
void deploy_catalogue_free(struct deploy_catalogue *c);

/* The sub-components a chart can switch off: the names (or aliases) of the dependencies in
 * its Chart.yaml text. Appends to subs. */
int deploy_chart_subcomponents(const char *name, const unsigned char *data, size_t len, struct hp_strlist *subs,
                               struct hp_error *e);

#endif
