/* The runner jobs of a plan (deploy/run/runner.h): one per release, in the order the action runs
 * them. install and template in plan order (template ignores needs: rendering needs no running
 * dependency), uninstall in reverse with the needs turned around (every release that needs one
 * goes first); status in plan order with no needs. Each job keeps its release's secret
 * descriptors (the decrypted values memfiles) for its helm only. */
#ifndef DEPLOY_JOBS_H
#define DEPLOY_JOBS_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/plan/plan.h"
#include "deploy/run/runner.h"

struct deploy_jobs {
    struct runner_job *v;  /* plan->n jobs, and the plan's last job (deploy_jobs_build) */
    size_t n;
    const char **labels;   /* each job's component, for the report (report.labels) */
    size_t *index;         /* v[k] runs plan release index[k] (plan->n: the plan's last job) */
    /* owned storage the jobs point into */
    size_t **needs;
    int ***fds;
};

/* Builds the jobs of plan for action, then the plan's last job (plan.last_name) if any, which
 * needs every other job; the jobs point into plan (names, argv, descriptors), which
 * must outlive them. */
void deploy_jobs_build(struct deploy_jobs *j, struct deploy_plan *plan, enum deploy_action action);
/* The jobs of the releases with pick[i] (all when pick is NULL), in plan order, with no needs
 * yet: each job's needs array has room for plan->n (apply's upgrade fills it). */
void deploy_jobs_build_picked(struct deploy_jobs *j, struct deploy_plan *plan, const bool *pick);
/* Frees the jobs, their captured output and what they point to that is theirs. */
void deploy_jobs_free(struct deploy_jobs *j);

#endif
