/* Snapshots of a deployment: the data and its JSON (see include/deploy/ops/snapshot.h). */
#include <cJSON.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/config/names.h"
#include "deploy/ops/snapshot.h"
#include "hp/util.h"

static void release_clear(struct deploy_snap_release *r)
{
    free(r->name);
    free(r->chart);
    free(r->app_version);
    free(r->oci_digest);
    free(r->values_digest);
    memset(r, 0, sizeof *r);
}

void deploy_snapshot_free(struct deploy_snapshot *s)
{
    for (size_t i = 0; s && i < s->n; i++)
        release_clear(&s->r[i]);
    if (!s)
        return;
    free(s->r);
    free(s->time);
    free(s->by);
    free(s->kube_context);
    free(s->plugin_version);
    free(s->command);
    memset(s, 0, sizeof *s);
}

void deploy_snapshots_free(struct deploy_snapshots *s)
{
    for (size_t i = 0; s && i < s->n; i++)
        deploy_snapshot_free(&s->v[i]);
    if (s) {
        free(s->v);
        s->v = NULL;
        s->n = 0;
    }
}

static char *dup_or_null(const char *s)
{
    return s ? hp_xstrdup(s) : NULL;
}

void deploy_snap_release_copy(struct deploy_snap_release *dst, const struct deploy_snap_release *src)
{
    *dst = (struct deploy_snap_release){
        .name = dup_or_null(src->name),
        .revision = src->revision,
        .stage = src->stage,
        .chart = dup_or_null(src->chart),
        .app_version = dup_or_null(src->app_version),
        .oci_digest = dup_or_null(src->oci_digest),
        .values_digest = dup_or_null(src->values_digest),
    };
}

const struct deploy_snapshot *deploy_snapshots_find(const struct deploy_snapshots *s, int id)
{
    for (size_t i = 0; i < s->n; i++)
        if (s->v[i].id == id)
            return &s->v[i];
    return NULL;
}

const struct deploy_snap_release *deploy_snapshot_release(const struct deploy_snapshot *snap, const char *name)
{
    for (size_t i = 0; snap && i < snap->n; i++)
        if (strcmp(snap->r[i].name, name) == 0)
            return &snap->r[i];
    return NULL;
}

void deploy_snapshots_push(struct deploy_snapshots *s, struct deploy_snapshot *snap, size_t max)
{
    s->v = hp_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
    s->v[s->n++] = *snap;
    memset(snap, 0, sizeof *snap);
    size_t drop = max && s->n > max ? s->n - max : 0;
    for (size_t i = 0; i < drop; i++)
        deploy_snapshot_free(&s->v[i]);
    memmove(s->v, s->v + drop, (s->n - drop) * sizeof *s->v);
    s->n -= drop;
}

/* ---- reading back: untrusted ---- */

/* Where a field is, for the one line an error says. */
struct where {
    size_t snap, rel; /* 1-based positions; rel 0: the snapshot itself */
    struct hp_error *e;
};

static int bad(const struct where *w, const char *field, const char *what)
{
    if (w->rel)
        return hp_error_set(w->e, DEPLOY_ERR_SNAPSHOT, "snapshot record: snapshot %zu, release %zu: %s %s", w->snap,
                            w->rel, field, what);
    return hp_error_set(w->e, DEPLOY_ERR_SNAPSHOT, "snapshot record: snapshot %zu: %s %s", w->snap, field, what);
}

/* A string we will print: bounded, no control characters (a terminal escape in a record
 * someone else wrote must not reach the operator's terminal). */
static bool printable(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > DEPLOY_SNAP_MAX_STRING)
        return false;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if (*p < 0x20 || *p == 0x7f)
            return false;
    return true;
}

/* An optional string field: absent or null is NULL; anything else must be printable. */
static int get_string(const cJSON *o, const char *key, bool required, char **out, const struct where *w)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    *out = NULL;
    if (!x || cJSON_IsNull(x))
        return required ? bad(w, key, "is missing") : 0;
    if (!cJSON_IsString(x) || !printable(x->valuestring))
        return bad(w, key, "is not a short printable string");
    *out = hp_xstrdup(x->valuestring);
    return 0;
}

static int get_int(const cJSON *o, const char *key, int min, int max, int *out, const struct where *w)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, key);
    if (!cJSON_IsNumber(x))
        return bad(w, key, "is missing or not a number");
    double d = x->valuedouble;
    if (!(d >= min && d <= max) || d != (double)(int)d)
        return bad(w, key, "is out of range");
    *out = (int)d;
    return 0;
}

static int parse_release(const cJSON *o, struct deploy_snap_release *r, const struct where *w)
{
    if (!cJSON_IsObject(o))
        return bad(w, "entry", "is not an object");
    if (get_string(o, "name", true, &r->name, w) < 0)
        return -1;
    if (!deploy_release_name_valid(r->name))
        return bad(w, "name", "is not a valid helm release name");
    if (get_int(o, "revision", 1, INT_MAX, &r->revision, w) < 0 ||
        get_int(o, "stage", DEPLOY_SNAP_STAGE_SECRETS, DEPLOY_SNAP_MAX_STAGE, &r->stage, w) < 0 ||
        get_string(o, "chart", false, &r->chart, w) < 0 || get_string(o, "appVersion", false, &r->app_version, w) < 0 ||
        get_string(o, "ociDigest", false, &r->oci_digest, w) < 0 ||
        get_string(o, "valuesDigest", false, &r->values_digest, w) < 0)
        return -1;
    return 0;
}

