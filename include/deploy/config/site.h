/* Sites: named deployment profiles in <root>/helm-panda.yaml, beside `components:`. A site
 * holds what install and gitops otherwise take as flags (experiment, affix, components,
 * namespace, --set), per-component values files and release/Application names, and the Argo CD
 * settings of its Applications (defaults for every Application, overrides per component).
 *
 *     sites:
 *       atlas-testbed:
 *         experiment: atlas_testbed            # -e
 *         affix: panda-                        # -a
 *         namespace: panda                     # helm -n (unless HELM_NAMESPACE says otherwise)
 *         enable: [msgsvc, panda, ui]          # -c (default: the default components + those below)
 *         disable: [iam, panda.jedi]           # -d
 *         set: [global.site=CERN]              # --set, for every release
 *         argocd: {...}                        # every Application (see struct deploy_site_argocd)
 *         components:
 *           panda: {name: panda, values: [values/values-atlas_testbed.yaml], argocd: {...}}
 *
 * Every key is checked: an unknown one, an unknown component, a name helm or Argo CD would
 * refuse, a values file that does not exist or a name used twice is one error line naming the
 * file, the line and the key path (DEPLOY_ERR_CONFIG: exit 2). */
#ifndef DEPLOY_SITE_H
#define DEPLOY_SITE_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/config/components.h"
#include "hp/error.h"
#include "hp/util.h"

#define DEPLOY_SITE_FINALIZER "resources-finalizer.argocd.argoproj.io"

struct deploy_kv {
    char *key, *value;
};

struct deploy_kvlist {
    struct deploy_kv *v;
    size_t n;
};

/* One entry of an Application's spec.ignoreDifferences. */
struct deploy_site_ignore {
    char *group, *kind, *name, *namespace_; /* group "" is the core API group */
    struct hp_strlist json_pointers, jq_paths, managers;
};

/* One image the Argo CD Image Updater follows (annotations on the Application). */
struct deploy_site_image {
    char *alias;           /* "server" */
    char *image;           /* "ghcr.io/pandawms/panda-server:latest" */
    char *update_strategy; /* "digest", or NULL */
    char *helm_name;       /* <alias>.helm.image-name, e.g. "server.image.repository", or NULL */
    char *helm_tag;        /* <alias>.helm.image-tag, or NULL */
    char *allow_tags;      /* <alias>.allow-tags, or NULL */
};

/* Argo CD settings: on the site (every Application) or on one component (overrides). A NULL
 * string or a has_* false means "not set here". Lists replace, maps merge key by key. */
struct deploy_site_argocd {
    char *project, *server;
    char *sync;                       /* "auto" or "manual" */
    bool has_sync_options;
    struct hp_strlist sync_options;   /* syncPolicy.syncOptions */
    bool has_ignore;
    struct deploy_site_ignore *ignore;
    size_t n_ignore;
    struct deploy_kvlist annotations, labels;
    bool has_finalizers;
    struct hp_strlist finalizers;     /* default: [resources-finalizer.argocd.argoproj.io] */
    bool has_images;
    struct deploy_site_image *images; /* non-empty: annotations + a companion ImageUpdater */
    size_t n_images;
    /* Where and as what the Application and its ImageUpdater are written (adopting a site's own
     * files, docs/gitops-adopt.md); NULL: <release>.yaml, the release's name, the Applications'
     * namespace, <release>.image-updater.yaml (flat: <release>-image-updater.yaml). */
    char *file;
    char *updater_name, *updater_namespace, *updater_file;
};

struct deploy_site_component {
    char *component;
    char *deployment_name;     /* deploymentName: as the site's, or NULL: the site's */
    size_t line, name_line, values_line; /* where each was written, for messages */
    char *name;                /* release name = Application name, or NULL (the affix rule); not used with -a */
    bool has_values;
    struct hp_strlist values;  /* relative to the chart; replace values/values-<experiment>.yaml; not used with -e */
    char *chart, *version;     /* an oci:// chart and its version (deploy/config/chartsrc.h), or NULL */
    size_t chart_line, version_line;
    struct deploy_site_argocd argocd;
};

