/* helm panda rollback (see include/deploy/ops/rollback.h). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/ops/list.h"
#include "deploy/ops/pending.h"
#include "deploy/ops/rollback.h"
#include "deploy/plan/plan.h"
#include "deploy/run/helmwhere.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "hp/interrupt.h"
#include "hp/util.h"

void deploy_rollback_plan_free(struct deploy_rb_plan *p)
{
    for (size_t i = 0; p->steps && i < p->n; i++)
        hp_strlist_free(&p->steps[i].argv);
    free(p->steps);
    deploy_snapshots_free(&p->rec);
    memset(p, 0, sizeof *p);
}

bool deploy_history_has_revision(const char *json, size_t len, int rev)
{
    cJSON *a = cJSON_ParseWithLength(json, len);
    bool found = false;
    const cJSON *list = cJSON_IsArray(a) ? a : NULL, *x;
    cJSON_ArrayForEach(x, list)
    {
        const cJSON *r = cJSON_GetObjectItemCaseSensitive(x, "revision");
        found = found || (cJSON_IsNumber(r) && r->valuedouble == (double)rev);
    }
    cJSON_Delete(a);
    return found;
}

static int pick_snapshot(struct deploy_rb_plan *p, const struct deploy_rb_opts *o, const char *store,
                         struct hp_error *e)
{
    if (p->rec.n == 0)
        return hp_error_set(e, DEPLOY_ERR_SNAPSHOT, "no snapshot recorded in release %s%s%s: nothing to roll back to",
                            store, o->w->namespace_ ? " in namespace " : "",
                            o->w->namespace_ ? o->w->namespace_ : "");
    p->snap = o->snapshot ? deploy_snapshots_find(&p->rec, o->snapshot) : &p->rec.v[p->rec.n - 1];
    if (!p->snap)
        return hp_error_set(e, DEPLOY_ERR_SNAPSHOT, "no snapshot %d in release %s (kept: %d to %d; helm panda history)",
                            o->snapshot, store, p->rec.v[0].id, p->rec.v[p->rec.n - 1].id);
    return 0;
}

/* helm's argv of one step, in the dialect of the install's (deploy_release_argv). */
static void step_argv(struct deploy_rb_step *s, const struct deploy_rb_opts *o)
{
    struct deploy_release r = {.name = (char *)s->name};
    struct deploy_helm_args h = {
        .helm = o->w->helm,
        .helm_major = o->w->helm_major,
        .action = s->kind == DEPLOY_RB_PRUNE ? DEPLOY_UNINSTALL : DEPLOY_ROLLBACK,
        .wait = o->wait,
        .timeout = o->timeout,
        .debug = o->debug,
        .namespace_ = o->w->namespace_,
        .kube_context = o->w->kube_context,
    };
    deploy_release_argv(&r, &h, &s->argv);
    if (s->kind != DEPLOY_RB_ROLLBACK)
        return;
    struct hp_strlist a = {0}; /* helm rollback NAME REVISION ... */
    for (size_t i = 0; i < s->argv.n; i++) {
        hp_strlist_push(&a, s->argv.v[i]);
        if (i == 2)
            hp_strlist_pushf(&a, "%d", s->to);
    }
    hp_strlist_free(&s->argv);
    s->argv = a;
}

/* The releases helm is asked about: the snapshot's, then the last snapshot's (added since). */
static void rb_names(const struct deploy_rb_plan *p, struct hp_strlist *names)
{
    const struct deploy_snapshot *last = &p->rec.v[p->rec.n - 1];
    for (size_t i = 0; i < p->snap->n; i++)
        hp_strlist_push(names, p->snap->r[i].name);
    for (size_t i = 0; i < last->n; i++)
        if (!hp_strlist_contains(names, last->r[i].name))
            hp_strlist_push(names, last->r[i].name);
}

static int step_of(struct deploy_rb_step *s, const char *name, const struct deploy_listed *l,
                   const struct deploy_snap_release *want, bool prune, struct hp_error *e)
{
    *s = (struct deploy_rb_step){.name = name, .from = l->revision};
    if (deploy_status_is_pending(l->status)) /* the list goes before the plan: helm's few names, kept */
        s->pending = strcmp(l->status, "pending-install") == 0   ? "pending-install"
                     : strcmp(l->status, "pending-upgrade") == 0 ? "pending-upgrade"
                                                                 : "pending-rollback";
    if (!want) {
        s->kind = prune ? DEPLOY_RB_PRUNE : DEPLOY_RB_KEEP;
        s->stage = DEPLOY_SNAP_MAX_STAGE + 1; /* before every rollback */
        return deploy_listed_installed(l) ? 1 : 0;
    }
    s->to = want->revision;
    s->stage = want->stage;
    if (!deploy_listed_installed(l))
        return hp_error_set(e, DEPLOY_ERR_SNAPSHOT,
                            "%s is not installed any more (it was at revision %d in the snapshot): helm cannot roll "
                            "it back; nothing rolled back (install it first)",
                            name, want->revision);
    bool there = l->revision == want->revision && l->status && strcmp(l->status, "deployed") == 0;
    s->kind = there ? DEPLOY_RB_UNCHANGED : DEPLOY_RB_ROLLBACK;
    return 1;
}

/* Steps in run order: the releases added since (pruned or not), then the rollbacks by stage from
 * the highest down, then the releases left as they are. */
static int step_cmp(const void *a, const void *b)
{
    const struct deploy_rb_step *x = a, *y = b;
    int ux = x->kind == DEPLOY_RB_UNCHANGED, uy = y->kind == DEPLOY_RB_UNCHANGED;
    if (ux != uy)
        return ux - uy;
    return (y->stage > x->stage) - (y->stage < x->stage);
}

