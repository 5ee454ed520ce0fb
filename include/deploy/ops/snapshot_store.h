/* Where snapshots (deploy/ops/snapshot.h) live: in helm itself. One release per deployment,
 * "<affix>panda-snapshots" (the instance name of a component "panda-snapshots") in the
 * deployment's namespace, of a generated chart with no templates: its values are the record,
 * {"snapshots": [...]}. helm's storage (its Secrets), RBAC and --history-max apply: each
 * snapshot is one upgrade of that release, and the record keeps no more snapshots than helm
 * keeps revisions ($HELM_MAX_HISTORY, else helm's default 10), so it names no revision helm has
 * surely pruned. Reading it is one `helm get values`. */
#ifndef DEPLOY_SNAPSHOT_STORE_H
#define DEPLOY_SNAPSHOT_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/ops/snapshot.h"
#include "deploy/ops/snapshot_lock.h" /* DEPLOY_SNAP_FINISH_S */
#include "deploy/ops/snapshot_write.h" /* DEPLOY_SNAP_COMPONENT */
#include "deploy/plan/plan.h"
#include "hp/error.h"
#include "secrets/decrypt.h"

struct runner_job;

#define DEPLOY_SNAP_HISTORY_DEFAULT 10

/* Which deployment, through which helm. */
struct deploy_snap_where {
    const char *helm;
    int helm_major;
    const char *namespace_, *kube_context;
    const char *affix; /* names the snapshot release */
};

/* The affix that names a deployment's snapshot release, for history and rollback (which need
 * no tree): -a (affix_flag), else the `affix:` of <root>/secrets/values.yaml (root_flag as -C,
 * else where install finds it), else "test-", as install decides. Owned in *out. */
int deploy_snapshot_affix(const char *root_flag, const char *affix_flag, struct secrets_keyring *kr, char **out,
                          struct hp_error *e);
/* "<affix>panda-snapshots" (owned). */
char *deploy_snapshot_store_name(const char *affix);
/* $HELM_MAX_HISTORY when it is a positive number, else DEPLOY_SNAP_HISTORY_DEFAULT. */
size_t deploy_snapshot_history_max(void);

/* The record (empty when the release does not exist yet). -1 with e: helm did not answer
 * (HP_ERR_GENERIC: exit 1), a signal (DEPLOY_ERR_INTERRUPTED), a record that is not ours
 * (DEPLOY_ERR_SNAPSHOT). */
int deploy_snapshots_read(const struct deploy_snap_where *w, struct deploy_snapshots *out, struct hp_error *e);

/* This run's releases as a snapshot's entries (n = plan->n, in plan order): stage = depth,
 * the OCI manifest digest, the digest of the values helm was given; revisions not yet known. */
struct deploy_snap_release *deploy_snapshot_plan_releases(const struct deploy_plan *plan);
void deploy_snap_releases_free(struct deploy_snap_release *r, size_t n);

/* After a successful run: one new snapshot of the whole deployment. Its releases are this
 * run's (`run`, n of them) and those of the last snapshot, and the secrets release, each as helm
 * lists it now (revision, chart, app version); a release helm no longer lists is left out. Only
 * the run's entries carry a values digest unless a release's revision is the one the last
 * snapshot recorded. The record is then written back (capped at
 * deploy_snapshot_history_max). -1 with e when nothing could be recorded. */
int deploy_snapshot_record(const struct deploy_snap_where *w, const char *command, const struct deploy_snap_release *run,
                           size_t n, struct hp_error *e);
/* The same, reported: on failure one warning line ("no snapshot recorded: ..."); the run it
 * follows has succeeded, so its exit status does not change. Says "snapshot N recorded" on
 * stderr unless quiet. Returns 0, or the exit status of a signal (hp_interrupt_exit_code): one
 * that came during the write, which is let finish (one warning says so; a second signal or
 * DEPLOY_SNAP_FINISH_S kills it, and then nothing of the run is recorded as good), or one that
 * came before it (nothing written). */
int deploy_snapshot_record_or_warn(const struct deploy_snap_where *w, const char *command,
                                   const struct deploy_snap_release *run, size_t n, bool quiet);

/* `helm panda uninstall` of every component (no -c, no -d): the snapshot release goes too, as
 * the plan's last job (plan.last_name: `helm uninstall NAME --ignore-not-found`, needing every
 * release), so an uninstalled deployment leaves no release behind (a rollback cannot bring back
 * uninstalled releases anyway). Being a job of the run, it is shown by --dry-run and the summary
 * and stopped by a signal like the others. Call after deploy_plan_argv. */
void deploy_snapshot_forget_plan(struct deploy_plan *plan, const struct deploy_helm_args *h);
/* After the run: "NAME uninstalled: the deployment's snapshots ... went with it" on stderr when
 * the last job removed a snapshot release that was there (absent: it was not). */
void deploy_snapshot_forget_said(const struct runner_job *job, bool absent, bool quiet);

/* The hook of install, upgrade and apply after a run in which every release succeeded:
 * deploy_snapshot_record_or_warn of the plan's releases, in h's namespace and context, named by
 * the plan's affix. Returns as deploy_snapshot_record_or_warn. */
int deploy_snapshot_after_run(const struct deploy_plan *plan, const struct deploy_helm_args *h, const char *command,
                              bool quiet);

/* The hook of `secrets install|upgrade` after helm succeeded: a snapshot with the secrets
 * release (DEPLOY_SNAP_STAGE_SECRETS) and the deployment's other releases as helm lists them.
 * helm's dialect is asked here (helm list), the affix found as history does (root_flag: -C).
 * The values digest of the secrets release is not recorded: its decrypted values were handed
 * to helm and closed. Returns as deploy_snapshot_record_or_warn. */
int deploy_snapshot_after_secrets(const char *helm, const char *release, const char *namespace_,
                                  const char *kube_context, const char *root_flag, struct secrets_keyring *kr,
                                  bool quiet);

#endif
