/* helm panda rollback: the plan printed (--dry-run), run and reported (see
 * include/deploy/ops/rollback.h). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/ops/pending.h"
#include "deploy/ops/rollback.h"
#include "deploy/run/progress.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "hp/util.h"

static const char *kind_name(enum deploy_rb_kind k)
{
    switch (k) {
    case DEPLOY_RB_ROLLBACK: return "rollback";
    case DEPLOY_RB_UNCHANGED: return "unchanged";
    case DEPLOY_RB_PRUNE: return "uninstall";
    case DEPLOY_RB_KEEP: return "left alone";
    }
    return "?";
}

static void print_argv(FILE *out, const struct hp_strlist *a)
{
    fputs("    ", out);
    for (size_t i = 0; i < a->n; i++)
        fprintf(out, "%s%s", i ? " " : "", a->v[i]);
    fputc('\n', out);
}

void deploy_rollback_print(const struct deploy_rb_plan *p, FILE *out)
{
    const struct deploy_snapshot *s = p->snap;
    fprintf(out, "# rollback to snapshot %d (%s, %s%s%s)\n", s->id, s->time, s->command ? s->command : "?",
            s->by ? " by " : "", s->by ? s->by : "");
    for (size_t i = 0; i < p->n; i++) {
        const struct deploy_rb_step *x = &p->steps[i];
        if (x->kind == DEPLOY_RB_PRUNE || x->kind == DEPLOY_RB_KEEP)
            fprintf(out, "%s %s (revision %d): installed since snapshot %d%s\n", kind_name(x->kind), x->name, x->from,
                    s->id, x->kind == DEPLOY_RB_KEEP ? " (--prune uninstalls it)" : "");
        else if (x->kind == DEPLOY_RB_UNCHANGED)
            fprintf(out, "unchanged %s: at revision %d\n", x->name, x->to);
        else
            fprintf(out, "stage %d: rollback %s from revision %d to %d\n", x->stage, x->name, x->from, x->to);
        if (x->argv.n)
            print_argv(out, &x->argv);
    }
}

void *deploy_rollback_json(const struct deploy_rb_plan *p)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "snapshot", p->snap->id);
    cJSON_AddStringToObject(o, "time", p->snap->time);
    cJSON *a = cJSON_AddArrayToObject(o, "steps");
    for (size_t i = 0; i < p->n; i++) {
        const struct deploy_rb_step *x = &p->steps[i];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "release", x->name);
        cJSON_AddStringToObject(j, "action", kind_name(x->kind));
        cJSON_AddNumberToObject(j, "fromRevision", x->from);
        if (x->kind == DEPLOY_RB_ROLLBACK || x->kind == DEPLOY_RB_UNCHANGED) { /* in the snapshot */
            cJSON_AddNumberToObject(j, "stage", x->stage);
            cJSON_AddNumberToObject(j, "toRevision", x->to);
        }
        if (x->argv.n) {
            cJSON *v = cJSON_AddArrayToObject(j, "argv");
            for (size_t k = 0; k < x->argv.n; k++)
                cJSON_AddItemToArray(v, cJSON_CreateString(x->argv.v[k]));
        }
        cJSON_AddItemToArray(a, j);
    }
    return o;
}

/* The jobs: one per step that runs (the steps are in run order); a job needs every job of a
 * higher stage (prunes included): stage by stage, dependents first. */
static size_t build_jobs(struct deploy_rb_plan *p, struct runner_job *jobs, size_t **needs)
{
    size_t n = 0;
    int *stage = hp_xcalloc(p->n ? p->n : 1, sizeof *stage);
    for (size_t i = 0; i < p->n; i++) {
        struct deploy_rb_step *x = &p->steps[i];
        if (x->kind != DEPLOY_RB_ROLLBACK && x->kind != DEPLOY_RB_PRUNE)
            continue;
        needs[n] = hp_xcalloc(p->n, sizeof **needs);
        size_t k = 0;
        for (size_t m = 0; m < n; m++)
            if (x->stage < stage[m])
                needs[n][k++] = m;
        stage[n] = x->stage;
        jobs[n] = (struct runner_job){.name = x->name, .argv = hp_strlist_argv(&x->argv), .needs = needs[n], .n_needs = k};
        n++;
    }
    free(stage);
    return n;
}

static void explain_busy(const struct runner_job *jobs, size_t n)
{
    for (size_t k = 0; k < n; k++)
        if (deploy_job_locked(&jobs[k]))
            hp_errorf("%s: helm reports another operation in progress: another helm is at work on it, or one was "
                      "killed mid-operation; nothing further started (helm panda install --recover-pending)",
                      jobs[k].name);
}

/* After a rollback that worked: the deployment as it is now is a good state again. */
static int record_after(const struct deploy_rb_plan *p, const struct deploy_rb_opts *o)
{
    char *what = hp_xasprintf("rollback to %d", p->snap->id);
    int rc = deploy_snapshot_record_or_warn(o->w, what, p->snap->r, p->snap->n, o->quiet || o->json);
    free(what);
    return rc;
}

int deploy_rollback_run(struct deploy_rb_plan *p, const struct deploy_rb_opts *o, int parallel, struct hp_error *e)
{
    struct runner_job *jobs = hp_xcalloc(p->n ? p->n : 1, sizeof *jobs);
    size_t **needs = hp_xcalloc(p->n ? p->n : 1, sizeof *needs);
    size_t n = build_jobs(p, jobs, needs);
    struct report rep;
    report_init(&rep, stderr, o->quiet, "rolled back");
    /* what each rollback's --wait waits for, while it waits (as install) */
    struct progress_target pt = {o->w->helm, o->w->helm_major, o->w->namespace_, o->w->kube_context};
    struct progress *pg = o->wait ? progress_start(&pt, &rep) : NULL;
    struct runner_opts ro = {
        .parallel = parallel, .events = progress_events(pg, &rep.events), .stops_all = deploy_job_locked};
    int res = runner_run(jobs, n, &ro, e);
    progress_stop(pg);
    int rc = -1;
    if (res >= 0) {
        if (o->json) {
            cJSON *j = report_summary_json(&rep, jobs, n, res);
            cJSON_AddItemToObject(j, "rollback", deploy_rollback_json(p));
            char *t = cJSON_Print(j);
            puts(t);
            free(t);
            cJSON_Delete(j);
        } else {
            report_summary(&rep, jobs, n, res);
        }
        explain_busy(jobs, n);
        rc = runner_exit_code(res);
        if (res == RUNNER_ALL_OK)
            rc = record_after(p, o); /* 0, or a signal's status when it stopped the record */
    }
    runner_jobs_free(jobs, n);
    for (size_t k = 0; k < n; k++)
        free(needs[k]);
    free(needs);
    free(jobs);
    return rc;
}
