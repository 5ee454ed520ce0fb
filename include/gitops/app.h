/* One Argo CD Application (argoproj.io/v1alpha1) as a YAML document. The writer emits keys in
 * one fixed order and quotes every string a YAML 1.1 or 1.2 reader would take for something
 * else (0, false, on, null, ...), so the output is byte-identical on re-runs and each value
 * reaches Kubernetes as the string it is. */
#ifndef GITOPS_APP_H
#define GITOPS_APP_H

#include <stdbool.h>

#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"

/* Where the Applications go and how they sync: the same for every Application of one run. */
struct gitops_settings {
    const char *repo_url;         /* spec.source.repoURL */
    const char *revision;         /* spec.source.targetRevision */
    const char *project;          /* spec.project ("default") */
    const char *argocd_namespace; /* metadata.namespace of every Application ("argocd") */
    const char *server;           /* spec.destination.server ("https://kubernetes.default.svc") */
    bool sync_auto;               /* syncPolicy.automated (prune, selfHeal) when true */
};

/* One entry of spec.ignoreDifferences. */
struct gitops_ignore {
    const char *group, *kind, *name, *namespace_; /* NULL: not written (group "" is written) */
    const struct hp_strlist *json_pointers, *jq_paths, *managers;
};

struct gitops_app {
    const char *name;      /* metadata.name */
    const char *path;      /* spec.source.path, relative to the repository root */
    const char *namespace_; /* spec.destination.namespace */
    /* Helm source (children). release == NULL makes a plain directory source (the parent). */
    const char *release;               /* helm.releaseName */
    const struct hp_strlist *value_files; /* helm.valueFiles, relative to path, in order */
    const struct hp_strlist *params;      /* helm.parameters, each "name=value" as for --set */
    int wave;                          /* argocd.argoproj.io/sync-wave; negative = no annotation */
    /* An OCI chart (deploy/config/oci.h): spec.sources = [the Helm OCI source (repoURL without oci://,
     * chart, targetRevision = version, helm), the site repository as `ref: values`] instead of
     * spec.source; value_files then hold "$values/<path>" (site tree) or package paths. */
    const char *oci_repo, *oci_chart, *oci_version;
    /* A site's settings (deploy/config/site.h), all optional: */
    const struct hp_strlist *labels;       /* metadata.labels: key, value, key, value, ... */
    const struct hp_strlist *annotations;  /* metadata.annotations after the sync wave: key, value, ... */
    const struct hp_strlist *finalizers;   /* metadata.finalizers */
    const struct hp_strlist *sync_options; /* spec.syncPolicy.syncOptions */
    const struct gitops_ignore *ignore;    /* spec.ignoreDifferences */
    size_t n_ignore;
};

/* Appends the Application as one YAML document (no "---") to out. Fails only on a parameter
 * without '=' or a string libyaml cannot emit (invalid UTF-8). */
int gitops_app_write(const struct gitops_app *app, const struct gitops_settings *s, struct hp_buf *out,
                     struct hp_error *e);

/* The Argo CD Image Updater resource (argocd-image-updater.argoproj.io/v1alpha1 ImageUpdater)
 * named `name` in `argocd_namespace` that makes the updater follow the Application `app` by
 * the image annotations on it. One YAML document appended to out. */
int gitops_image_updater_write(const char *name, const char *argocd_namespace, const char *app, struct hp_buf *out,
                               struct hp_error *e);

/* Whether a plain scalar `s` would be read back as anything but that string (null, bool,
 * number, merge key) by a YAML 1.1 or 1.2 reader: such strings must be quoted. */
bool gitops_scalar_needs_quotes(const char *s);

#endif
