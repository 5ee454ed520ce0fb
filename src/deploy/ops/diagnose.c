/* Why a release failed its wait (see include/deploy/ops/diagnose.h). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/ops/diagnose.h"
#include "deploy/run/helmjson.h"
#include "deploy/run/probe.h"
#include "hp/interrupt.h"
#include "hp/util.h"

#define STATUS_CAP (64u << 20)
#define EVENTS_CAP (32u << 20)
#define QUERY_TIMEOUT 30.0

static char *dup_or(const char *s, const char *dflt) { return hp_xstrdup(s ? s : dflt); }

/* When the event last happened: series, lastTimestamp, eventTime, firstTimestamp, as set. */
static const char *event_time(const cJSON *it)
{
    const char *t = helmjson_str(it, "series", "lastObservedTime");
    if (!t)
        t = helmjson_str(it, "lastTimestamp", NULL);
    if (!t)
        t = helmjson_str(it, "eventTime", NULL);
    if (!t)
        t = helmjson_str(it, "firstTimestamp", NULL);
    return t;
}

static int by_time(const void *a, const void *b)
{
    return strcmp(((const struct diag_event *)a)->time, ((const struct diag_event *)b)->time);
}

int diag_events_parse(const char *json, size_t len, struct diag_events *ev, struct hp_error *e)
{
    memset(ev, 0, sizeof *ev);
    cJSON *o = cJSON_ParseWithLength(json, len);
    const cJSON *items = cJSON_GetObjectItemCaseSensitive(o, "items");
    if (!cJSON_IsObject(o) || !cJSON_IsArray(items)) {
        cJSON_Delete(o);
        return hp_error_set(e, DEPLOY_ERR_HELM, "kubectl get events printed no event list");
    }
    const cJSON *it;
    cJSON_ArrayForEach(it, items)
    {
        const char *kind = helmjson_str(it, "involvedObject", "kind"), *name = helmjson_str(it, "involvedObject", "name");
        if (!kind || !name)
            continue;
        const cJSON *c = cJSON_GetObjectItemCaseSensitive(it, "count");
        ev->v = hp_xrealloc(ev->v, (ev->n + 1) * sizeof *ev->v);
        ev->v[ev->n++] = (struct diag_event){
            .kind = hp_xstrdup(kind),
            .name = hp_xstrdup(name),
            .type = dup_or(helmjson_str(it, "type", NULL), ""),
            .reason = dup_or(helmjson_str(it, "reason", NULL), ""),
            .message = dup_or(helmjson_str(it, "message", NULL), ""),
            .time = dup_or(event_time(it), ""),
            .count = cJSON_IsNumber(c) && c->valuedouble >= 1 && c->valuedouble < 1e9 ? (int)c->valuedouble : 1,
        };
    }
    cJSON_Delete(o);
    if (ev->n > 1)
        qsort(ev->v, ev->n, sizeof *ev->v, by_time);
    return 0;
}

void diag_events_free(struct diag_events *ev)
{
    for (size_t i = 0; i < ev->n; i++) {
        struct diag_event *x = &ev->v[i];
        free(x->kind);
        free(x->name);
        free(x->type);
        free(x->reason);
        free(x->message);
        free(x->time);
    }
    free(ev->v);
    memset(ev, 0, sizeof *ev);
}

/* helm's view of release NAME now; false when helm could not show it. */
static bool look(const struct progress_target *t, const char *name, struct resview *v)
{
    struct hp_strlist argv = {0};
    struct hp_buf out = {0};
    struct hp_error e = {0};
    progress_status_argv(t, name, &argv);
    bool ok = probe_capture(hp_strlist_argv(&argv), &out, STATUS_CAP, QUERY_TIMEOUT, NULL) == 0 &&
              resview_parse(out.len ? (const char *)out.data : "", out.len, v, &e) == 0;
    hp_buf_free(&out);
    hp_strlist_free(&argv);
    return ok;
}

