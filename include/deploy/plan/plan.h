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

#include "deploy/config/errors.h"
#include "deploy/config/names.h"
#include "deploy/plan/plan_types.h"
#include "hp/error.h"
#include "hp/util.h"

/* Finds the root, reads the components, applies -c/-d/-e/-a and orders the releases.
 * Errors (exit 2 material, nothing run): no root, unknown component or sub-component,
 * missing chart, a cycle, a malformed components file. */
int deploy_plan_build(struct deploy_plan *plan, const struct deploy_options *opts, struct hp_error *e);

/* How helm-diff is asked (appended to `helm diff upgrade --allow-unreleased NAME CHART ...`):
 * always `--output diff` (the format deploy_diff_parse reads) and --color or --no-color. */
struct deploy_diff_flags {
    bool show_secrets;        /* --show-secrets: Secret data in clear (masked by default) */
    bool normalize;           /* --normalize-manifests */
    bool three_way_merge;     /* --three-way-merge */
    int context;              /* --context N; < 0: helm-diff's default */
    bool colour;              /* --color (our stdout is a terminal); else --no-color */
    bool disable_validation;  /* --disable-validation (see deploy_diff_needs_disable_validation) */
};
void deploy_diff_flags_argv(struct hp_strlist *a, const struct deploy_diff_flags *f);

/* How one helm call is shaped; see deploy/run/helmver.h for the dialect. */
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
 * /dev/fd/N for SOPS files (deploy/plan/values.h). */
void deploy_plan_argv(struct deploy_plan *plan, const struct deploy_helm_args *h);
/* One release's argv for h's action, into argv (emptied first). */
void deploy_release_argv(const struct deploy_release *r, const struct deploy_helm_args *h, struct hp_strlist *argv);

/* Puts path (the package's /dev/fd/N) where the OCI package's placeholder is in r's argv. */
void deploy_release_swap_chart(struct deploy_release *r, const char *path);

/* The plan as stages and exact argv, for --dry-run. */
void deploy_plan_print(const struct deploy_plan *plan, FILE *out);
/* One line per pulled OCI chart package of the plan, for a run's summary: "chart REF version V:
 * FILE sha256:HEX (manifest sha256:HEX)". */
void deploy_plan_print_packages(const struct deploy_plan *plan, FILE *out);
/* The release's package as {file, sha256, manifestDigest} (cJSON*), or NULL without one. */
void *deploy_release_package_json(const struct deploy_release *r);
/* cJSON object (returned as cJSON*; void* keeps cJSON out of this header). */
void *deploy_plan_to_json(const struct deploy_plan *plan);

void deploy_plan_free(struct deploy_plan *plan);

#endif
