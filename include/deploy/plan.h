/* The deployment plan: every release helm-panda will act on, with its chart, values files in
 * order, --set list, needs and depth in the DAG, and the exact helm argv. Built once from the
 * options and the deployment tree on disk; the runner executes it, `--dry-run` prints it, and
 * gitops turns the very same plan into Argo CD Applications (depth = sync wave).
 *
 * Data flows one way: options -> deploy_plan_build (reads the tree) -> deploy_plan_argv
 * (speaks the helm dialect of one action) -> runner -> report. */
#ifndef DEPLOY_PLAN_H
#define DEPLOY_PLAN_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "deploy/oci.h"
#include "hp/error.h"
#include "hp/util.h"
#include "secrets/decrypt.h"
#include "secrets/memfile.h"

struct deploy_site;
struct deploy_oci_package;

enum deploy_error_kind {
    DEPLOY_OK = 0,
    DEPLOY_ERR_ROOT = HP_ERR_BASE_DEPLOY,  /* no deployment root (a folder with helm/ and secrets/) */
    DEPLOY_ERR_COMPONENT,    /* unknown component or sub-component */
    DEPLOY_ERR_CHART,        /* a component's chart is missing */
    DEPLOY_ERR_CYCLE,        /* the needs form a cycle */
    DEPLOY_ERR_NAME,         /* a release name helm would refuse (the affix, most often) */
    DEPLOY_ERR_CONFIG,       /* the components file or a Chart.yaml/values.yaml is malformed */
    DEPLOY_ERR_HELM,         /* no helm, or its version cannot be read */
    DEPLOY_ERR_SECRETS,      /* a SOPS values file could not be decrypted */
    DEPLOY_ERR_INTERRUPTED,  /* Ctrl-C or SIGTERM while asking helm (its version): exit 130 */
    DEPLOY_ERR_PULL,         /* an OCI chart could not be pulled (registry, chart, version, login): exit 1 */
};

enum deploy_action {
    DEPLOY_INSTALL,   /* helm upgrade --install, dependencies first */
    DEPLOY_TEMPLATE,  /* helm template --debug, output in plan order */
    DEPLOY_UNINSTALL, /* helm uninstall, dependents first */
    DEPLOY_STATUS,    /* helm status -o json, one table */
    DEPLOY_ROLLBACK,  /* helm rollback NAME (to the revision before): --recover-pending (deploy/pending.h) */
    DEPLOY_DIFF,      /* helm diff upgrade --allow-unreleased (the helm-diff plugin), see deploy/diff.h */
};

struct deploy_diff_flags; /* deploy/diff.h */

/* What the command line asked for (flags of bin/install plus ours). Strings are borrowed. */
struct deploy_options {
    const char *root;        /* -C/--root; NULL: $PANDA_K8S_DIR, else the current directory */
    const char *affix;       /* -a/--affix; NULL: secrets/values.yaml `affix:`, else "test-" */
    const char *experiment;  /* -e/--experiment; NULL: none */
    struct hp_strlist enable;  /* -c a,b: only these components (empty: the defaults) */
    struct hp_strlist disable; /* -d x,y.z: drop x; keep y with --set z.enabled=false */
    struct hp_strlist sets;    /* --set K=V, added to every release after ours */
    const struct deploy_site *site; /* --site: defaults for all of the above (flags win), per-component
                                     * release names and values files (deploy/site.h); NULL: none */
    const char *helm;        /* helm to pull OCI charts with (deploy/oci.h); NULL: OCI charts are an error */
    bool oci_offline;        /* uninstall/status: OCI charts are named, never pulled (no values, no -d check) */
    struct deploy_oci_packages *oci_packages; /* packages shared by several plans of one run (the
                                               * caller frees them after the plans); NULL: the plan's own */
    struct secrets_keyring *keyring; /* identities for encrypted values files, loaded once on first need
                                      * and shared by the affix and the values (NULL: the SOPS places only) */
    bool experiment_required; /* commands that change a cluster: an experiment for which no selected
                               * component has a values file is an error (a typo would deploy the
                               * defaults), not a warning */
};