static int parse_releases(const cJSON *a, struct deploy_snapshot *s, struct where *w)
{
    if (!cJSON_IsArray(a))
        return bad(w, "releases", "is missing or not a list");
    int n = cJSON_GetArraySize(a);
    if (n > DEPLOY_SNAP_MAX_RELEASES)
        return bad(w, "releases", "has too many entries");
    s->r = hp_xcalloc(n ? (size_t)n : 1, sizeof *s->r);
    const cJSON *x;
    cJSON_ArrayForEach(x, a)
    {
        w->rel = s->n + 1;
        struct deploy_snap_release *r = &s->r[s->n++];
        if (parse_release(x, r, w) < 0)
            return -1;
        for (size_t k = 0; k + 1 < s->n; k++)
            if (strcmp(s->r[k].name, r->name) == 0)
                return bad(w, "name", "is listed twice");
    }
    w->rel = 0;
    return 0;
}

static int parse_snapshot(const cJSON *o, struct deploy_snapshot *s, struct where *w)
{
    if (!cJSON_IsObject(o))
        return bad(w, "entry", "is not an object");
    if (get_int(o, "id", 1, INT_MAX, &s->id, w) < 0 || get_string(o, "time", true, &s->time, w) < 0 ||
        get_string(o, "by", false, &s->by, w) < 0 || get_string(o, "kubeContext", false, &s->kube_context, w) < 0 ||
        get_string(o, "pluginVersion", false, &s->plugin_version, w) < 0 ||
        get_string(o, "command", false, &s->command, w) < 0)
        return -1;
    return parse_releases(cJSON_GetObjectItemCaseSensitive(o, "releases"), s, w);
}

int deploy_snapshots_parse(const char *json, size_t len, struct deploy_snapshots *out, struct hp_error *e)
{
    memset(out, 0, sizeof *out);
    cJSON *root = cJSON_ParseWithLength(json, len);
    const cJSON *a = cJSON_GetObjectItemCaseSensitive(root, "snapshots");
    int rc = 0;
    if (!cJSON_IsObject(root) || !cJSON_IsArray(a)) {
        rc = hp_error_set(e, DEPLOY_ERR_SNAPSHOT, "snapshot record: not a JSON object with a \"snapshots\" list");
    } else if (cJSON_GetArraySize(a) > DEPLOY_SNAP_MAX_SNAPSHOTS) {
        rc = hp_error_set(e, DEPLOY_ERR_SNAPSHOT, "snapshot record: more than %d snapshots", DEPLOY_SNAP_MAX_SNAPSHOTS);
    } else {
        out->v = hp_xcalloc((size_t)cJSON_GetArraySize(a) + 1, sizeof *out->v);
        struct where w = {0, 0, e};
        const cJSON *x;
        cJSON_ArrayForEach(x, a)
        {
            w.snap = out->n + 1;
            struct deploy_snapshot *s = &out->v[out->n++];
            if ((rc = parse_snapshot(x, s, &w)) < 0)
                break;
            if (out->n > 1 && s->id <= out->v[out->n - 2].id) {
                rc = bad(&w, "id", "does not follow the one before (ids increase)");
                break;
            }
        }
    }
    cJSON_Delete(root);
    if (rc < 0)
        deploy_snapshots_free(out);
    return rc;
}

/* ---- writing ---- */

static void add_opt(cJSON *o, const char *key, const char *v)
{
    if (v)
        cJSON_AddStringToObject(o, key, v);
}

static cJSON *release_json(const struct deploy_snap_release *r)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "name", r->name);
    cJSON_AddNumberToObject(o, "revision", r->revision);
    cJSON_AddNumberToObject(o, "stage", r->stage);
    add_opt(o, "chart", r->chart);
    add_opt(o, "appVersion", r->app_version);
    add_opt(o, "ociDigest", r->oci_digest);
    add_opt(o, "valuesDigest", r->values_digest);
    return o;
}

void *deploy_snapshot_to_json(const struct deploy_snapshot *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddNumberToObject(o, "id", s->id);
    cJSON_AddStringToObject(o, "time", s->time);
    add_opt(o, "by", s->by);
    add_opt(o, "kubeContext", s->kube_context);
    add_opt(o, "pluginVersion", s->plugin_version);
    add_opt(o, "command", s->command);
    cJSON *a = cJSON_AddArrayToObject(o, "releases");
    for (size_t i = 0; i < s->n; i++)
        cJSON_AddItemToArray(a, release_json(&s->r[i]));
    return o;
}

void *deploy_snapshots_to_json(const struct deploy_snapshots *s)
{
    cJSON *o = cJSON_CreateObject();
    cJSON *a = cJSON_AddArrayToObject(o, "snapshots");
    for (size_t i = 0; i < s->n; i++)
        cJSON_AddItemToArray(a, deploy_snapshot_to_json(&s->v[i]));
    return o;
}
