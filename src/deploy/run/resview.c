/* helm status -o json -> what a wait waits for (see include/deploy/run/resview.h). The rules are
 * helm's own ready checker's, reduced to what it counts: replicas for the workloads, Bound for
 * a claim, the Ready condition for a pod. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/run/helmjson.h"
#include "deploy/run/resview.h"
#include "hp/util.h"

/* a count the cluster gives, or dflt; bounded so that no hostile number overflows an int */
static int int_at(const cJSON *o, const char *a, const char *b, int dflt)
{
    const cJSON *x = helmjson_at(o, a, b);
    if (!cJSON_IsNumber(x) || !(x->valuedouble >= 0) || x->valuedouble > 1e6)
        return dflt;
    return (int)x->valuedouble;
}

static void push_item(struct resview *v, const char *kind, const char *name, int ready, int desired, bool ok)
{
    v->items = hp_xrealloc(v->items, (v->n_items + 1) * sizeof *v->items);
    v->items[v->n_items++] = (struct resview_item){hp_xstrdup(kind), hp_xstrdup(name), ready, desired, ok};
}

/* The condition TYPE's status is "True". */
static bool condition_true(const cJSON *obj, const char *type)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, helmjson_at(obj, "status", "conditions"))
    {
        const char *t = helmjson_str(c, "type", NULL), *s = helmjson_str(c, "status", NULL);
        if (t && s && strcmp(t, type) == 0)
            return strcmp(s, "True") == 0;
    }
    return false;
}

/* One object of info.resources: a workload or a claim becomes an item; other kinds are not waited on. */
static void read_object(struct resview *v, const cJSON *obj)
{
    const char *kind = helmjson_str(obj, "kind", NULL), *name = helmjson_str(obj, "metadata", "name");
    if (!kind || !name)
        return;
    const cJSON *st = helmjson_at(obj, "status", NULL);
    bool current = int_at(st, "observedGeneration", NULL, 0) >= int_at(obj, "metadata", "generation", 0);
    if (strcmp(kind, "Deployment") == 0 || strcmp(kind, "ReplicaSet") == 0) {
        int want = int_at(obj, "spec", "replicas", 1), ready = int_at(st, "readyReplicas", NULL, 0);
        int updated = int_at(st, "updatedReplicas", NULL, 0);
        push_item(v, kind, name, ready, want, current && ready >= want && (kind[0] == 'R' || updated >= want));
    } else if (strcmp(kind, "StatefulSet") == 0) {
        int want = int_at(obj, "spec", "replicas", 1), ready = int_at(st, "readyReplicas", NULL, 0);
        push_item(v, kind, name, ready, want, current && ready >= want);
    } else if (strcmp(kind, "DaemonSet") == 0) {
        int want = int_at(st, "desiredNumberScheduled", NULL, 0), ready = int_at(st, "numberReady", NULL, 0);
        push_item(v, kind, name, ready, want, current && ready >= want);
    } else if (strcmp(kind, "PersistentVolumeClaim") == 0) {
        const char *phase = helmjson_str(st, "phase", NULL);
        bool bound = phase && strcmp(phase, "Bound") == 0;
        push_item(v, kind, name, bound, 1, bound);
    } else if (strcmp(kind, "Pod") == 0) {
        bool ready = condition_true(obj, "Ready");
        push_item(v, kind, name, ready, 1, ready);
    }
}

