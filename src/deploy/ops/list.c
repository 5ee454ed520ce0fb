/* helm list --output json, read (see include/deploy/ops/list.h). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/ops/list.h"
#include "deploy/run/helmwhere.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "hp/util.h"

static void listed_clear(struct deploy_listed *l)
{
    free(l->chart);
    free(l->app_version);
    free(l->status);
    memset(l, 0, sizeof *l);
}

void deploy_listed_free(struct deploy_listed *l, size_t n)
{
    for (size_t i = 0; l && i < n; i++)
        listed_clear(&l[i]);
    free(l);
}

bool deploy_listed_installed(const struct deploy_listed *l)
{
    return l && l->found && !(l->status && strcmp(l->status, "uninstalled") == 0);
}

static char *nonempty_string(const cJSON *o, const char *key)
{
    const char *s = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(o, key));
    return s && *s ? hp_xstrdup(s) : NULL;
}

/* helm prints the revision as a string ("3"); a number is taken too */
static int revision_of(const cJSON *o)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, "revision");
    double d = cJSON_IsNumber(x) ? x->valuedouble : cJSON_IsString(x) ? strtod(x->valuestring, NULL) : 0;
    return d >= 1 && d <= 2147483647.0 ? (int)d : 0;
}

int deploy_list_parse(const char *json, size_t len, const char *const *names, size_t n, struct deploy_listed *out)
{
    memset(out, 0, n * sizeof *out);
    cJSON *a = cJSON_ParseWithLength(json, len);
    if (!cJSON_IsArray(a)) {
        cJSON_Delete(a);
        return -1;
    }
    const cJSON *x;
    cJSON_ArrayForEach(x, a)
    {
        const char *name = cJSON_GetStringValue(cJSON_GetObjectItemCaseSensitive(x, "name"));
        for (size_t i = 0; name && i < n; i++) {
            if (strcmp(names[i], name) != 0)
                continue;
            listed_clear(&out[i]); /* listed twice: the last one counts */
            out[i].found = true;
            out[i].chart = nonempty_string(x, "chart");
            out[i].app_version = nonempty_string(x, "app_version");
            out[i].status = nonempty_string(x, "status");
            out[i].revision = revision_of(x);
        }
    }
    cJSON_Delete(a);
    return 0;
}

void deploy_helm_list_argv(struct hp_strlist *a, const char *helm, int helm_major, const char *const *names, size_t n,
                           const char *namespace_, const char *kube_context)
{
    hp_strlist_push(a, helm);
    hp_strlist_push(a, "list");
    if (helm_major < 4)
        hp_strlist_push(a, "--all");
    hp_strlist_push(a, "--output");
    hp_strlist_push(a, "json");
    struct hp_buf f = {0};
    hp_buf_append_str(&f, "^(");
    for (size_t i = 0; i < n; i++) {
        if (i)
            hp_buf_append_str(&f, "|");
        for (const char *p = names[i]; *p; p++) /* release names: [a-z0-9.-]; '.' is the one to escape */
            hp_buf_appendf(&f, "%s%c", *p == '.' ? "\\" : "", *p);
    }
    hp_buf_append_str(&f, ")$");
    hp_strlist_push(a, "--filter");
    hp_strlist_push(a, hp_buf_cstr(&f));
    hp_buf_free(&f);
    deploy_helm_where_argv(a, namespace_, kube_context);
}

struct deploy_listed *deploy_helm_list_answer(int rc, const struct hp_buf *out, const struct hp_buf *err,
                                              const char *const *names, size_t n)
{
    struct deploy_listed *l = hp_xcalloc(n ? n : 1, sizeof *l);
    if (rc != 0 || deploy_list_parse(out->len ? (const char *)out->data : "", out->len, names, n, l) < 0) {
        char line[200] = "";
        struct runner_job j = {.err = *err};
        report_error_line(&j, line, sizeof line);
        /* interrupted is not "no answer": the caller's next run starts nothing (hp/interrupt.h) */
        hp_debugf("helm list: %s", rc == RUNNER_CAPTURE_INTERRUPTED ? "interrupted" : line[0] ? line : "no answer");
        deploy_listed_free(l, n);
        l = NULL;
    }
    return l;
}

struct deploy_listed *deploy_helm_list(const char *helm, int helm_major, const char *const *names, size_t n,
                                       const char *namespace_, const char *kube_context)
{
    struct hp_strlist a = {0};
    deploy_helm_list_argv(&a, helm, helm_major, names, n, namespace_, kube_context);
    struct hp_buf out = {0}, err = {0};
    struct hp_error e = {0};
    int rc = runner_capture(hp_strlist_argv(&a), &out, &err, &e);
    struct deploy_listed *l = deploy_helm_list_answer(rc, &out, &err, names, n);
    hp_buf_free(&out);
    hp_buf_free(&err);
    hp_strlist_free(&a);
    return l;
}

bool *deploy_helm_list_absent(const char *helm, int helm_major, const char *const *names, size_t n,
                              const char *namespace_, const char *kube_context)
{
    struct deploy_listed *l = deploy_helm_list(helm, helm_major, names, n, namespace_, kube_context);
    if (!l)
        return NULL;
    bool *absent = hp_xcalloc(n ? n : 1, sizeof *absent);
    for (size_t i = 0; i < n; i++)
        absent[i] = !deploy_listed_installed(&l[i]);
    deploy_listed_free(l, n);
    return absent;
}
