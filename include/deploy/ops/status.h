/* One release's state from `helm status NAME -o json` (or its failure), and its chart from
 * `helm list -o json` (deploy/ops/list.h): real helm's status output carries no chart. */
#ifndef DEPLOY_STATUS_H
#define DEPLOY_STATUS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "deploy/run/runner.h"
#include "hp/error.h"

struct deploy_status {
    char *status;   /* helm's info.status ("deployed", "failed", ...), "not installed", or "unknown" */
    int revision;   /* 0 when unknown */
    char *chart;    /* helm list's "panda-0.1.0", or NULL */
    char *app_version; /* helm list's app_version, or NULL */
    char *updated;  /* info.last_deployed, or NULL */
    char *error;    /* why it is unknown, or NULL */
};

/* Parses helm's JSON (untrusted bytes: fuzzed). */
int deploy_status_parse(const char *json, size_t len, struct deploy_status *st, struct hp_error *e);
/* From a finished `helm status` job: parsed output, "not installed" on helm's "not found". */
void deploy_status_from_job(const struct runner_job *j, struct deploy_status *st);
/* The chart and app version of the release as helm lists it (l NULL or not found: unchanged). */
struct deploy_listed;
void deploy_status_add_listed(struct deploy_status *st, const struct deploy_listed *l);
void deploy_status_free(struct deploy_status *st);

/* `helm panda status`: the finished `helm status` jobs (parallel to plan->releases) and one
 * `helm list` for the charts, printed on out as a table (RELEASE COMPONENT STATUS REVISION CHART
 * UPDATED) or, with json, {"status": [...]}; quiet without json prints nothing (and skips the
 * list). Returns HP_EXIT_OK when every release is deployed, else HP_EXIT_FAIL. */
struct deploy_plan;
struct deploy_helm_args;
int deploy_status_print(FILE *out, const struct deploy_plan *plan, const struct runner_job *jobs,
                        const struct deploy_helm_args *h, bool json, bool quiet);

#endif
