/* The Application writer, on libyaml's emitter: libyaml picks a safe style for strings with
 * YAML syntax in them (": ", "#", leading "-", ...); we add the one thing it cannot know, that
 * a plain 0 or "false" would change type on the way to the API server (the shared rule of
 * hp/yaml_scalar.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "gitops/app.h"
#include "hp/utf8.h"
#include "hp/yaml_scalar.h"

bool gitops_scalar_needs_quotes(const char *s)
{
    return hp_yaml_would_resolve_to_non_string(s, strlen(s));
}

struct emit {
    yaml_emitter_t em;
    yaml_event_t ev;
    int failed;          /* first libyaml failure wins; later calls do nothing */
    const char *problem; /* ours, when we refused a string before libyaml saw it */
};

static int buf_out(void *data, unsigned char *p, size_t n)
{
    hp_buf_append(data, p, n);
    return 1;
}

static void emit_event(struct emit *x, int initialized)
{
    if (x->failed)
        return;
    if (!initialized || !yaml_emitter_emit(&x->em, &x->ev))
        x->failed = 1;
}

static void scalar(struct emit *x, const char *s)
{
    if (x->failed)
        return;
    /* strict UTF-8 (hp/utf8.h): libyaml's emitter lets overlong forms, surrogates and code
     * points past U+10FFFF through, and writes escapes (\U001D7688) its own reader refuses */
    if (!hp_utf8_valid(s, strlen(s))) {
        x->failed = 1;
        x->problem = "a value is not valid UTF-8";
        return;
    }
    bool quote = gitops_scalar_needs_quotes(s);
    yaml_scalar_style_t style = quote ? YAML_DOUBLE_QUOTED_SCALAR_STYLE : YAML_ANY_SCALAR_STYLE;
    emit_event(x, yaml_scalar_event_initialize(&x->ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), !quote, 1, style));
}

/* A real boolean (syncPolicy flags), written plain on purpose. */
static void boolean(struct emit *x, bool v)
{
    const char *s = v ? "true" : "false";
    if (!x->failed)
        emit_event(x, yaml_scalar_event_initialize(&x->ev, NULL, NULL, (yaml_char_t *)s, (int)strlen(s), 1, 0,
                                                   YAML_PLAIN_SCALAR_STYLE));
}

static void map_start(struct emit *x)
{
    emit_event(x, yaml_mapping_start_event_initialize(&x->ev, NULL, NULL, 1, YAML_BLOCK_MAPPING_STYLE));
}

static void map_end(struct emit *x)
{
    emit_event(x, yaml_mapping_end_event_initialize(&x->ev));
}

static void seq_start(struct emit *x)
{
    emit_event(x, yaml_sequence_start_event_initialize(&x->ev, NULL, NULL, 1, YAML_BLOCK_SEQUENCE_STYLE));
}

static void seq_end(struct emit *x)
{
    emit_event(x, yaml_sequence_end_event_initialize(&x->ev));
}

static void pair(struct emit *x, const char *k, const char *v)
{
    scalar(x, k);
    scalar(x, v);
}

static void emit_helm(struct emit *x, const struct gitops_app *app, struct hp_error *e, int *bad)
{
    scalar(x, "helm");
    map_start(x);
    pair(x, "releaseName", app->release);
    if (app->value_files && app->value_files->n) {
        scalar(x, "valueFiles");
        seq_start(x);
        for (size_t i = 0; i < app->value_files->n; i++)
            scalar(x, app->value_files->v[i]);
        seq_end(x);
    }
    if (app->params && app->params->n) {
        scalar(x, "parameters");
        seq_start(x);
        for (size_t i = 0; i < app->params->n; i++) {
            const char *kv = app->params->v[i];
            const char *eq = strchr(kv, '=');
            if (!eq || eq == kv) {
                hp_error_set(e, HP_ERR_GENERIC, "%s: --set '%s' is not NAME=VALUE", app->name, kv);
                *bad = 1;
                x->failed = 1;
                return;
            }
            char *name = hp_xstrndup(kv, (size_t)(eq - kv));
            map_start(x);
            pair(x, "name", name);
            pair(x, "value", eq + 1);
            map_end(x);
            free(name);
        }
        seq_end(x);
    }
    map_end(x);
}