static int build_steps(struct deploy_rb_plan *p, const struct deploy_rb_opts *o, const struct hp_strlist *names,
                       const struct deploy_listed *l, struct hp_error *e)
{
    p->steps = hp_xcalloc(names->n ? names->n : 1, sizeof *p->steps);
    for (size_t i = 0; i < names->n; i++) {
        const struct deploy_snap_release *want = deploy_snapshot_release(p->snap, names->v[i]);
        /* the name as the record owns it (names goes before the plan does) */
        const struct deploy_snap_release *named = want ? want : deploy_snapshot_release(&p->rec.v[p->rec.n - 1], names->v[i]);
        int k = step_of(&p->steps[p->n], named->name, &l[i], want, o->prune, e);
        if (k < 0)
            return -1;
        p->n += (size_t)k;
    }
    qsort(p->steps, p->n, sizeof *p->steps, step_cmp); /* ties: any order; they run in parallel */
    /* helm rollback does not refuse a release another helm is at work on (it rolls a
     * pending-rollback release back again, and two rollbacks then collide on the next
     * revision): the first busy release in run order stops the rollback before it starts */
    for (size_t i = 0; i < p->n; i++)
        if (p->steps[i].pending && p->steps[i].kind != DEPLOY_RB_KEEP)
            return hp_error_set(e, DEPLOY_ERR_SNAPSHOT,
                                "%s: helm reports another operation in progress (%s, revision %d): another helm is "
                                "at work on it, or one was killed mid-operation; nothing rolled back (helm panda "
                                "install --recover-pending)",
                                p->steps[i].name, p->steps[i].pending, p->steps[i].from);
    for (size_t i = 0; i < p->n; i++)
        if (p->steps[i].kind == DEPLOY_RB_ROLLBACK || p->steps[i].kind == DEPLOY_RB_PRUNE)
            step_argv(&p->steps[i], o);
    return 0;
}

/* helm history of every release to roll back (in parallel): each snapshot revision still kept? */
static int check_pruned(const struct deploy_rb_plan *p, const struct deploy_rb_opts *o, struct hp_error *e)
{
    struct hp_strlist *argv = hp_xcalloc(p->n ? p->n : 1, sizeof *argv);
    struct runner_job *jobs = hp_xcalloc(p->n ? p->n : 1, sizeof *jobs);
    size_t *of = hp_xcalloc(p->n ? p->n : 1, sizeof *of), n = 0;
    for (size_t i = 0; i < p->n; i++) {
        if (p->steps[i].kind != DEPLOY_RB_ROLLBACK)
            continue;
        struct hp_strlist *a = &argv[n];
        hp_strlist_push(a, o->w->helm);
        hp_strlist_push(a, "history");
        hp_strlist_push(a, p->steps[i].name);
        hp_strlist_push(a, "--output");
        hp_strlist_push(a, "json");
        deploy_helm_where_argv(a, o->w->namespace_, o->w->kube_context);
        jobs[n] = (struct runner_job){.name = p->steps[i].name, .argv = hp_strlist_argv(a)};
        of[n++] = i;
    }
    struct runner_opts ro = {.parallel = 4, .keep_going = true};
    int res = n ? runner_run(jobs, n, &ro, e) : RUNNER_ALL_OK;
    int rc = res < 0 ? -1 : 0;
    if (res == RUNNER_INTERRUPTED)
        rc = hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "interrupted while reading helm history: nothing rolled back");
    struct hp_buf gone = {0};
    for (size_t k = 0; rc == 0 && k < n; k++) {
        const struct deploy_rb_step *s = &p->steps[of[k]];
        if (jobs[k].state != RUNNER_OK)
            rc = hp_error_set(e, HP_ERR_GENERIC, "helm history %s did not answer: nothing rolled back", s->name);
        else if (!deploy_history_has_revision(jobs[k].out.len ? hp_buf_cstr(&jobs[k].out) : "", jobs[k].out.len, s->to))
            hp_buf_appendf(&gone, "%s%s revision %d", gone.len ? ", " : "", s->name, s->to);
    }
    if (rc == 0 && gone.len)
        rc = hp_error_set(e, DEPLOY_ERR_SNAPSHOT,
                          "snapshot %d cannot be restored: helm has pruned %s (it keeps --history-max revisions of a "
                          "release); nothing rolled back",
                          p->snap->id, hp_buf_cstr(&gone));
    hp_buf_free(&gone);
    runner_jobs_free(jobs, n);
    for (size_t k = 0; k < n; k++)
        hp_strlist_free(&argv[k]);
    free(argv);
    free(jobs);
    free(of);
    return rc;
}

int deploy_rollback_plan(struct deploy_rb_plan *p, const struct deploy_rb_opts *o, struct hp_error *e)
{
    memset(p, 0, sizeof *p);
    char *store = deploy_snapshot_store_name(o->w->affix);
    int rc = deploy_snapshots_read(o->w, &p->rec, e);
    if (rc == 0)
        rc = pick_snapshot(p, o, store, e);
    free(store);
    if (rc < 0)
        return -1;
    struct hp_strlist names = {0};
    rb_names(p, &names);
    struct deploy_listed *l = deploy_helm_list(o->w->helm, o->w->helm_major, (const char *const *)names.v, names.n,
                                               o->w->namespace_, o->w->kube_context);
    if (!l && hp_interrupt_signal()) /* a signal is not "no answer": 128 + it */
        rc = hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "interrupted while asking helm list: nothing rolled back");
    else if (!l)
        rc = hp_error_set(e, HP_ERR_GENERIC, "helm list did not answer: nothing rolled back");
    else
        rc = build_steps(p, o, &names, l, e);
    if (rc == 0)
        rc = check_pruned(p, o, e);
    deploy_listed_free(l, names.n);
    hp_strlist_free(&names);
    return rc;
}