/* The first container of LIST (containerStatuses) that is waiting or has crashed: its reason. */
static bool container_reason(const cJSON *list, struct resview_pod *p)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, list)
    {
        const cJSON *w = helmjson_at(c, "state", "waiting");
        const char *reason = helmjson_str(w, "reason", NULL);
        bool crashed = cJSON_IsObject(helmjson_at(c, "lastState", "terminated")) ||
                       cJSON_IsObject(helmjson_at(c, "state", "terminated"));
        if (!reason && !crashed)
            continue;
        const char *msg = helmjson_str(w, "message", NULL), *name = helmjson_str(c, "name", NULL);
        if (!reason)
            reason = helmjson_str(helmjson_at(c, "state", "terminated"), "reason", NULL);
        p->reason = hp_xstrdup(reason ? reason : "Terminated");
        p->message = hp_xstrdup(msg ? msg : "");
        p->container = name ? hp_xstrdup(name) : NULL;
        p->restarts = int_at(c, "restartCount", NULL, 0);
        p->crashed = crashed;
        return true;
    }
    return false;
}

/* The scheduler's word on a pod it could not place (condition PodScheduled False). */
static bool unscheduled(const cJSON *pod, struct resview_pod *p)
{
    const cJSON *c;
    cJSON_ArrayForEach(c, helmjson_at(pod, "status", "conditions"))
    {
        const char *t = helmjson_str(c, "type", NULL), *s = helmjson_str(c, "status", NULL);
        if (!t || !s || strcmp(t, "PodScheduled") != 0 || strcmp(s, "False") != 0)
            continue;
        const char *r = helmjson_str(c, "reason", NULL), *m = helmjson_str(c, "message", NULL);
        p->reason = hp_xstrdup(r ? r : "Unschedulable");
        p->message = hp_xstrdup(m ? m : "");
        return true;
    }
    return false;
}

static void read_pod(struct resview *v, const cJSON *pod)
{
    const char *name = helmjson_str(pod, "metadata", "name"), *phase = helmjson_str(pod, "status", "phase");
    if (!name || cJSON_IsString(helmjson_at(pod, "metadata", "deletionTimestamp")) || condition_true(pod, "Ready"))
        return;
    if (phase && (strcmp(phase, "Succeeded") == 0))
        return;
    struct resview_pod p = {.name = hp_xstrdup(name)};
    if (!container_reason(helmjson_at(pod, "status", "initContainerStatuses"), &p) &&
        !container_reason(helmjson_at(pod, "status", "containerStatuses"), &p) && !unscheduled(pod, &p)) {
        const char *m = helmjson_str(pod, "status", "message");
        p.reason = hp_xstrdup(phase ? phase : "Pending");
        p.message = hp_xstrdup(m ? m : "");
    }
    v->pods = hp_xrealloc(v->pods, (v->n_pods + 1) * sizeof *v->pods);
    v->pods[v->n_pods++] = p;
}

int resview_parse(const char *json, size_t len, struct resview *v, struct hp_error *e)
{
    memset(v, 0, sizeof *v);
    const char *s;
    cJSON *o = helmjson_status_object(json, len, &s, e);
    if (!o)
        return -1;
    v->status = hp_xstrdup(s ? s : "");
    const cJSON *group;
    cJSON_ArrayForEach(group, helmjson_at(o, "info", "resources"))
    {
        bool related = group->string && strstr(group->string, "(related)");
        const cJSON *obj;
        cJSON_ArrayForEach(obj, group)
        {
            if (!related) {
                read_object(v, obj);
                continue;
            }
            const cJSON *pod;
            cJSON_ArrayForEach(pod, helmjson_at(obj, "items", NULL))
                read_pod(v, pod);
        }
    }
    cJSON_Delete(o);
    return 0;
}

size_t resview_waiting(const struct resview *v)
{
    size_t n = 0;
    for (size_t i = 0; i < v->n_items; i++)
        n += !v->items[i].ok;
    return n;
}

void resview_free(struct resview *v)
{
    for (size_t i = 0; i < v->n_items; i++) {
        free(v->items[i].kind);
        free(v->items[i].name);
    }
    for (size_t i = 0; i < v->n_pods; i++) {
        free(v->pods[i].name);
        free(v->pods[i].reason);
        free(v->pods[i].message);
        free(v->pods[i].container);
    }
    free(v->items);
    free(v->pods);
    free(v->status);
    memset(v, 0, sizeof *v);
}
