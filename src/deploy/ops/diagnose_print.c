/* The diagnosis of failed releases as text after the summary, and in the summary's JSON (see
 * include/deploy/ops/diagnose.h). */
#include <cJSON.h>
#include <string.h>

#include "deploy/ops/diagnose.h"
#include "hp/util.h"

#define NO_KUBECTL "kubectl is not on PATH: with it, this diagnosis would add the events of these objects " \
                   "and the last log lines of crashed containers"

/* The last DIAG_EVENTS_PER_OBJECT events of kind/name, oldest first: their indices into ev. */
static size_t last_events(const struct diag_events *ev, const char *kind, const char *name, size_t *idx)
{
    size_t k = 0;
    for (size_t i = ev->n; i-- > 0 && k < DIAG_EVENTS_PER_OBJECT;)
        if (strcmp(ev->v[i].kind, kind) == 0 && strcmp(ev->v[i].name, name) == 0)
            idx[k++] = i;
    for (size_t a = 0, b = k; a + 1 < b; a++, b--) {
        size_t t = idx[a];
        idx[a] = idx[b - 1];
        idx[b - 1] = t;
    }
    return k;
}

static void print_events(const struct diag_events *ev, const char *kind, const char *name, FILE *out)
{
    size_t idx[DIAG_EVENTS_PER_OBJECT];
    size_t k = last_events(ev, kind, name, idx);
    for (size_t i = 0; i < k; i++) {
        const struct diag_event *x = &ev->v[idx[i]];
        fprintf(out, "      event %s %s %s: %s", x->time, x->type, x->reason, x->message);
        if (x->count > 1)
            fprintf(out, " (x%d)", x->count);
        fputc('\n', out);
    }
}

static void print_log(const char *log, FILE *out)
{
    struct hp_lines l;
    const char *s, *e;
    hp_lines_init(&l, log, strlen(log));
    while (hp_lines_next(&l, &s, &e))
        fprintf(out, "      | %.*s\n", (int)(e - s), s);
}

static void print_one(const struct diagnoses *d, const struct diagnosis *x, const char *release, FILE *out)
{
    const struct resview *v = &x->view;
    if (!x->looked) {
        fprintf(out, "  %s: helm could not show its resources\n", release);
        return;
    }
    if (!resview_waiting(v) && !v->n_pods) {
        fprintf(out, "  %s: every resource helm shows is ready (see helm's error above)\n", release);
        return;
    }
    fprintf(out, "  %s:", release);
    for (size_t i = 0, k = 0; i < v->n_items; i++)
        if (!v->items[i].ok)
            fprintf(out, "%s %s/%s %d/%d", k++ ? "," : " not ready:", v->items[i].kind, v->items[i].name,
                    v->items[i].ready, v->items[i].desired);
    fputc('\n', out);
    for (size_t i = 0; i < v->n_items; i++)
        if (!v->items[i].ok)
            print_events(&d->events, v->items[i].kind, v->items[i].name, out);
    for (size_t p = 0; p < v->n_pods && p < DIAG_PODS; p++) {
        const struct resview_pod *pod = &v->pods[p];
        fprintf(out, "    pod %s: %s", pod->name, pod->reason);
        if (pod->container && pod->restarts)
            fprintf(out, " (container %s, %d restarts)", pod->container, pod->restarts);
        else if (pod->container)
            fprintf(out, " (container %s)", pod->container);
        fprintf(out, "%s%s\n", pod->message[0] ? ": " : "", pod->message);
        print_events(&d->events, "Pod", pod->name, out);
        if (x->logs && x->logs[p]) {
            fprintf(out, "      last log lines of %s's previous run:\n", pod->container ? pod->container : "its container");
            print_log(x->logs[p], out);
        }
    }
    if (v->n_pods > DIAG_PODS)
        fprintf(out, "    (%zu more pods not ready)\n", v->n_pods - DIAG_PODS);
}

void deploy_diagnose_print(const struct diagnoses *d, const struct runner_job *jobs, FILE *out)
{
    if (!d->n)
        return;
    fprintf(out, "\nwhy:\n");
    for (size_t k = 0; k < d->n; k++)
        print_one(d, &d->v[k], jobs[d->v[k].job].name, out);
    if (d->no_kubectl)
        fprintf(out, "%s: %s\n", HP_PROG, NO_KUBECTL);
    fflush(out);
}

static cJSON *events_json(const struct diag_events *ev, const char *kind, const char *name)
{
    size_t idx[DIAG_EVENTS_PER_OBJECT];
    size_t k = last_events(ev, kind, name, idx);
    cJSON *a = cJSON_CreateArray();
    for (size_t i = 0; i < k; i++) {
        const struct diag_event *x = &ev->v[idx[i]];
        cJSON *o = cJSON_CreateObject();
        cJSON_AddStringToObject(o, "time", x->time);
        cJSON_AddStringToObject(o, "type", x->type);
        cJSON_AddStringToObject(o, "reason", x->reason);
        cJSON_AddStringToObject(o, "message", x->message);
        cJSON_AddNumberToObject(o, "count", x->count);
        cJSON_AddItemToArray(a, o);
    }
    return a;
}

static cJSON *one_json(const struct diagnoses *d, const struct diagnosis *x)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddBoolToObject(o, "resourcesShown", x->looked);
    cJSON *items = cJSON_AddArrayToObject(o, "notReady");
    for (size_t i = 0; x->looked && i < x->view.n_items; i++) {
        const struct resview_item *it = &x->view.items[i];
        if (it->ok)
            continue;
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "kind", it->kind);
        cJSON_AddStringToObject(j, "name", it->name);
        cJSON_AddNumberToObject(j, "ready", it->ready);
        cJSON_AddNumberToObject(j, "desired", it->desired);
        cJSON_AddItemToObject(j, "events", events_json(&d->events, it->kind, it->name));
        cJSON_AddItemToArray(items, j);
    }
    cJSON *pods = cJSON_AddArrayToObject(o, "pods");
    for (size_t p = 0; x->looked && p < x->view.n_pods && p < DIAG_PODS; p++) {
        const struct resview_pod *pod = &x->view.pods[p];
        cJSON *j = cJSON_CreateObject();
        cJSON_AddStringToObject(j, "name", pod->name);
        cJSON_AddStringToObject(j, "reason", pod->reason);
        cJSON_AddStringToObject(j, "message", pod->message);
        if (pod->container) {
            cJSON_AddStringToObject(j, "container", pod->container);
            cJSON_AddNumberToObject(j, "restarts", pod->restarts);
        }
        cJSON_AddItemToObject(j, "events", events_json(&d->events, "Pod", pod->name));
        if (x->logs && x->logs[p])
            cJSON_AddStringToObject(j, "log", x->logs[p]);
        cJSON_AddItemToArray(pods, j);
    }
    return o;
}

void deploy_diagnose_json(const struct diagnoses *d, void *summary)
{
    cJSON *releases = cJSON_GetObjectItemCaseSensitive(summary, "releases");
    for (size_t k = 0; k < d->n; k++) {
        cJSON *r = cJSON_GetArrayItem(releases, (int)d->v[k].job);
        if (r)
            cJSON_AddItemToObject(r, "diagnosis", one_json(d, &d->v[k]));
    }
    if (d->n && d->no_kubectl)
        cJSON_AddStringToObject(summary, "diagnosisNote", NO_KUBECTL);
}
