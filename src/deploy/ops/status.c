/* helm status -o json, read, and helm list's chart added (see include/deploy/ops/status.h). */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/ops/list.h"
#include "deploy/plan/plan.h"
#include "deploy/run/helmjson.h"
#include "deploy/run/report.h"
#include "deploy/ops/status.h"
#include "hp/util.h"

int deploy_status_parse(const char *json, size_t len, struct deploy_status *st, struct hp_error *e)
{
    memset(st, 0, sizeof *st);
    const char *s;
    cJSON *o = helmjson_status_object(json, len, &s, e);
    if (!o)
        return -1;
    st->status = hp_xstrdup(s ? s : "unknown");
    const cJSON *v = cJSON_GetObjectItemCaseSensitive(o, "version");
    if (cJSON_IsNumber(v) && v->valuedouble >= 0 && v->valuedouble < 1e9)
        st->revision = (int)v->valuedouble;
    /* no chart: helm's status action drops it (helm 3 and 4); it comes from helm list */
    const char *up = helmjson_str(o, "info", "last_deployed");
    if (up)
        st->updated = hp_xstrdup(up);
    cJSON_Delete(o);
    return 0;
}

void deploy_status_from_job(const struct runner_job *j, struct deploy_status *st)
{
    struct hp_error e = {0};
    if (j->state == RUNNER_OK && deploy_status_parse(j->out.len ? (const char *)j->out.data : "", j->out.len, st, &e) == 0)
        return;
    memset(st, 0, sizeof *st);
    char line[300];
    report_error_line(j, line, sizeof line);
    if (j->state == RUNNER_OK)
        snprintf(line, sizeof line, "%s", e.msg);
    if (strstr(line, "not found")) {
        st->status = hp_xstrdup("not installed");
        return;
    }
    st->status = hp_xstrdup("unknown");
    st->error = hp_xstrdup(line[0] ? line : runner_state_name(j->state));
}

void deploy_status_add_listed(struct deploy_status *st, const struct deploy_listed *l)
{
    if (!l || !l->found)
        return;
    free(st->chart);
    free(st->app_version);
    st->chart = l->chart ? hp_xstrdup(l->chart) : NULL;
    st->app_version = l->app_version ? hp_xstrdup(l->app_version) : NULL;
}

void deploy_status_free(struct deploy_status *st)
{
    free(st->status);
    free(st->chart);
    free(st->app_version);
    free(st->updated);
    free(st->error);
    memset(st, 0, sizeof *st);
}

int deploy_status_print(FILE *out, const struct deploy_plan *plan, const struct runner_job *jobs,
                        const struct deploy_helm_args *h, bool json, bool quiet)
{
    int rc = HP_EXIT_OK;
    size_t wn = 7, wc = 9, ws = 6;
    struct deploy_status *st = hp_xcalloc(plan->n ? plan->n : 1, sizeof *st);
    const char **names = hp_xcalloc(plan->n ? plan->n : 1, sizeof *names);
    for (size_t i = 0; i < plan->n; i++)
        names[i] = jobs[i].name;
    struct deploy_listed *listed =
        quiet && !json ? NULL : deploy_helm_list(h->helm, h->helm_major, names, plan->n, h->namespace_, h->kube_context);
    free(names);
    for (size_t i = 0; i < plan->n; i++) {
        deploy_status_from_job(&jobs[i], &st[i]);
        deploy_status_add_listed(&st[i], listed ? &listed[i] : NULL);
        if (strcmp(st[i].status, "deployed") != 0)
            rc = HP_EXIT_FAIL;
        wn = strlen(jobs[i].name) > wn ? strlen(jobs[i].name) : wn;
        wc = strlen(plan->releases[i].component) > wc ? strlen(plan->releases[i].component) : wc;
        ws = strlen(st[i].status) > ws ? strlen(st[i].status) : ws;
    }
    if (json) {
        cJSON *a = cJSON_CreateArray();
        for (size_t i = 0; i < plan->n; i++) {
            cJSON *x = cJSON_CreateObject();
            cJSON_AddStringToObject(x, "name", jobs[i].name);
            cJSON_AddStringToObject(x, "component", plan->releases[i].component);
            cJSON_AddStringToObject(x, "status", st[i].status);
            cJSON_AddNumberToObject(x, "revision", st[i].revision);
            if (st[i].chart)
                cJSON_AddStringToObject(x, "chart", st[i].chart);
            if (st[i].app_version)
                cJSON_AddStringToObject(x, "appVersion", st[i].app_version);
            if (st[i].updated)
                cJSON_AddStringToObject(x, "updated", st[i].updated);
            if (st[i].error)
                cJSON_AddStringToObject(x, "error", st[i].error);
            cJSON_AddItemToArray(a, x);
        }
        cJSON *o = cJSON_CreateObject();
        cJSON_AddItemToObject(o, "status", a);
        char *text = cJSON_Print(o);
        fprintf(out, "%s\n", text);
        free(text);
        cJSON_Delete(o);
    } else if (!quiet) {
        fprintf(out, "%-*s  %-*s  %-*s  %8s  %-20s  %s\n", (int)wn, "RELEASE", (int)wc, "COMPONENT", (int)ws, "STATUS",
               "REVISION", "CHART", "UPDATED");
        for (size_t i = 0; i < plan->n; i++) {
            char rev[16] = "-";
            if (st[i].revision)
                snprintf(rev, sizeof rev, "%d", st[i].revision);
            fprintf(out, "%-*s  %-*s  %-*s  %8s  %-20s  %s\n", (int)wn, jobs[i].name, (int)wc, plan->releases[i].component,
                   (int)ws, st[i].status, rev, st[i].chart ? st[i].chart : "-",
                   st[i].updated ? st[i].updated : st[i].error ? st[i].error : "-");
        }
    }
    for (size_t i = 0; i < plan->n; i++)
        deploy_status_free(&st[i]);
    free(st);
    deploy_listed_free(listed, plan->n);
    return rc;
}