/* Argo CD's multi-source form for an OCI chart: the chart from the registry, its values from
 * the site repository (ref: values, referred to as $values/... in valueFiles). */
static void emit_oci_sources(struct emit *x, const struct gitops_app *app, const struct gitops_settings *s,
                             struct hp_error *e, int *bad)
{
    scalar(x, "sources");
    seq_start(x);
    map_start(x);
    pair(x, "repoURL", app->oci_repo);
    pair(x, "chart", app->oci_chart);
    pair(x, "targetRevision", app->oci_version);
    emit_helm(x, app, e, bad);
    map_end(x);
    map_start(x);
    pair(x, "repoURL", s->repo_url);
    pair(x, "targetRevision", s->revision);
    pair(x, "ref", "values");
    map_end(x);
    seq_end(x);
}

/* A mapping from a key, value, key, value list. */
static void kv_map(struct emit *x, const char *key, const struct hp_strlist *kv)
{
    if (!kv || kv->n < 2)
        return;
    scalar(x, key);
    map_start(x);
    for (size_t i = 0; i + 1 < kv->n; i += 2)
        pair(x, kv->v[i], kv->v[i + 1]);
    map_end(x);
}

static void str_seq(struct emit *x, const char *key, const struct hp_strlist *l)
{
    if (!l || !l->n)
        return;
    scalar(x, key);
    seq_start(x);
    for (size_t i = 0; i < l->n; i++)
        scalar(x, l->v[i]);
    seq_end(x);
}

static void emit_ignore(struct emit *x, const struct gitops_app *app)
{
    if (!app->n_ignore)
        return;
    scalar(x, "ignoreDifferences");
    seq_start(x);
    for (size_t i = 0; i < app->n_ignore; i++) {
        const struct gitops_ignore *g = &app->ignore[i];
        map_start(x);
        if (g->group)
            pair(x, "group", g->group);
        pair(x, "kind", g->kind);
        if (g->name)
            pair(x, "name", g->name);
        if (g->namespace_)
            pair(x, "namespace", g->namespace_);
        str_seq(x, "jsonPointers", g->json_pointers);
        str_seq(x, "jqPathExpressions", g->jq_paths);
        str_seq(x, "managedFieldsManagers", g->managers);
        map_end(x);
    }
    seq_end(x);
}

/* Starts a document the same way for every kind: stream, document, top mapping. */
static int doc_begin(struct emit *x, struct hp_buf *out, const char *name, struct hp_error *e)
{
    if (!yaml_emitter_initialize(&x->em))
        return hp_error_set(e, HP_ERR_GENERIC, "%s: cannot initialise the YAML emitter", name);
    yaml_emitter_set_output(&x->em, buf_out, out);
    yaml_emitter_set_unicode(&x->em, 1);
    yaml_emitter_set_width(&x->em, -1);
    yaml_emitter_set_indent(&x->em, 2);
    emit_event(x, yaml_stream_start_event_initialize(&x->ev, YAML_UTF8_ENCODING));
    emit_event(x, yaml_document_start_event_initialize(&x->ev, NULL, NULL, NULL, 1));
    map_start(x);
    return 0;
}

static int doc_end(struct emit *x, const char *name, const char *what, struct hp_error *e)
{
    map_end(x);
    emit_event(x, yaml_document_end_event_initialize(&x->ev, 1));
    emit_event(x, yaml_stream_end_event_initialize(&x->ev));
    int failed = x->failed;
    const char *problem = x->problem ? x->problem : x->em.problem;
    if (failed)
        hp_error_set(e, HP_ERR_GENERIC, "%s: cannot write the %s: %s", name, what, problem ? problem : "YAML emitter error");
    yaml_emitter_delete(&x->em);
    return failed ? -1 : 0;
}

int gitops_image_updater_write(const char *name, const char *argocd_namespace, const char *app, struct hp_buf *out,
                               struct hp_error *e)
{
    struct emit x = {0};
    if (doc_begin(&x, out, name, e) < 0)
        return -1;
    pair(&x, "apiVersion", "argocd-image-updater.argoproj.io/v1alpha1");
    pair(&x, "kind", "ImageUpdater");
    scalar(&x, "metadata");
    map_start(&x);
    pair(&x, "name", name);
    pair(&x, "namespace", argocd_namespace);
    map_end(&x);
    scalar(&x, "spec");
    map_start(&x);
    scalar(&x, "applicationRefs");
    seq_start(&x);
    map_start(&x);
    pair(&x, "namePattern", app);
    scalar(&x, "useAnnotations");
    boolean(&x, true);
    map_end(&x);
    seq_end(&x);
    map_end(&x);
    return doc_end(&x, name, "ImageUpdater", e);
}

