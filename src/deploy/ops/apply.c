/* helm panda diff and apply as one library step (see deploy_diff_execute in
 * include/deploy/ops/diff.h): diff -> statuses -> (apply) selection -> upgrade --install. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/ops/diff.h"
#include "deploy/ops/list.h"
#include "deploy/ops/pending.h"
#include "deploy/ops/snapshot_store.h"
#include "deploy/plan/jobs.h"
#include "deploy/plan/values.h"
#include "deploy/run/progress.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "hp/util.h"
#include "secrets/memfile.h"

static void print_json(void *j)
{
    char *s = cJSON_Print(j);
    puts(s);
    free(s);
    cJSON_Delete(j);
}

/* The descriptors the diffs were handed are spent (the runner closed them in the parent): the
 * upgrade gets fresh ones of the same memfiles (deploy_values_prepare decrypts once per run). */
static void values_release(struct deploy_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++)
        deploy_values_handouts_close(&plan->releases[i]);
}

/* The jobs of apply's upgrade: the picked releases, each needing the nearest picked releases it
 * needs (deploy_apply_needs), as job indexes. */
static void upgrade_jobs_build(struct deploy_jobs *s, struct deploy_plan *plan, const bool *pick)
{
    deploy_jobs_build_picked(s, plan, pick);
    size_t *at = hp_xcalloc(plan->n ? plan->n : 1, sizeof *at); /* plan index -> job index */
    for (size_t k = 0; k < s->n; k++)
        at[s->index[k]] = k;
    for (size_t k = 0; k < s->n; k++) {
        size_t n = deploy_apply_needs(plan, pick, s->index[k], s->needs[k]);
        for (size_t m = 0; m < n; m++)
            s->needs[k][m] = at[s->needs[k][m]]; /* a need comes earlier in plan order */
        s->v[k].n_needs = n;
    }
    free(at);
}

struct header_ctx {
    const struct deploy_plan *plan;
    const bool *installed; /* NULL: unknown */
    const struct deploy_listed *listed; /* helm list's answer, NULL: none */
};

static int installed_at(const struct header_ctx *h, size_t i)
{
    return h->installed ? h->installed[i] : -1;
}

static void diff_header(void *ctx, const struct runner_job *j, size_t index, struct hp_buf *out)
{
    const struct header_ctx *h = ctx;
    deploy_diff_header_owed(out, h->plan->releases[index].name, h->plan->releases[index].component, j,
                            installed_at(h, index), h->listed ? h->listed[index].status : NULL);
}

/* The diff column of apply's summary: "new +3", "changed +0 ~1 -0", "unchanged". */
static void diff_cell(const struct deploy_diff_result *d, char *buf, size_t size)
{
    if (d->status == DEPLOY_DIFF_NEW || d->status == DEPLOY_DIFF_CHANGED)
        snprintf(buf, size, "%s +%zu ~%zu -%zu%s%s", deploy_diff_status_name(d->status), d->counts.added,
                 d->counts.changed, d->counts.removed, d->owed[0] ? ", last " : "", d->owed);
    else
        snprintf(buf, size, "%s", deploy_diff_status_name(d->status));
}

static void apply_summary(const struct report *rep, const struct deploy_plan *plan, const struct deploy_jobs *s,
                          const struct deploy_diff_result *d, const bool *upgrade, int res)
{
    FILE *out = rep->out;
    if (rep->quiet && res == RUNNER_ALL_OK)
        return;
    int wn = 7, wc = 9, wd = 4;
    char cell[80];
    for (size_t i = 0; i < plan->n; i++) {
        int k = (int)strlen(plan->releases[i].name);
        wn = k > wn ? k : wn;
        k = (int)strlen(plan->releases[i].component);
        wc = k > wc ? k : wc;
        diff_cell(&d[i], cell, sizeof cell);
        k = (int)strlen(cell);
        wd = k > wd ? k : wd;
    }
    fprintf(out, "\n%-*s  %-*s  %-*s  %-18s  %8s  %s\n", wn, "RELEASE", wc, "COMPONENT", wd, "DIFF", "RESULT", "TIME",
            "NOTE");
    size_t k = 0, ok = 0, unchanged = 0;
    for (size_t i = 0; i < plan->n; i++) {
        diff_cell(&d[i], cell, sizeof cell);
        fprintf(out, "%-*s  %-*s  %-*s  ", wn, plan->releases[i].name, wc, plan->releases[i].component, wd, cell);
        if (!upgrade[i]) {
            fprintf(out, "%-18s  %8s\n", "unchanged, skipped", "-");
            unchanged++;
            continue;
        }
        const struct runner_job *j = &s->v[k++];
        char note[300], t[32] = "-";
        report_note(s->v, j, note, sizeof note);
        if (j->state == RUNNER_OK || j->state == RUNNER_FAILED)
            snprintf(t, sizeof t, "%.2fs", j->seconds);
        ok += j->state == RUNNER_OK;
        fprintf(out, "%-18s  %8s%s%s\n", report_result_name(rep, j), t, note[0] ? "  " : "", note);
    }
    fprintf(out, "%zu of %zu %s, %zu unchanged%s\n", ok, s->n, rep->verb, unchanged,
            res == RUNNER_INTERRUPTED ? "; interrupted" : res == RUNNER_SOME_FAILED ? "; FAILED" : "");
    deploy_plan_print_packages(plan, out); /* what was diffed and upgraded, by digest */
    fflush(out);
}

