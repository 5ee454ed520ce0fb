/* Releases an interrupted helm left locked (see include/deploy/ops/pending.h). */
#include <stdlib.h>
#include <string.h>

#include "deploy/ops/pending.h"
#include "deploy/run/report.h"
#include "deploy/ops/status.h"
#include "hp/buf.h"
#include "hp/util.h"

bool deploy_status_is_pending(const char *status)
{
    return status && strncmp(status, "pending-", 8) == 0;
}

bool deploy_job_locked(const struct runner_job *j)
{
    const char *w = DEPLOY_PENDING_HELM_ERROR;
    return j->state == RUNNER_FAILED && j->err.len && memmem(j->err.data, j->err.len, w, strlen(w)) != NULL;
}

int deploy_pending_find(const struct deploy_plan *plan, const struct deploy_helm_args *h, int parallel,
                        struct deploy_stuck **out, size_t *n_out, struct hp_error *e)
{
    size_t n = plan->n;
    struct deploy_helm_args sh = *h;
    sh.action = DEPLOY_STATUS;
    sh.passthrough = NULL; /* install's extra flags (--create-namespace, ...) mean nothing to status */
    struct hp_strlist *argv = hp_xcalloc(n ? n : 1, sizeof *argv);
    struct runner_job *jobs = hp_xcalloc(n ? n : 1, sizeof *jobs);
    for (size_t i = 0; i < n; i++) {
        deploy_release_argv(&plan->releases[i], &sh, &argv[i]);
        jobs[i].name = plan->releases[i].name;
        jobs[i].argv = hp_strlist_argv(&argv[i]);
    }
    struct runner_opts ro = {.parallel = parallel, .keep_going = true};
    int res = runner_run(jobs, n, &ro, e);
    *out = hp_xcalloc(n ? n : 1, sizeof **out);
    *n_out = 0;
    bool ran = res == RUNNER_ALL_OK || res == RUNNER_SOME_FAILED;
    for (size_t i = 0; ran && i < n; i++) {
        struct deploy_status st;
        deploy_status_from_job(&jobs[i], &st);
        if (deploy_status_is_pending(st.status))
            (*out)[(*n_out)++] = (struct deploy_stuck){i, hp_xstrdup(st.status)};
        deploy_status_free(&st);
    }
    runner_jobs_free(jobs, n);
    for (size_t i = 0; i < n; i++)
        hp_strlist_free(&argv[i]);
    free(argv);
    free(jobs);
    return res;
}

char *deploy_pending_names(const struct deploy_plan *plan, const struct deploy_stuck *s, size_t n)
{
    struct hp_buf b = {0};
    for (size_t i = 0; i < n; i++)
        hp_buf_appendf(&b, "%s%s (%s)", i ? ", " : "", plan->releases[s[i].release].name, s[i].status);
    char *r = hp_xstrdup(hp_buf_cstr(&b));
    hp_buf_free(&b);
    return r;
}

void deploy_pending_recovery_argv(const struct deploy_plan *plan, const struct deploy_stuck *s,
                                  const struct deploy_helm_args *h, struct hp_strlist *argv)
{
    struct deploy_helm_args rh = *h;
    rh.action = strcmp(s->status, "pending-install") == 0 ? DEPLOY_UNINSTALL : DEPLOY_ROLLBACK;
    rh.passthrough = NULL; /* meant for the installs */
    deploy_release_argv(&plan->releases[s->release], &rh, argv);
}

void deploy_stuck_free(struct deploy_stuck *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++)
        free(s[i].status);
    free(s);
}

int deploy_pending_recover(const struct deploy_plan *plan, const struct deploy_helm_args *h, int parallel, bool quiet)
{
    struct hp_error e = {0};
    struct deploy_stuck *s;
    size_t n;
    int res = deploy_pending_find(plan, h, parallel, &s, &n, &e);
    if (res < 0 || res == RUNNER_INTERRUPTED) {
        if (res < 0)
            hp_errorf("%s", e.msg);
        deploy_stuck_free(s, n);
        return res < 0 ? HP_EXIT_FAIL : HP_EXIT_INTERRUPTED;
    }
    if (n == 0) {
        deploy_stuck_free(s, n);
        return HP_EXIT_OK;
    }
    struct hp_strlist *argv = hp_xcalloc(n, sizeof *argv);
    struct runner_job *jobs = hp_xcalloc(n, sizeof *jobs);
    for (size_t i = 0; i < n; i++) {
        deploy_pending_recovery_argv(plan, &s[i], h, &argv[i]);
        jobs[i].name = plan->releases[s[i].release].name;
        jobs[i].argv = hp_strlist_argv(&argv[i]);
    }
    struct report rep;
    report_init(&rep, stderr, quiet, "recovered");
    struct runner_opts ro = {.parallel = parallel, .keep_going = true, .events = &rep.events};
    res = runner_run(jobs, n, &ro, &e);
    int rc = HP_EXIT_OK;
    if (res < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    } else if (res != RUNNER_ALL_OK) {
        report_summary(&rep, jobs, n, res);
        rc = runner_exit_code(res);
    }
    runner_jobs_free(jobs, n);
    for (size_t i = 0; i < n; i++)
        hp_strlist_free(&argv[i]);
    free(argv);
    free(jobs);
    deploy_stuck_free(s, n);
    return rc;
}

void deploy_pending_explain(const struct deploy_plan *plan, const struct deploy_helm_args *h, const struct runner_job *jobs,
                            int parallel)
{
    bool locked = false;
    for (size_t i = 0; i < plan->n; i++)
        locked = locked || deploy_job_locked(&jobs[i]);
    if (!locked)
        return;
    struct hp_error e = {0};
    struct deploy_stuck *s;
    size_t n;
    if (deploy_pending_find(plan, h, parallel, &s, &n, &e) == RUNNER_ALL_OK && n) {
        char *names = deploy_pending_names(plan, s, n);
        hp_errorf("locked by an interrupted helm: %s; run install again with --recover-pending to uninstall "
                  "(pending-install) or roll back (pending-upgrade, pending-rollback) them first",
                  names);
        free(names);
    }
    deploy_stuck_free(s, n);
}