static void kubectl_common(struct hp_strlist *argv, const char *kubectl, const struct progress_target *t)
{
    hp_strlist_push(argv, kubectl);
    if (t->namespace_ && t->namespace_[0])
        hp_strlist_pushf(argv, "--namespace=%s", t->namespace_);
    if (t->kube_context && t->kube_context[0])
        hp_strlist_pushf(argv, "--context=%s", t->kube_context);
}

static void get_events(struct diagnoses *d, const char *kubectl, const struct progress_target *t)
{
    struct hp_strlist argv = {0};
    struct hp_buf out = {0};
    struct hp_error e = {0};
    kubectl_common(&argv, kubectl, t);
    hp_strlist_push(&argv, "get");
    hp_strlist_push(&argv, "events");
    hp_strlist_push(&argv, "-o");
    hp_strlist_push(&argv, "json");
    if (probe_capture(hp_strlist_argv(&argv), &out, EVENTS_CAP, QUERY_TIMEOUT, NULL) != 0 ||
        diag_events_parse(out.len ? (const char *)out.data : "", out.len, &d->events, &e) < 0)
        hp_debugf("kubectl get events: no events to show");
    hp_buf_free(&out);
    hp_strlist_free(&argv);
}

/* The last lines of a crashed container's previous run, or NULL (no logs served: kwok, RBAC). */
static char *last_log(const char *kubectl, const struct progress_target *t, const struct resview_pod *p)
{
    struct hp_strlist argv = {0};
    struct hp_buf out = {0};
    kubectl_common(&argv, kubectl, t);
    hp_strlist_push(&argv, "logs");
    hp_strlist_push(&argv, p->name);
    if (p->container)
        hp_strlist_pushf(&argv, "--container=%s", p->container);
    hp_strlist_push(&argv, "--previous");
    hp_strlist_pushf(&argv, "--tail=%d", DIAG_LOG_LINES);
    hp_strlist_pushf(&argv, "--limit-bytes=%d", DIAG_LOG_BYTES);
    int rc = probe_capture(hp_strlist_argv(&argv), &out, DIAG_LOG_BYTES, QUERY_TIMEOUT, NULL);
    char *s = rc == 0 && out.len ? hp_xstrndup((const char *)out.data, out.len) : NULL;
    hp_buf_free(&out);
    hp_strlist_free(&argv);
    return s;
}

void deploy_diagnose(struct diagnoses *d, const struct progress_target *t, const struct runner_job *jobs, size_t n)
{
    memset(d, 0, sizeof *d);
    for (size_t i = 0; i < n; i++) {
        /* a release that failed at once (a rejected manifest) was not kept waiting: helm said why */
        if (jobs[i].state != RUNNER_FAILED || jobs[i].interrupted || hp_interrupt_signal() ||
            jobs[i].seconds < PROGRESS_FIRST_LOOK)
            continue;
        d->v = hp_xrealloc(d->v, (d->n + 1) * sizeof *d->v);
        struct diagnosis *x = &d->v[d->n++];
        memset(x, 0, sizeof *x);
        x->job = i;
        x->looked = t->helm && look(t, jobs[i].name, &x->view);
    }
    if (!d->n)
        return;
    char *kubectl = probe_find("kubectl");
    d->no_kubectl = !kubectl;
    if (kubectl && !hp_interrupt_signal()) {
        get_events(d, kubectl, t);
        for (size_t k = 0; k < d->n; k++) {
            struct diagnosis *x = &d->v[k];
            x->logs = hp_xcalloc(x->view.n_pods ? x->view.n_pods : 1, sizeof *x->logs);
            for (size_t p = 0; p < x->view.n_pods && p < DIAG_PODS; p++)
                if (x->view.pods[p].crashed)
                    x->logs[p] = last_log(kubectl, t, &x->view.pods[p]);
        }
    }
    free(kubectl);
}

void deploy_diagnose_free(struct diagnoses *d)
{
    for (size_t k = 0; k < d->n; k++) {
        struct diagnosis *x = &d->v[k];
        if (x->logs)
            for (size_t p = 0; p < x->view.n_pods; p++)
                free(x->logs[p]);
        free(x->logs);
        if (x->looked)
            resview_free(&x->view);
    }
    free(d->v);
    diag_events_free(&d->events);
    memset(d, 0, sizeof *d);
}