static void *apply_json(const struct report *rep, const struct deploy_plan *plan, const struct deploy_jobs *s,
                        const struct deploy_diff_result *d, const bool *upgrade, int res)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "result", res == RUNNER_ALL_OK ? "ok" : res == RUNNER_INTERRUPTED ? "interrupted" : "failed");
    cJSON *a = cJSON_AddArrayToObject(o, "releases");
    size_t k = 0;
    for (size_t i = 0; i < plan->n; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "name", plan->releases[i].name);
        cJSON_AddStringToObject(x, "component", plan->releases[i].component);
        cJSON_AddStringToObject(x, "diff", deploy_diff_status_name(d[i].status));
        cJSON_AddNumberToObject(x, "added", (double)d[i].counts.added);
        cJSON_AddNumberToObject(x, "changed", (double)d[i].counts.changed);
        cJSON_AddNumberToObject(x, "removed", (double)d[i].counts.removed);
        cJSON *pkg = deploy_release_package_json(&plan->releases[i]);
        if (pkg)
            cJSON_AddItemToObject(x, "package", pkg);
        if (!upgrade[i]) {
            cJSON_AddStringToObject(x, "result", "unchanged, skipped");
        } else {
            const struct runner_job *j = &s->v[k++];
            cJSON_AddStringToObject(x, "result", report_result_name(rep, j));
            if (j->state == RUNNER_OK || j->state == RUNNER_FAILED) {
                cJSON_AddNumberToObject(x, "exitCode", j->exit_code);
                cJSON_AddNumberToObject(x, "seconds", j->seconds);
            }
            char note[300];
            report_note(s->v, j, note, sizeof note);
            if (note[0])
                cJSON_AddStringToObject(x, "note", note);
        }
        cJSON_AddItemToArray(a, x);
    }
    return o;
}

/* apply's second half: the releases to upgrade, in dependency order, from the very values
 * memfiles and chart packages the diffs read. */
static int apply_upgrade(struct deploy_plan *plan, const struct deploy_diff_exec *x, const struct deploy_diff_result *d)
{
    struct hp_error e = {0};
    size_t n = plan->n;
    enum deploy_diff_status *st = hp_xcalloc(n ? n : 1, sizeof *st);
    bool *upgrade = hp_xcalloc(n ? n : 1, sizeof *upgrade);
    for (size_t i = 0; i < n; i++)
        st[i] = d[i].status;
    deploy_apply_select(plan, st, x->cascade, upgrade);
    free(st);

    values_release(plan);
    deploy_plan_argv(plan, x->install);
    if (deploy_values_prepare(x->kr, plan, &e) < 0) {
        hp_errorf("%s", e.msg);
        free(upgrade);
        return HP_EXIT_FAIL;
    }
    if (hp_debug_enabled())
        deploy_plan_print(plan, stderr);
    struct deploy_jobs s;
    upgrade_jobs_build(&s, plan, upgrade);
    /* what is not upgraded needs no decrypted values any more */
    for (size_t i = 0; i < n; i++)
        if (!upgrade[i])
            for (size_t m = 0; m < plan->releases[i].n_secret_files; m++)
                memfile_close(&plan->releases[i].secret_files[m]);
    struct report rep;
    report_init(&rep, stderr, x->quiet, "upgraded");
    rep.labels = s.labels;
    /* what each upgrade's --wait waits for, while it waits (as install) */
    const struct deploy_helm_args *h = x->install;
    struct progress_target pt = {h->helm, h->helm_major, h->namespace_, h->kube_context};
    struct progress *pg = h->wait ? progress_start(&pt, &rep) : NULL;
    struct runner_opts ro = {.parallel = x->parallel,
                             .keep_going = x->keep_going,
                             .events = progress_events(pg, &rep.events),
                             .stops_all = deploy_job_locked};
    int res = runner_run(s.v, s.n, &ro, &e);
    progress_stop(pg);
    int rc;
    if (res < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    } else {
        if (x->json)
            print_json(apply_json(&rep, plan, &s, d, upgrade, res));
        else
            apply_summary(&rep, plan, &s, d, upgrade, res);
        if (res == RUNNER_SOME_FAILED)
            deploy_pending_explain(plan, x->install, s.v, s.n, s.index, x->parallel);
        rc = runner_exit_code(res);
        if (res == RUNNER_ALL_OK) /* a good state: the deployment as it is now */
            rc = deploy_snapshot_after_run(plan, x->install, "apply", x->quiet); /* or a signal's status */
    }
    deploy_jobs_free(&s);
    free(upgrade);
    return rc;
}

