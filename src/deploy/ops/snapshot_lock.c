/* A locked snapshot release (see include/deploy/ops/snapshot_lock.h). */
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploy/config/errors.h"
#include "deploy/ops/pending.h"
#include "deploy/ops/snapshot_lock.h"
#include "deploy/ops/status.h"
#include "deploy/run/helmwhere.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "hp/interrupt.h"
#include "hp/util.h"

/* helm VERB NAME, then --namespace/--kube-context */
static void lock_argv(struct hp_strlist *a, const struct deploy_snap_lock *w, const char *verb)
{
    hp_strlist_push(a, w->helm);
    hp_strlist_push(a, verb);
    hp_strlist_push(a, w->name);
    deploy_helm_where_argv(a, w->namespace_, w->kube_context);
}

/* `helm status NAME -o json`: the latest revision, whatever its state. */
static int read_status(const struct deploy_snap_lock *w, struct deploy_status *st, struct hp_error *e)
{
    const char *name = w->name;
    struct hp_strlist a = {0};
    lock_argv(&a, w, "status");
    hp_strlist_push(&a, "--output");
    hp_strlist_push(&a, "json");
    struct hp_buf o = {0}, err = {0};
    int rc = runner_capture(hp_strlist_argv(&a), &o, &err, e);
    int res = 0;
    memset(st, 0, sizeof *st);
    if (rc == RUNNER_CAPTURE_INTERRUPTED) {
        res = hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "helm status %s: interrupted", name);
    } else if (rc < 0) {
        res = -1;
    } else if (rc != 0) {
        char line[200] = "";
        struct runner_job j = {.err = err};
        report_error_line(&j, line, sizeof line);
        res = hp_error_set(e, HP_ERR_GENERIC, "%s is locked and helm status %s failed: %s", name, name,
                           line[0] ? line : "no message");
    } else if (deploy_status_parse(o.len ? hp_buf_cstr(&o) : "", o.len, st, e) < 0) {
        hp_error_prefix(e, "helm status %s", name);
        res = -1;
    }
    hp_buf_free(&o);
    hp_buf_free(&err);
    hp_strlist_free(&a);
    return res;
}

/* helm rollback NAME (to the revision before) or, for a pending-install, helm uninstall NAME.
 * A signal meanwhile does not cut it (a second does, or DEPLOY_SNAP_FINISH_S): a helm rollback
 * stopped mid-way leaves the release pending-rollback, locked again for the next runs' 15
 * minutes. 0: unlocked; UNLOCKED_INTERRUPTED: unlocked, and a signal came meanwhile; -1: e. */
#define UNLOCKED_INTERRUPTED 1
static int unlock(const struct deploy_snap_lock *w, bool install, struct hp_error *e)
{
    const char *name = w->name;
    struct hp_strlist a = {0};
    lock_argv(&a, w, install ? "uninstall" : "rollback");
    struct runner_job job = {.name = name, .argv = hp_strlist_argv(&a)};
    char finishing[160];
    snprintf(finishing, sizeof finishing, "finishing the unlock of %s (helm %s, a second or so)", name, a.v[1]);
    struct runner_opts ro = {.parallel = 1, .kill_after = DEPLOY_SNAP_FINISH_S, .finish_on_signal = finishing};
    int res = runner_run(&job, 1, &ro, e);
    int rc = res < 0 ? -1 : 0;
    if (res == RUNNER_INTERRUPTED && job.state == RUNNER_OK) {
        rc = UNLOCKED_INTERRUPTED;
    } else if (res == RUNNER_INTERRUPTED) {
        rc = hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "interrupted while unlocking %s", name);
    } else if (res != RUNNER_ALL_OK && res >= 0) {
        char line[200] = "";
        report_error_line(&job, line, sizeof line);
        rc = hp_error_set(e, HP_ERR_GENERIC, "%s is locked and helm %s %s failed: %s", name, a.v[1], name,
                          line[0] ? line : "no message");
    }
    runner_jobs_free(&job, 1);
    hp_strlist_free(&a);
    return rc;
}

/* Sleeps one second unless a signal comes first (the interrupt self-pipe wakes the poll); -1
 * when one came. SIGCHLD wake-ups from helms this process ran before are drained and slept on. */
static int sleep_a_second(void)
{
    struct timespec t0, t;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    for (;;) {
        if (hp_interrupt_signal())
            return -1;
        clock_gettime(CLOCK_MONOTONIC, &t);
        long ms = 1000 - ((t.tv_sec - t0.tv_sec) * 1000 + (t.tv_nsec - t0.tv_nsec) / 1000000);
        if (ms <= 0)
            return 0;
        struct pollfd p = {.fd = hp_interrupt_fd(), .events = POLLIN};
        if (poll(&p, p.fd >= 0 ? 1 : 0, (int)ms) > 0)
            hp_interrupt_drain();
    }
}

int deploy_snapshot_unlock(const struct deploy_snap_lock *w, struct hp_error *e)
{
    const char *name = w->name;
    bool said_waiting = false;
    for (int waited = 0;; waited++) {
        struct deploy_status st;
        int rc = read_status(w, &st, e);
        if (rc < 0 || !deploy_status_is_pending(st.status)) { /* an error, or no longer locked */
            deploy_status_free(&st);
            return rc;
        }
        struct deploy_stuck x = {0, st.status, st.updated, st.revision};
        double now = deploy_pending_now();
        size_t young;
        char what[200];
        deploy_stuck_describe(&x, now, what, sizeof what);
        bool install = strcmp(st.status, "pending-install") == 0;
        bool recent = deploy_pending_recent(&x, 1, now, DEPLOY_PENDING_RECENT_S, &young) > 0;
        deploy_status_free(&st);
        if (recent && waited < DEPLOY_SNAP_WAIT_S) {
            /* another run's write (about a second): wait for it, then the caller reads the
             * record again, with that run's snapshot in it, and writes on top of it */
            if (!said_waiting)
                fprintf(stderr, HP_PROG ": %s is %s: another run may be writing its snapshot now; waiting for it (at most %d s)\n",
                        name, what, DEPLOY_SNAP_WAIT_S);
            said_waiting = true;
            if (sleep_a_second() < 0)
                return hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "interrupted while waiting for %s, %s", name, what);
            continue;
        }
        if (recent)
            return hp_error_set(e, HP_ERR_GENERIC,
                                "%s is %s: another run may be writing its snapshot now; left alone (one pending for "
                                "15m is a killed helm's and is unlocked by the next run)",
                                name, what);
        if ((rc = unlock(w, install, e)) < 0)
            return rc;
        const char *done = install ? "uninstalled (helm uninstall)" : "rolled back to the revision before (helm rollback)";
        if (rc == UNLOCKED_INTERRUPTED) /* stopped as asked: this run writes nothing more */
            return hp_error_set(e, DEPLOY_ERR_INTERRUPTED,
                                "interrupted; %s was %s, left by a helm killed while writing the snapshots, and "
                                "is %s: the next run records its snapshot",
                                name, what, done);
        fprintf(stderr,
                HP_PROG ": %s was %s, left by a helm killed while writing the snapshots (a write takes "
                "seconds): %s; recording this run's snapshot again\n",
                name, what, done);
        return 0;
    }
}
