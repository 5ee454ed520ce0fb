/* Releases an interrupted helm left locked. helm marks a release pending-install,
 * pending-upgrade or pending-rollback while it works on it; a helm killed meanwhile (Ctrl-C
 * escalated to SIGKILL, a lost connection, a cancelled CI job) leaves the mark, and every later
 * `helm upgrade` of that release fails with "another operation (install/upgrade/rollback) is in
 * progress". `helm panda install` then names every stuck release and the way out, and with
 * --recover-pending unlocks them before installing: a pending-install release has nothing to go
 * back to and is uninstalled; a pending-upgrade or pending-rollback one is rolled back to the
 * revision before (helm's default), which makes it deployed again. */
#ifndef DEPLOY_PENDING_H
#define DEPLOY_PENDING_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/plan/plan.h"
#include "deploy/run/runner.h"
#include "hp/error.h"

/* helm's words (helm 3 and 4) for an upgrade of a release locked by a pending operation */
#define DEPLOY_PENDING_HELM_ERROR "another operation (install/upgrade/rollback) is in progress"

struct deploy_stuck {
    size_t release; /* index into plan->releases */
    char *status;   /* "pending-install", "pending-upgrade" or "pending-rollback" */
    char *updated;  /* the pending revision's info.last_deployed (when helm began it), or NULL */
    int revision;   /* the pending revision, 0 when unknown */
};

/* --recover-pending leaves alone a release whose pending revision began less than
 * max(--timeout, this) ago: another helm (an operator, a CI job) may still be working on it. */
#define DEPLOY_PENDING_RECENT_S (15 * 60)

bool deploy_status_is_pending(const char *status);
/* The job failed because its release is locked (helm's error above in its stderr). */
bool deploy_job_locked(const struct runner_job *j);
/* Asks `helm status` of every release (in parallel, at most `parallel` at once) and returns the
 * pending ones in *out (count in *n; free with deploy_stuck_free). Returns a runner_result
 * (RUNNER_INTERRUPTED on Ctrl-C) or -1 with e. A release whose status cannot be read is not
 * counted as stuck. */
int deploy_pending_find(const struct deploy_plan *plan, const struct deploy_helm_args *h, int parallel,
                        struct deploy_stuck **out, size_t *n, struct hp_error *e);
/* "test-panda (pending-upgrade), test-iam (pending-install)"; owned string */
char *deploy_pending_names(const struct deploy_plan *plan, const struct deploy_stuck *s, size_t n);
/* The argv that unlocks one stuck release: helm uninstall (pending-install) or helm rollback,
 * in h's dialect (namespace, context, --wait, --timeout). */
void deploy_pending_recovery_argv(const struct deploy_plan *plan, const struct deploy_stuck *s,
                                  const struct deploy_helm_args *h, struct hp_strlist *argv);
void deploy_stuck_free(struct deploy_stuck *s, size_t n);

/* A Go duration as helm's --timeout takes it ("10m", "1h30m", "90s", "1.5h", "300ms"): 0 and the
 * seconds in *out, or -1 when it is not one. */
int deploy_duration_seconds(const char *s, double *out);
/* helm's RFC 3339 time ("2026-12-07T00:12:37.523197823Z", "...+01:00"): 0 and the Unix time in
 * *out, or -1. */
int deploy_time_parse(const char *s, double *out);
/* The stuck releases that may still be worked on: those whose pending revision began less than
 * recent_s seconds before now, or at a time helm does not tell. Their indexes into s go to
 * out (room for n); returns their count. */
size_t deploy_pending_recent(const struct deploy_stuck *s, size_t n, double now, double recent_s, size_t *out);
/* Now, as the Unix time deploy_time_parse gives (with its fraction). */
double deploy_pending_now(void);
/* "pending-upgrade since 2026-12-07T00:40:01Z (revision 4, 1m20s ago)" into buf, ages as of now. */
void deploy_stuck_describe(const struct deploy_stuck *x, double now, char *buf, size_t size);

/* install --recover-pending: finds the stuck releases and unlocks them (the argv above, run in
 * parallel, progress and failures reported on stderr) before the install. Unless recent_too, a
 * release pending for less than max(h->timeout, DEPLOY_PENDING_RECENT_S) is refused: one line
 * each (name, state, since when, revision), nothing recovered, HP_EXIT_FAIL. Returns an exit
 * status: HP_EXIT_OK lets the install go on. */
int deploy_pending_recover(const struct deploy_plan *plan, const struct deploy_helm_args *h, int parallel, bool quiet,
                           bool recent_too);
/* After a failed install or apply upgrade (n jobs; index[k]: job k's release in plan->releases,
 * NULL: the jobs are parallel to plan->releases): for every release helm reported busy ("another
 * operation ... is in progress": another run at work, or a helm killed mid-operation), one line
 * on stderr naming it, its state, since when and its revision (helm status), that nothing
 * further was started, and the way out when no helm is at work (--recover-pending). */
void deploy_pending_explain(const struct deploy_plan *plan, const struct deploy_helm_args *h,
                            const struct runner_job *jobs, size_t n, const size_t *index, int parallel);

#endif