/* Which releases exist (helm-diff 3.13 no longer says "Release was not present"), and in which
 * state: one not deployed is owed an upgrade whatever helm-diff says. NULL (and *installed NULL)
 * when helm list did not answer. */
static struct deploy_listed *list_releases(const struct deploy_helm_args *h, const char **names, size_t n,
                                           bool **installed)
{
    struct deploy_listed *listed = deploy_helm_list(h->helm, h->helm_major, names, n, h->namespace_, h->kube_context);
    *installed = NULL;
    if (!listed) {
        hp_debugf("helm list did not answer: a release is new only where helm-diff says so");
        return NULL;
    }
    *installed = hp_xcalloc(n ? n : 1, sizeof **installed);
    for (size_t i = 0; i < n; i++)
        (*installed)[i] = listed[i].found;
    return listed;
}

/* The diff's results read, then the table (diff; apply when a diff failed) or apply's upgrade. */
static int diff_conclude(struct deploy_plan *plan, const struct deploy_diff_exec *x, struct deploy_jobs *s,
                         const char **names, const struct header_ctx *hc, int res)
{
    struct deploy_diff_result *d = hp_xcalloc(plan->n ? plan->n : 1, sizeof *d);
    for (size_t i = 0; i < plan->n; i++) {
        deploy_diff_from_job(&s->v[i], installed_at(hc, i), &d[i]);
        deploy_diff_mark_owed(&d[i], hc->listed ? hc->listed[i].status : NULL);
    }
    bool failed = deploy_diff_any_failed(d, plan->n);
    int rc;
    if (!x->install) {
        if (x->json) {
            print_json(deploy_diff_json(names, s->labels, plan->n, s->v, d, res, true));
        } else {
            if (!x->quiet)
                fputc('\n', stdout);
            deploy_diff_table(stdout, names, s->labels, plan->n, s->v, d, res);
        }
        if (res == RUNNER_INTERRUPTED)
            rc = HP_EXIT_INTERRUPTED;
        else if (failed)
            rc = HP_EXIT_FAIL;
        else
            rc = x->detailed_exitcode && deploy_diff_any_change(d, plan->n) ? 2 : HP_EXIT_OK;
    } else if (res == RUNNER_INTERRUPTED || failed) {
        /* apply upgrades nothing it could not compare */
        if (x->json) {
            print_json(deploy_diff_json(names, s->labels, plan->n, s->v, d, res, false));
        } else {
            fputc('\n', stderr);
            deploy_diff_table(stderr, names, s->labels, plan->n, s->v, d, res);
        }
        if (res != RUNNER_INTERRUPTED)
            hp_errorf("nothing upgraded: a diff failed");
        rc = res == RUNNER_INTERRUPTED ? HP_EXIT_INTERRUPTED : HP_EXIT_FAIL; /* failed may come with ALL_OK */
    } else {
        deploy_jobs_free(s); /* the diff output has been written */
        rc = apply_upgrade(plan, x, d);
    }
    free(d);
    return rc;
}

int deploy_diff_execute(struct deploy_plan *plan, const struct deploy_diff_exec *x)
{
    struct hp_error e = {0};
    deploy_plan_argv(plan, x->diff);
    if (deploy_values_prepare(x->kr, plan, &e) < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_FAIL;
    }
    if (hp_debug_enabled())
        deploy_plan_print(plan, stderr); /* with /dev/fd/N where values were decrypted */

    struct deploy_jobs s;
    deploy_jobs_build_picked(&s, plan, NULL);
    const char **names = hp_xcalloc(plan->n ? plan->n : 1, sizeof *names);
    for (size_t i = 0; i < plan->n; i++)
        names[i] = plan->releases[i].name;
    struct report rep;
    report_init(&rep, stderr, x->quiet, "compared");
    rep.labels = s.labels;
    bool *installed;
    struct deploy_listed *listed = list_releases(x->diff, names, plan->n, &installed);
    struct header_ctx hc = {plan, installed, listed};
    /* a diff changes nothing: one failure does not stop the others */
    struct runner_opts ro = {
        .parallel = x->parallel,
        .keep_going = true,
        .ordered_stdout = x->json || x->quiet ? NULL : stdout, /* -q: the summary only */
        .ordered_header = diff_header,
        .ordered_ctx = &hc,
        .events = &rep.events,
    };
    int res = runner_run(s.v, s.n, &ro, &e);
    int rc = HP_EXIT_FAIL;
    if (res < 0)
        hp_errorf("%s", e.msg);
    else
        rc = diff_conclude(plan, x, &s, names, &hc, res);
    deploy_jobs_free(&s);
    free(names);
    free(installed);
    deploy_listed_free(listed, plan->n);
    return rc;
}
