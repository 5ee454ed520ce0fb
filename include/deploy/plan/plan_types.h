/* The plan's data: what the command line asked for (deploy_options), the releases and the plan.
 * A header of its own with no functions, so the files that fill a plan (plan.c, plan_oci.c,
 * values.c) and plan.c, which calls them, do not include each other; the functions are
 * deploy/plan/plan.h. */
#ifndef DEPLOY_PLAN_TYPES_H
#define DEPLOY_PLAN_TYPES_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/plan/oci_package.h"
#include "hp/util.h"
#include "secrets/decrypt.h"
#include "secrets/memfile.h"

struct deploy_site;
struct deploy_oci_package;

enum deploy_action {
    DEPLOY_INSTALL,   /* helm upgrade --install, dependencies first */
    DEPLOY_TEMPLATE,  /* helm template --debug, output in plan order */
    DEPLOY_UNINSTALL, /* helm uninstall, dependents first */
    DEPLOY_STATUS,    /* helm status -o json, one table */
    DEPLOY_ROLLBACK,  /* helm rollback NAME (to the revision before): --recover-pending (deploy/ops/pending.h) */
    DEPLOY_DIFF,      /* helm diff upgrade --allow-unreleased (the helm-diff plugin), see deploy/ops/diff.h */
};

/* What the command line asked for (flags of bin/install plus ours). Strings are borrowed. */
struct deploy_options {
    const char *root;        /* -C/--root; NULL: $PANDA_K8S_DIR, else the current directory */
    const char *affix;       /* -a/--affix; NULL: secrets/values.yaml `affix:`, else "test-" */
    const char *experiment;  /* -e/--experiment; NULL: none */
    struct hp_strlist enable;  /* -c a,b: only these components (empty: the defaults) */
    struct hp_strlist disable; /* -d x,y.z: drop x; keep y with --set z.enabled=false */
    struct hp_strlist sets;    /* --set K=V, added to every release after ours */
    const struct deploy_site *site; /* --site: defaults for all of the above (flags win), per-component
                                     * release names and values files (deploy/config/site.h); NULL: none */
    const char *helm;        /* helm to pull OCI charts with (deploy/plan/oci_package.h); NULL: OCI is an error */
    bool oci_offline;        /* uninstall/status: OCI charts are named, never pulled (no values, no -d check) */
    struct deploy_oci_packages *oci_packages; /* packages shared by several plans of one run (the
                                               * caller frees them after the plans); NULL: the plan's own */
    struct secrets_keyring *keyring; /* identities for encrypted values files, loaded once on first need
                                      * and shared by the affix and the values (NULL: the SOPS places only) */
    bool affix_in_clear;     /* commands that only name releases: a SOPS secrets/values.yaml's affix kept
                              * in clear is read without a key (no MAC check: deploy_affix_read_clear) */
    bool experiment_required; /* commands that change a cluster: an experiment for which no selected
                               * component has a values file is an error (a typo would deploy the
                               * defaults), not a warning */
};

/* One release of the plan. Paths are as helm will be given them (root-joined). */
struct deploy_release {
    char *name;                /* release = instance name, e.g. "test-panda" */
    char *component;           /* "panda" */
    char *chart;               /* "<root>/helm/panda", or an oci:// reference (deploy/config/oci.h) */
    char *chart_version;       /* an OCI chart's --version, or NULL (a folder, or a digest) */
    bool chart_oci, plain_http;/* chart is an oci:// reference; pass helm --plain-http */
    const struct deploy_oci_package *package; /* the pulled OCI package (owned by the plan), or NULL */
    struct hp_strlist values_from; /* OCI charts: where each of `values` comes from (--dry-run) */
    struct hp_strlist values;  /* -f files in order: values.yaml, then values-<exp>.yaml */
    struct hp_strlist sops_values; /* those of `values` that are SOPS documents (decrypted at run time) */
    struct hp_strlist age_values;  /* those that are age files (decrypted at run time too) */
    struct hp_strlist sets;    /* --set K=V in order: global.deploymentName (a site's deploymentName) first */
    size_t *needs;             /* indices into plan->releases this release waits for */
    size_t n_needs;
    int depth;                 /* 0 without needs, else 1 + the deepest need: stage / sync wave */
    struct hp_strlist argv;    /* the helm argv for the plan's action (argv[0] = helm), once built */
    /* One memfile per entry of `values`, made by the first deploy_values_prepare of a run and
     * kept until the plan is freed (fd -1: a plain file helm reads itself): each encrypted file
     * is decrypted once per run, so apply's upgrade gets the bytes its diff compared. */
    struct memfile *values_mf;
    /* The descriptors one runner run hands to this release's helm (deploy/plan/values.h): copies
     * of values_mf and of the OCI package's memfile, whose /dev/fd/N replace the paths in argv;
     * the runner keeps them open in this release's helm only and closes them after. */
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
    struct deploy_oci_packages own_packages; /* OCI charts pulled while planning (deploy/plan/oci_package.h) */
    struct deploy_oci_packages *shared_packages; /* deploy_options.oci_packages, or NULL: own_packages */
    /* One helm call run after every release, only once all of them succeeded (uninstall of the
     * whole deployment: the snapshot release, deploy/ops/snapshot_store.h): a job of the run like
     * the others (interrupted, reported, shown by --dry-run). last_name NULL: none. */
    char *last_name;
    const char *last_label;         /* its COMPONENT column (static) */
    struct hp_strlist last_argv;
};

#endif