/* One release of the plan. Paths are as helm will be given them (root-joined). */
struct deploy_release {
    char *name;                /* release = instance name, e.g. "test-panda" */
    char *component;           /* "panda" */
    char *chart;               /* "<root>/helm/panda", or an oci:// reference (deploy/oci.h) */
    char *chart_version;       /* an OCI chart's --version, or NULL (a folder, or a digest) */
    bool chart_oci, plain_http;/* chart is an oci:// reference; pass helm --plain-http */
    const struct deploy_oci_package *package; /* the pulled OCI package (owned by the plan), or NULL */
    struct hp_strlist values_from; /* OCI charts: where each of `values` comes from (--dry-run) */
    struct hp_strlist values;  /* -f files in order: values.yaml, then values-<exp>.yaml */
    struct hp_strlist sops_values; /* those of `values` that are SOPS documents (decrypted at run time) */
    struct hp_strlist age_values;  /* those that are age files (decrypted at run time too) */
    struct hp_strlist sets;    /* --set K=V in order: global.deploymentName first */
    size_t *needs;             /* indices into plan->releases this release waits for */
    size_t n_needs;
    int depth;                 /* 0 without needs, else 1 + the deepest need: stage / sync wave */
    struct hp_strlist argv;    /* the helm argv for the plan's action (argv[0] = helm), once built */
    /* SOPS values files decrypted into memfiles (deploy/values.h): their /dev/fd/N replace the
     * file's path in argv; the runner keeps these descriptors open in this release's helm only. */
    struct memfile *secret_files;
    size_t n_secret_files;
};

struct deploy_plan {
    char *root;                     /* absolute deployment root */
    char *affix;                    /* the affix used */
    char *affix_source;             /* "-a", "<root>/secrets/values.yaml" or "default" */
    char *experiment;               /* or NULL */
    struct deploy_release *releases;/* topological order, ties in catalogue order */
    size_t n;
    int n_stages;                   /* 1 + the largest depth (0 for an empty plan) */
    struct hp_strlist external;     /* needed components that are disabled: provided elsewhere */
    bool site_values_off;           /* -e with --site: the site's per-component values: are not used */
    struct hp_strlist site_notes;   /* with --site: each site setting a flag replaced (--dry-run says so) */
    enum deploy_action action;      /* set by deploy_plan_argv */
    struct deploy_oci_packages own_packages; /* OCI charts pulled while planning (deploy/oci.h) */
    struct deploy_oci_packages *shared_packages; /* deploy_options.oci_packages, or NULL: own_packages */
};

/* Finds the root, reads the components, applies -c/-d/-e/-a and orders the releases.
 * Errors (exit 2 material, nothing run): no root, unknown component or sub-component,
 * missing chart, a cycle, a malformed components file. */
int deploy_plan_build(struct deploy_plan *plan, const struct deploy_options *opts, struct hp_error *e);

/* helm's own rule for release names (chartutil.ValidateReleaseName in helm 3.17 and 4.1): a
 * DNS-1123 subdomain, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, of at
 * most DEPLOY_RELEASE_NAME_MAX characters. Checked while planning, so a bad affix fails with one
 * line before any helm runs, not once per release inside helm. */
#define DEPLOY_RELEASE_NAME_MAX 53
#define DEPLOY_RELEASE_NAME_RULE                                                                      \
    "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 53 " \
    "characters"
bool deploy_release_name_valid(const char *name);
/* Instance name rule of bin/install: affix + component when the affix ends with '-', else
 * component + affix. Returns an owned string. */
char *deploy_instance_name(const char *affix, const char *component);

/* How one helm call is shaped; see deploy/helmver.h for the dialect. */
struct deploy_helm_args {
    const char *helm;        /* argv[0] */
    int helm_major;          /* 3 or 4; 0 (unknown) for template and status, whose argv is the same for both */
    enum deploy_action action;
    bool wait;               /* install: --wait (helm 3) / --wait=watcher (helm 4) */
    const char *timeout;     /* install/uninstall: --timeout VALUE, or NULL */
    bool atomic;             /* install: --atomic (helm 3) / --rollback-on-failure (helm 4) */
    bool debug;              /* --debug on every call (always on for template, as bin/install -t) */
    const char *namespace_;  /* -n/--namespace for every call, or NULL */
    const char *kube_context;/* --kube-context, or NULL */
    const struct hp_strlist *passthrough; /* everything after "--", appended to every call */
    const struct deploy_diff_flags *diff; /* DEPLOY_DIFF: helm-diff's own flags, or NULL */
};

/* Fills every release's argv for one action. Values paths may be replaced later by
 * /dev/fd/N for SOPS files (deploy/values.h). */
void deploy_plan_argv(struct deploy_plan *plan, const struct deploy_helm_args *h);
/* One release's argv for h's action, into argv (emptied first). */
void deploy_release_argv(const struct deploy_release *r, const struct deploy_helm_args *h, struct hp_strlist *argv);

/* The plan as stages and exact argv, for --dry-run. */
void deploy_plan_print(const struct deploy_plan *plan, FILE *out);
/* cJSON object (returned as cJSON*; void* keeps cJSON out of this header). */
void *deploy_plan_to_json(const struct deploy_plan *plan);

void deploy_plan_free(struct deploy_plan *plan);

#endif
