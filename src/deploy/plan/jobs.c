/* The runner jobs of a plan (see include/deploy/plan/jobs.h). */
#include <stdlib.h>
#include <string.h>

#include "deploy/plan/jobs.h"
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

static void jobs_alloc(struct deploy_jobs *j, size_t cap)
{
    cap++; /* room for the plan's last job */
    memset(j, 0, sizeof *j);
    j->v = hp_xcalloc(cap, sizeof *j->v);
    j->index = hp_xcalloc(cap, sizeof *j->index);
    j->needs = hp_xcalloc(cap, sizeof *j->needs);
    j->fds = hp_xcalloc(cap, sizeof *j->fds);
    j->labels = hp_xcalloc(cap, sizeof *j->labels);
}

/* The next job runs release i: its name, argv, label and secret descriptors, and room for
 * plan->n needs (none yet). */
static struct runner_job *job_add(struct deploy_jobs *j, struct deploy_plan *plan, size_t i)
{
    size_t k = j->n++;
    struct deploy_release *r = &plan->releases[i];
    struct runner_job *job = &j->v[k];
    j->index[k] = i;
    j->labels[k] = r->component;
    job->name = r->name;
    job->argv = hp_strlist_argv(&r->argv);
    j->needs[k] = hp_xcalloc(plan->n ? plan->n : 1, sizeof **j->needs);
    job->needs = j->needs[k];
    if (r->n_secret_files) {
        int **p = hp_xcalloc(r->n_secret_files, sizeof *p);
        for (size_t m = 0; m < r->n_secret_files; m++)
            p[m] = &r->secret_files[m].fd;
        j->fds[k] = p;
        job->keep_fds = p;
        job->n_keep_fds = r->n_secret_files;
    }
    return job;
}

void deploy_jobs_build(struct deploy_jobs *j, struct deploy_plan *plan, enum deploy_action action)
{
    size_t n = plan->n;
    jobs_alloc(j, n ? n : 1);
    for (size_t k = 0; k < n; k++) {
        size_t i = action == DEPLOY_UNINSTALL ? n - 1 - k : k;
        struct runner_job *job = job_add(j, plan, i);
        job->n_needs = job_needs(plan, action, i, j->needs[k]);
    }
    if (plan->last_name) { /* after every release, and only when each one succeeded */
        size_t k = j->n++;
        struct runner_job *job = &j->v[k];
        j->index[k] = n;
        j->labels[k] = plan->last_label;
        job->name = plan->last_name;
        job->argv = hp_strlist_argv(&plan->last_argv);
        j->needs[k] = hp_xcalloc(k ? k : 1, sizeof **j->needs);
        for (size_t m = 0; m < k; m++)
            j->needs[k][m] = m;
        job->needs = j->needs[k];
        job->n_needs = k;
    }
}

void deploy_jobs_build_picked(struct deploy_jobs *j, struct deploy_plan *plan, const bool *pick)
{
    jobs_alloc(j, plan->n ? plan->n : 1);
    for (size_t i = 0; i < plan->n; i++)
        if (!pick || pick[i])
            job_add(j, plan, i);
}

void deploy_jobs_free(struct deploy_jobs *j)
{
    runner_jobs_free(j->v, j->n);
    for (size_t i = 0; i < j->n; i++) {
        free(j->needs[i]);
        free(j->fds[i]);
    }
    free(j->index);
    free(j->needs);
    free(j->fds);
    free(j->labels);
    free(j->v);
    memset(j, 0, sizeof *j); /* freeing twice is fine */
}
