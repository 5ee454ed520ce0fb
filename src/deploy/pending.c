/* Releases an interrupted helm left locked (see include/deploy/pending.h). */
#include <stdlib.h>
#include <string.h>

#include "deploy/pending.h"
#include "deploy/status.h"
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