struct deploy_site {
    char *name;
    size_t line, enable_line, disable_line;
    char *experiment, *affix, *namespace_;
    bool has_enable;
    struct hp_strlist enable, disable, sets;
    struct deploy_site_component *components;
    size_t n_components;
    struct deploy_site_argocd argocd;
    /* site-wide only */
    char *app_name;         /* argocd.name: the parent Application */
    char *argocd_namespace; /* argocd.namespace: where the Applications live */
    char *repo, *revision;  /* argocd.repo / argocd.revision */
    char *allow_secrets;    /* argocd.allowSecrets: as --allow-secrets */
    /* deploymentName: the --set that names the deployment in every release: "on" (NULL, the
     * default: global.deploymentName=<release>), "off" (none) or another key (KEY=<release>) */
    char *deployment_name;
    /* The shape of the site's Application files (adopting hand-written ones): */
    bool no_parent;         /* argocd.parent: false: no app-of-apps Application */
    bool flat;              /* argocd.layout: flat: every file in DIR, none under apps/ */
    bool no_sync_wave;      /* argocd.syncWave: false: no argocd.argoproj.io/sync-wave annotation */
    struct hp_strlist take_over; /* argocd.takeOver: files of DIR without our header that gitops may replace */
    struct deploy_oci_defaults charts; /* charts: repository, version, plainHttp (deploy/config/oci.h) */
};

struct deploy_sites {
    char *file; /* the file they came from, for messages */
    struct deploy_site *v;
    size_t n;
};

/* Parses the `sites:` of a helm-panda.yaml text (also checks its top-level keys). `file` names
 * it in messages. Syntax only: names of components and files are checked by _check. */
int deploy_sites_parse(struct deploy_sites *s, const char *file, const unsigned char *data, size_t len,
                       struct hp_error *e);
/* Checks every site against the deployment: components exist, names are valid release and
 * Application names and unique within a site, values files exist (relative to the chart). */
int deploy_sites_check(const struct deploy_sites *s, const struct deploy_catalogue *c, const char *root,
                       struct hp_error *e);
/* Reads <root>/helm-panda.yaml (no file: no sites), parses and checks it. */
int deploy_sites_load(struct deploy_sites *s, const char *root, struct hp_error *e);
const struct deploy_site *deploy_sites_find(const struct deploy_sites *s, const char *name);
/* "a, b" for messages; owned. */
char *deploy_sites_names(const struct deploy_sites *s);
void deploy_sites_free(struct deploy_sites *s);

/* --site NAME: finds the deployment root as the plan does (-C, $PANDA_K8S_DIR, .), loads its
 * sites and picks NAME. An unknown name lists the known ones (DEPLOY_ERR_CONFIG). */
int deploy_site_select(const char *root_flag, const char *name, struct deploy_sites *sites,
                       const struct deploy_site **site, struct hp_error *e);
/* The namespace of a site's releases: helm's -n when it names one (HELM_NAMESPACE set and not
 * "default", helm's own fallback), else the site's namespace:, else helm_ns. */
const char *deploy_site_namespace(const struct deploy_site *site, const char *helm_ns);

const struct deploy_site_component *deploy_site_component_find(const struct deploy_site *s, const char *component);

/* The Argo CD settings of one component's Application: the component's own over the site's.
 * Strings and arrays are borrowed; annotations and labels are merged into `annotations` and
 * `labels` (owned by the caller's lists, freed with deploy_kvlist_free). */
struct deploy_site_argocd_view {
    const char *project, *server, *sync;
    const struct hp_strlist *sync_options;       /* NULL: none */
    const struct deploy_site_ignore *ignore;
    size_t n_ignore;
    const struct hp_strlist *finalizers;         /* NULL: the default finalizer */
    const struct deploy_site_image *images;
    size_t n_images;
    const char *file, *updater_name, *updater_namespace, *updater_file; /* NULL: the default */
    struct deploy_kvlist annotations, labels;
};
/* The key of the --set that names the deployment for one component ("global.deploymentName"
 * by default), or NULL when the site turns it off (deploymentName: off). */
const char *deploy_site_deployment_key(const struct deploy_site *s, const char *component);
void deploy_site_argocd_resolve(const struct deploy_site *s, const char *component,
                                struct deploy_site_argocd_view *out);
void deploy_kvlist_set(struct deploy_kvlist *l, const char *key, const char *value);
void deploy_kvlist_free(struct deploy_kvlist *l);

#endif
