/* The runner jobs of a plan (see include/deploy/jobs.h). */
#include <stdlib.h>

#include "deploy/jobs.h"
#include "hp/util.h"

/* The needs of job k (release i) for action, into needs (room for n). */
static size_t job_needs(const struct deploy_plan *plan, enum deploy_action action, size_t i, size_t *needs)
{
    size_t n = plan->n, k = 0;
    const struct deploy_release *r = &plan->releases[i];
    if (action == DEPLOY_INSTALL) {
        for (size_t m = 0; m < r->n_needs; m++)
            needs[k++] = r->needs[m];
    } else if (action == DEPLOY_UNINSTALL) {
        /* every release that needs this one goes first */
        for (size_t d = 0; d < n; d++)
            for (size_t m = 0; m < plan->releases[d].n_needs; m++)
                if (plan->releases[d].needs[m] == i)
                    needs[k++] = n - 1 - d;
    }
    return k;
}

void deploy_jobs_build(struct deploy_jobs *j, struct deploy_plan *plan, enum deploy_action action)
{
    size_t n = plan->n;
    j->n = n;
    j->v = hp_xcalloc(n ? n : 1, sizeof *j->v);
    j->needs = hp_xcalloc(n ? n : 1, sizeof *j->needs);
    j->fds = hp_xcalloc(n ? n : 1, sizeof *j->fds);
    j->labels = hp_xcalloc(n ? n : 1, sizeof *j->labels);
    for (size_t k = 0; k < n; k++) {
        size_t i = action == DEPLOY_UNINSTALL ? n - 1 - k : k;
        struct deploy_release *r = &plan->releases[i];
        struct runner_job *job = &j->v[k];
        job->name = r->name;
        job->argv = hp_strlist_argv(&r->argv);
        j->labels[k] = r->component;
        j->needs[k] = hp_xcalloc(n ? n : 1, sizeof **j->needs);
        job->n_needs = job_needs(plan, action, i, j->needs[k]);
        job->needs = j->needs[k];
        if (r->n_secret_files) {
            int **p = hp_xcalloc(r->n_secret_files, sizeof *p);
            for (size_t m = 0; m < r->n_secret_files; m++)
                p[m] = &r->secret_files[m].fd;
            j->fds[k] = p;
            job->keep_fds = p;
            job->n_keep_fds = r->n_secret_files;
        }
    }
}

void deploy_jobs_free(struct deploy_jobs *j)
{
    runner_jobs_free(j->v, j->n);
    for (size_t i = 0; i < j->n; i++) {
        free(j->needs[i]);
        free(j->fds[i]);
    }
    free(j->needs);
    free(j->fds);
    free(j->labels);
    free(j->v);
}
