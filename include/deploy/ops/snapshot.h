/* Snapshots of a whole deployment: after every successful install, upgrade, apply, secrets
 * upgrade (and rollback), every release of the deployment with its revision, so that
 * `helm panda rollback` can bring them all back to a state that worked together. This file is
 * the data and its JSON; deploy/ops/snapshot_store.h keeps them in helm.
 *
 * The JSON is read back from a helm release that anyone with RBAC on the namespace can write:
 * deploy_snapshots_parse treats it as untrusted (fuzzed: tests/fuzz/fuzz_deploy_snapshot.c). */
#ifndef DEPLOY_SNAPSHOT_H
#define DEPLOY_SNAPSHOT_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/error.h"

/* Bounds of what is read back: far above a real deployment (tens of releases, helm's default
 * --history-max 10), low enough that a hostile record costs nothing. */
#define DEPLOY_SNAP_MAX_SNAPSHOTS 1000
#define DEPLOY_SNAP_MAX_RELEASES 500
#define DEPLOY_SNAP_MAX_STRING 512
#define DEPLOY_SNAP_MAX_STAGE 1000
/* The secrets release goes first in an install and back last in a rollback. */
#define DEPLOY_SNAP_STAGE_SECRETS (-1)

struct deploy_snap_release {
    char *name;          /* the release */
    int revision;        /* helm's revision of it in this snapshot */
    int stage;           /* install order: 0 without needs, else 1 + its deepest need's;
                          * DEPLOY_SNAP_STAGE_SECRETS for the secrets release */
    char *chart;         /* as helm lists it: "panda-0.1.0", or NULL */
    char *app_version;   /* or NULL */
    char *oci_digest;    /* the OCI manifest digest of the package installed, or NULL */
    char *values_digest; /* "sha256:..." of the values helm was given (files in order, then the
                          * --set list), or NULL when not known */
};

struct deploy_snapshot {
    int id;               /* 1, 2, ...: never reused while the record lasts */
    char *time;           /* UTC, RFC 3339 */
    char *by;             /* $USER@host */
    char *kube_context;   /* or NULL (helm's current context) */
    char *plugin_version;
    char *command;        /* "install", "apply", "secrets upgrade", "rollback to 2" */
    struct deploy_snap_release *r;
    size_t n;
};

struct deploy_snapshots {
    struct deploy_snapshot *v; /* oldest first */
    size_t n;
};

/* {"snapshots": [...]} as stored (helm's values of the snapshot release). Untrusted: any
 * shape that is not ours (a missing or mistyped field, a release name helm would refuse, a
 * string with control characters or over DEPLOY_SNAP_MAX_STRING, a revision < 1, two snapshots
 * with one id, ids not increasing, a release twice in one snapshot, past the bounds) is refused
 * in one line naming the snapshot (by position) and the field, -1 with e (DEPLOY_ERR_SNAPSHOT). */
int deploy_snapshots_parse(const char *json, size_t len, struct deploy_snapshots *out, struct hp_error *e);
/* The record as stored, a cJSON* ({"snapshots": [...]}); void* keeps cJSON out of the header. */
void *deploy_snapshots_to_json(const struct deploy_snapshots *s);
/* One snapshot as `history -o json` prints it. */
void *deploy_snapshot_to_json(const struct deploy_snapshot *s);

/* The snapshot with this id, or NULL. */
const struct deploy_snapshot *deploy_snapshots_find(const struct deploy_snapshots *s, int id);
/* The release of this name in snap, or NULL. */
const struct deploy_snap_release *deploy_snapshot_release(const struct deploy_snapshot *snap, const char *name);
/* Appends snap (taken: its strings are the record's now) and drops the oldest past max (>= 1). */
void deploy_snapshots_push(struct deploy_snapshots *s, struct deploy_snapshot *snap, size_t max);
void deploy_snap_release_copy(struct deploy_snap_release *dst, const struct deploy_snap_release *src);
void deploy_snapshot_free(struct deploy_snapshot *s);
void deploy_snapshots_free(struct deploy_snapshots *s);

#endif
