/* `helm panda rollback [SNAPSHOT]`: every release of the deployment back to its revision in a
 * snapshot (deploy/ops/snapshot.h; default the last), stage by stage in reverse install order
 * (dependents first, as uninstall goes; the secrets release last), each `helm rollback NAME REV`
 * with --wait, fail-fast, through the runner (signals and busy releases as for install).
 *
 * Nothing is rolled back when a revision the snapshot names is one helm has pruned (named, with
 * the release), or a release of the snapshot is not installed any more. Releases installed since
 * the snapshot (in the last snapshot, not in this one) are left alone unless prune: then they
 * are uninstalled first. A release already at its revision and deployed is left as it is. */
#ifndef DEPLOY_ROLLBACK_H
#define DEPLOY_ROLLBACK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "deploy/ops/snapshot.h"
#include "deploy/ops/snapshot_store.h"
#include "hp/error.h"
#include "hp/util.h"

enum deploy_rb_kind {
    DEPLOY_RB_ROLLBACK,  /* helm rollback NAME REV */
    DEPLOY_RB_UNCHANGED, /* at its revision already: nothing to do */
    DEPLOY_RB_PRUNE,     /* added since: helm uninstall (--prune) */
    DEPLOY_RB_KEEP,      /* added since: left alone (no --prune) */
};

struct deploy_rb_step {
    enum deploy_rb_kind kind;
    const char *name;  /* borrowed from the record */
    int from, to;      /* the current revision, and the snapshot's (ROLLBACK, UNCHANGED) */
    int stage;
    const char *pending; /* "pending-upgrade", ...: helm lists the release mid-operation (static), or NULL */
    struct hp_strlist argv; /* ROLLBACK, PRUNE: helm's argv */
};

struct deploy_rb_opts {
    const struct deploy_snap_where *w;
    int snapshot;        /* its id; 0: the last */
    bool prune, wait, quiet, json;
    const char *timeout; /* helm --timeout per release, or NULL */
    bool debug;          /* --debug on every helm call */
};

/* What a rollback will do: the record read, the snapshot chosen, the releases' revisions
 * checked against helm (list and history). Steps in the order they run: prunes, then the
 * rollbacks by stage from the highest down, then the rest. -1 with e (nothing run): no record,
 * no such snapshot, a pruned revision, a release gone, helm not answering. */
struct deploy_rb_plan {
    struct deploy_snapshots rec;
    const struct deploy_snapshot *snap; /* into rec */
    struct deploy_rb_step *steps;
    size_t n;
};
int deploy_rollback_plan(struct deploy_rb_plan *p, const struct deploy_rb_opts *o, struct hp_error *e);
/* --dry-run: the plan as text (stdout), or as JSON (cJSON*, void* keeps cJSON out). */
void deploy_rollback_print(const struct deploy_rb_plan *p, FILE *out);
void *deploy_rollback_json(const struct deploy_rb_plan *p);
/* Runs the steps (the report on stderr, or JSON on stdout), then records a snapshot of the
 * result. Returns the exit status, or -1 with e when the run could not be set up. */
int deploy_rollback_run(struct deploy_rb_plan *p, const struct deploy_rb_opts *o, int parallel, struct hp_error *e);
void deploy_rollback_plan_free(struct deploy_rb_plan *p);

/* helm history's JSON (untrusted: any shape is taken as "no such revision"): true when it lists
 * revision rev. */
bool deploy_history_has_revision(const char *json, size_t len, int rev);

#endif