static void emit_metadata(struct emit *x, const struct gitops_app *app, const struct gitops_settings *s)
{
    scalar(x, "metadata");
    map_start(x);
    pair(x, "name", app->name);
    pair(x, "namespace", s->argocd_namespace);
    kv_map(x, "labels", app->labels);
    if (app->wave >= 0 || (app->annotations && app->annotations->n >= 2)) {
        scalar(x, "annotations");
        map_start(x);
        if (app->wave >= 0) {
            char wave[16];
            snprintf(wave, sizeof wave, "%d", app->wave);
            pair(x, "argocd.argoproj.io/sync-wave", wave);
        }
        for (size_t i = 0; app->annotations && i + 1 < app->annotations->n; i += 2)
            pair(x, app->annotations->v[i], app->annotations->v[i + 1]);
        map_end(x);
    }
    str_seq(x, "finalizers", app->finalizers);
    map_end(x);
}

static void emit_sync_policy(struct emit *x, const struct gitops_app *app, const struct gitops_settings *s)
{
    bool sync_options = app->sync_options && app->sync_options->n;
    if (s->sync_auto || sync_options) {
        scalar(x, "syncPolicy");
        map_start(x);
        if (s->sync_auto) {
            scalar(x, "automated");
            map_start(x);
            scalar(x, "prune");
            boolean(x, true);
            scalar(x, "selfHeal");
            boolean(x, true);
            map_end(x);
        }
        str_seq(x, "syncOptions", app->sync_options);
        map_end(x);
    }
}

int gitops_app_write(const struct gitops_app *app, const struct gitops_settings *s, struct hp_buf *out,
                     struct hp_error *e)
{
    struct emit x = {0};
    int bad = 0;
    if (!yaml_emitter_initialize(&x.em))
        return hp_error_set(e, HP_ERR_GENERIC, "%s: cannot initialise the YAML emitter", app->name);
    yaml_emitter_set_output(&x.em, buf_out, out);
    yaml_emitter_set_unicode(&x.em, 1);
    yaml_emitter_set_width(&x.em, -1); /* never fold long strings: diffs stay one line */
    yaml_emitter_set_indent(&x.em, 2);

    emit_event(&x, yaml_stream_start_event_initialize(&x.ev, YAML_UTF8_ENCODING));
    emit_event(&x, yaml_document_start_event_initialize(&x.ev, NULL, NULL, NULL, 1));
    map_start(&x);
    pair(&x, "apiVersion", "argoproj.io/v1alpha1");
    pair(&x, "kind", "Application");
    emit_metadata(&x, app, s);

    scalar(&x, "spec");
    map_start(&x);
    pair(&x, "project", s->project);
    if (app->oci_chart) {
        emit_oci_sources(&x, app, s, e, &bad);
    } else {
        scalar(&x, "source");
        map_start(&x);
        pair(&x, "repoURL", s->repo_url);
        pair(&x, "targetRevision", s->revision);
        pair(&x, "path", app->path);
        if (app->release)
            emit_helm(&x, app, e, &bad);
        map_end(&x);
    }
    scalar(&x, "destination");
    map_start(&x);
    pair(&x, "server", s->server);
    pair(&x, "namespace", app->namespace_);
    map_end(&x);
    emit_ignore(&x, app);
    emit_sync_policy(&x, app, s);
    map_end(&x); /* spec */
    map_end(&x); /* the document */
    emit_event(&x, yaml_document_end_event_initialize(&x.ev, 1));
    emit_event(&x, yaml_stream_end_event_initialize(&x.ev));
    int failed = x.failed;
    const char *problem = x.problem ? x.problem : x.em.problem;
    if (failed && !bad)
        hp_error_set(e, HP_ERR_GENERIC, "%s: cannot write the Application: %s", app->name, problem ? problem : "YAML emitter error");
    yaml_emitter_delete(&x.em);
    return failed ? -1 : 0;
}
