/* The profile adopt prints (include/gitops/adopt.h): a setting every Application shares goes to
 * the site's argocd:, any other to its component; then the block appended to helm-panda.yaml,
 * and the check that rendering it gives back the folder. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/yamldoc.h"
#include "gitops/adopt.h"
#include "gitops/adopt_app.h"
#include "gitops/adopt_text.h"
#include "gitops/yamleq.h"
#include "hp/file.h"

/* the settings of one Application, in the order they are written; NULL: not set */
enum { S_PROJECT, S_SERVER, S_SYNC, S_SYNC_OPTIONS, S_FINALIZERS, S_ANNOTATIONS, S_LABELS, S_IGNORE, S_SHARED,
       S_IMAGES = S_SHARED, S_UPDATER_NAME, S_UPDATER_NS, S_UPDATER_FILE, S_FILE, S_N };
static const char *const setting_key[S_N] = {"project", "server", "sync", "syncOptions", "finalizers", "annotations",
                                             "labels", "ignoreDifferences", "imageUpdater", "imageUpdaterName",
                                             "imageUpdaterNamespace", "imageUpdaterFile", "file"};

static char *text(void (*fill)(struct hp_buf *, const void *), const void *arg)
{
    struct hp_buf b = {0};
    fill(&b, arg);
    char *s = hp_xstrdup(hp_buf_cstr(&b));
    hp_buf_free(&b);
    return s;
}

static void fill_list(struct hp_buf *b, const void *l) { gitops_adopt_flow_list(b, l); }
static void fill_scalar(struct hp_buf *b, const void *s) { gitops_adopt_quoted(b, s); }

static void fill_map(struct hp_buf *b, const void *arg)
{
    const struct hp_strlist *l = arg;
    hp_buf_append_str(b, "{");
    for (size_t i = 0; i + 1 < l->n; i += 2)
        if (*l->v[i])
            gitops_adopt_kv(b, l->v[i], l->v[i + 1]);
    hp_buf_append_str(b, "}");
}

static bool any_key(const struct hp_strlist *kv)
{
    for (size_t i = 0; i + 1 < kv->n; i += 2)
        if (*kv->v[i])
            return true;
    return false;
}

/* the image list as flow mappings, one per line ('\n' between) */
static char *images_text(const struct hp_strlist *im)
{
    static const char *const keys[] = {"alias", "image", "updateStrategy", "helmImageName", "helmImageTag", "allowTags"};
    struct hp_buf b = {0};
    for (size_t i = 0; i + 5 < im->n; i += 6) {
        hp_buf_append_str(&b, i ? "\n{" : "{");
        for (size_t k = 0; k < 6; k++)
            if (*im->v[i + k])
                gitops_adopt_kv(&b, keys[k], im->v[i + k]);
        hp_buf_append_str(&b, "}");
    }
    char *s = hp_xstrdup(hp_buf_cstr(&b));
    hp_buf_free(&b);
    return s;
}

static char *joined(const struct hp_strlist *l)
{
    struct hp_buf b = {0};
    for (size_t i = 0; i < l->n; i++)
        hp_buf_appendf(&b, "%s%s", i ? "\n" : "", l->v[i]);
    char *s = hp_xstrdup(hp_buf_cstr(&b));
    hp_buf_free(&b);
    return s;
}

/* a child's file as the profile names it: without apps/ in gitops' default layout */
static const char *in_layout(const struct gitops_adopt *a, const char *file)
{
    size_t n = strlen(GITOPS_APPS_SUBDIR "/");
    return a->apps_layout && strncmp(file, GITOPS_APPS_SUBDIR "/", n) == 0 ? file + n : file;
}

static void settings(const struct gitops_adopt *a, const struct gitops_adopt_app *app, char *out[S_N])
{
    memset(out, 0, S_N * sizeof *out);
    out[S_PROJECT] = app->project ? text(fill_scalar, app->project) : NULL;
    out[S_SERVER] = app->server ? text(fill_scalar, app->server) : NULL;
    out[S_SYNC] = hp_xstrdup(app->automated ? "auto" : "manual");
    out[S_SYNC_OPTIONS] = app->has_sync_options ? text(fill_list, &app->sync_options) : NULL;
    out[S_FINALIZERS] = text(fill_list, &app->finalizers);
    out[S_ANNOTATIONS] = any_key(&app->annotations) ? text(fill_map, &app->annotations) : NULL;
    out[S_LABELS] = any_key(&app->labels) ? text(fill_map, &app->labels) : NULL;
    out[S_IGNORE] = app->ignore.n ? joined(&app->ignore) : NULL;
    out[S_IMAGES] = app->images.n ? images_text(&app->images) : NULL;
    for (size_t i = 0; i + 3 < a->updaters.n; i += 4) {
        if (strcmp(a->updaters.v[i], app->name) != 0)
            continue;
        const char *name = a->updaters.v[i + 1], *ns = a->updaters.v[i + 2], *file = a->updaters.v[i + 3];
        char *dflt = hp_xasprintf(a->apps_layout ? "%s.image-updater.yaml" : "%s-image-updater.yaml", app->name);
        out[S_UPDATER_NAME] = strcmp(name, app->name) ? text(fill_scalar, name) : NULL;
        out[S_UPDATER_NS] = *ns && app->argocd_ns && strcmp(ns, app->argocd_ns) ? text(fill_scalar, ns) : NULL;
        out[S_UPDATER_FILE] = strcmp(in_layout(a, file), dflt) ? text(fill_scalar, in_layout(a, file)) : NULL;
        free(dflt);
    }
    char *dflt = hp_xasprintf("%s.yaml", app->name);
    out[S_FILE] = strcmp(in_layout(a, app->file), dflt) ? text(fill_scalar, in_layout(a, app->file)) : NULL;
    free(dflt);
}

/* key: value at indent; a list of mappings ('\n' between items) as a block list */
static void put(struct hp_buf *b, int indent, const char *key, const char *value, bool items)
{
    if (!items) {
        hp_buf_appendf(b, "%*s%s: %s\n", indent, "", key, value);
        return;
    }
    hp_buf_appendf(b, "%*s%s:\n", indent, "", key);
    for (const char *p = value; *p;) {
        const char *nl = strchr(p, '\n');
        size_t n = nl ? (size_t)(nl - p) : strlen(p);
        hp_buf_appendf(b, "%*s  - %.*s\n", indent, "", (int)n, p);
        p += n + (nl ? 1 : 0);
    }
}

/* key: value, the value quoted when YAML would take it for something else */
static void put_str(struct hp_buf *b, int indent, const char *key, const char *value)
{
    struct hp_buf v = {0};
    gitops_adopt_quoted(&v, value);
    put(b, indent, key, hp_buf_cstr(&v), false);
    hp_buf_free(&v);
}

static bool is_items(int k) { return k == S_IGNORE || k == S_IMAGES; }

static bool same(const char *x, const char *y) { return (!x && !y) || (x && y && strcmp(x, y) == 0); }

/* The deployment-name key of an Application: its first parameter naming the release ("off"
 * without), and where the rest of its parameters start */
static char *deployment_key(const struct gitops_adopt_app *app, size_t *rest)
{
    *rest = 0;
    const char *first = app->params.n ? app->params.v[0] : NULL, *eq = first ? strchr(first, '=') : NULL;
    if (!eq || strcmp(eq + 1, app->name) != 0)
        return hp_xstrdup("off");
    *rest = 1;
    char *key = hp_xstrndup(first, (size_t)(eq - first));
    if (strcmp(key, "global.deploymentName") == 0) {
        free(key);
        key = hp_xstrdup("on");
    }
    return key;
}

struct shape {
    char *(*set)[S_N]; /* per Application */
    char *site[S_N];   /* the site's argocd: settings: what every Application shares; a parent's own */
    char **key;        /* deploymentName per Application */
    bool shared[S_N], key_shared, wave;
};

static void shape_build(const struct gitops_adopt *a, struct shape *sh, struct hp_strlist *problems)
{
    sh->set = hp_xcalloc(a->n_apps, sizeof *sh->set);
    sh->key = hp_xcalloc(a->n_apps, sizeof *sh->key);
    for (size_t i = 0; i < a->n_apps; i++) {
        settings(a, &a->apps[i], sh->set[i]);
        size_t rest;
        sh->key[i] = deployment_key(&a->apps[i], &rest);
        sh->wave = sh->wave || a->apps[i].wave;
        /* the site's set: goes to every release: the other parameters must be the first one's */
        const struct gitops_adopt_app *p = &a->apps[i], *f = &a->apps[0];
        size_t frest;
        free(deployment_key(f, &frest));
        bool equal = p->params.n - rest == f->params.n - frest;
        for (size_t j = 0; equal && j + rest < p->params.n; j++)
            equal = strcmp(p->params.v[j + rest], f->params.v[j + frest]) == 0;
        if (!equal)
            hp_strlist_pushf(problems, "%s: spec.source.helm.parameters: not those of %s: a site's set: goes to every release",
                             p->file, f->file);
    }
    for (int k = 0; k < S_N; k++) {
        sh->shared[k] = k < S_SHARED;
        for (size_t i = 1; i < a->n_apps && sh->shared[k]; i++)
            sh->shared[k] = same(sh->set[i][k], sh->set[0][k]);
        if (sh->shared[k] && sh->set[0][k])
            sh->site[k] = hp_xstrdup(sh->set[0][k]);
    }
    /* the parent takes the site's project and sync: they must be its own, the children differ */
    if (a->parent && a->parent_project && !same(sh->site[S_PROJECT], a->parent_project)) {
        free(sh->site[S_PROJECT]);
        sh->site[S_PROJECT] = text(fill_scalar, a->parent_project);
    }
    if (a->parent && !same(sh->site[S_SYNC], a->parent_automated ? "auto" : "manual")) {
        free(sh->site[S_SYNC]);
        sh->site[S_SYNC] = hp_xstrdup(a->parent_automated ? "auto" : "manual");
    }
    sh->key_shared = true;
    for (size_t i = 1; i < a->n_apps; i++)
        sh->key_shared = sh->key_shared && strcmp(sh->key[i], sh->key[0]) == 0;
}

static void shape_free(const struct gitops_adopt *a, struct shape *sh)
{
    for (size_t i = 0; i < a->n_apps; i++) {
        for (int k = 0; k < S_N; k++)
            free(sh->set[i][k]);
        free(sh->key[i]);
    }
    for (int k = 0; k < S_N; k++)
        free(sh->site[k]);
    free(sh->set);
    free(sh->key);
}

static void site_head(const struct gitops_adopt *a, const struct shape *sh, struct hp_buf *b)
{
    const struct gitops_adopt_app *f = &a->apps[0];
    struct hp_strlist l = {0};
    if (f->dest_ns)
        put_str(b, 4, "namespace", f->dest_ns);
    for (size_t i = 0; i < a->n_apps; i++)
        hp_strlist_push(&l, a->apps[i].component);
    hp_buf_append_str(b, "    enable: ");
    gitops_adopt_flow_list(b, &l);
    hp_buf_append_str(b, "\n");
    hp_strlist_free(&l);
    if (sh->key_shared && strcmp(sh->key[0], "on") != 0)
        put(b, 4, "deploymentName", sh->key[0], false);
    size_t rest;
    free(deployment_key(f, &rest));
    if (f->params.n > rest) {
        hp_buf_append_str(b, "    set: [");
        for (size_t j = rest; j < f->params.n; j++) {
            hp_buf_append_str(b, j > rest ? ", " : "");
            gitops_adopt_quoted(b, f->params.v[j]);
        }
        hp_buf_append_str(b, "]\n");
    }
    hp_buf_append_str(b, "    argocd:\n");
    if (f->argocd_ns)
        put_str(b, 6, "namespace", f->argocd_ns);
    if (f->repo)
        put_str(b, 6, "repo", f->repo);
    if (f->revision)
        put_str(b, 6, "revision", f->revision);
    if (a->parent)
        put_str(b, 6, "name", a->parent);
    else
        hp_buf_append_str(b, "      parent: false\n");
    if (!a->apps_layout)
        hp_buf_append_str(b, "      layout: flat\n");
    if (!sh->wave)
        hp_buf_append_str(b, "      syncWave: false\n");
    if (a->take_over.n) {
        hp_buf_append_str(b, "      takeOver: ");
        gitops_adopt_flow_list(b, &a->take_over);
        hp_buf_append_str(b, "\n");
    }
    for (int k = 0; k < S_SHARED; k++)
        if (sh->site[k])
            put(b, 6, setting_key[k], sh->site[k], is_items(k));
}

void gitops_adopt_profile(struct gitops_adopt *a, const char *site, struct hp_buf *b)
{
    struct shape sh = {0};
    if (!a->n_apps)
        return;
    shape_build(a, &sh, &a->problems);
    hp_buf_appendf(b, "  %s:\n", site);
    site_head(a, &sh, b);
    hp_buf_append_str(b, "    components:\n");
    for (size_t i = 0; i < a->n_apps; i++) {
        const struct gitops_adopt_app *app = &a->apps[i];
        hp_buf_appendf(b, "      %s:\n", app->component);
        put_str(b, 8, "name", app->name);
        if (!sh.key_shared && strcmp(sh.key[i], "on") != 0)
            put(b, 8, "deploymentName", sh.key[i], false);
        struct hp_strlist values = {0};
        for (size_t j = app->values.n && strcmp(app->values.v[0], "values.yaml") == 0 ? 1 : 0; j < app->values.n; j++)
            hp_strlist_push(&values, app->values.v[j]);
        hp_buf_append_str(b, "        values: ");
        gitops_adopt_flow_list(b, &values);
        hp_buf_append_str(b, "\n        argocd:\n");
        hp_strlist_free(&values);
        bool any = false;
        for (int k = 0; k < S_N; k++)
            if (sh.set[i][k] && !same(sh.set[i][k], sh.site[k])) {
                put(b, 10, setting_key[k], sh.set[i][k], is_items(k));
                any = true;
            }
        if (!any) /* "argocd:" with nothing under it would be null */
            b->len -= strlen("        argocd:\n");
    }
    shape_free(a, &sh);
}

int gitops_adopt_append(const char *file, const struct hp_buf *have, const char *site, const struct hp_buf *block,
                        struct hp_buf *out, struct hp_error *e)
{
    struct deploy_yaml y;
    if (deploy_yaml_load(&y, file, have->data, have->len, e) < 0)
        return -1;
    yaml_node_t *root = deploy_yaml_root(&y), *k = NULL, *v = NULL, *sites = NULL;
    int rc = 0;
    size_t n = 0;
    while (root && root->type == YAML_MAPPING_NODE && deploy_yaml_pair(&y, root, n, &k, &v))
        n++;
    if (root && root->type == YAML_MAPPING_NODE)
        sites = deploy_yaml_get(&y, root, "sites");
    if (sites && strcmp(deploy_yaml_scalar(k), "sites") != 0)
        rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: sites: is not the last key: add the block adopt prints by hand",
                          file);
    else if (sites && sites->type == YAML_MAPPING_NODE && sites->data.mapping.style == YAML_FLOW_MAPPING_STYLE)
        rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: sites: is a flow mapping ({...}): add the block by hand", file);
    else if (sites && deploy_yaml_get(&y, sites, site))
        rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: sites.%s exists already", file, site);
    else if (sites && sites->type != YAML_MAPPING_NODE && *deploy_yaml_scalar(sites))
        rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: sites: is not a mapping", file);
    if (rc == 0) {
        hp_buf_append(out, have->data, have->len);
        if (have->len && have->data[have->len - 1] != '\n')
            hp_buf_append_str(out, "\n");
        if (!sites)
            hp_buf_append_str(out, "sites:\n");
        hp_buf_append(out, block->data, block->len);
    }
    deploy_yaml_free(&y);
    return rc;
}

static bool in_docs(const struct gitops_docs *docs, const char *file)
{
    for (size_t i = 0; i < docs->n; i++)
        if (strcmp(docs->v[i].file, file) == 0)
            return true;
    return false;
}

int gitops_adopt_verify(const struct gitops_docs *docs, const char *dir, struct hp_strlist *problems,
                        struct hp_error *e)
{
    for (size_t i = 0; i < docs->n; i++) {
        char *path = hp_path_join(docs->outdir, docs->v[i].file);
        struct hp_buf have = {0};
        struct hp_strlist diffs = {0};
        int n = 0;
        if (!hp_path_exists(path))
            hp_strlist_pushf(problems, "%s: not in %s: the profile would add the %s '%s'", docs->v[i].file, dir,
                             docs->v[i].kind, docs->v[i].name);
        else if ((n = hp_file_read(path, &have, e)) == 0)
            n = gitops_yaml_compare(docs->v[i].file, have.data, have.len, docs->v[i].yaml.data, docs->v[i].yaml.len,
                                    &diffs, e);
        for (size_t j = 0; j < diffs.n; j++)
            hp_strlist_pushf(problems, "%s: %s", docs->v[i].file, diffs.v[j]);
        hp_strlist_free(&diffs);
        hp_buf_free(&have);
        free(path);
        if (n < 0)
            return -1;
    }
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, alphasort);
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (name[0] != '.' && hp_str_has_suffix(name, ".yaml") && !in_docs(docs, name))
            hp_strlist_pushf(problems, "%s: the profile does not write it (gitops would leave it as it is)", name);
        free(list[i]);
    }
    free(list);
    return 0;
}

void gitops_adopt_free(struct gitops_adopt *a)
{
    for (size_t i = 0; i < a->n_apps; i++) {
        struct gitops_adopt_app *p = &a->apps[i];
        char *strs[] = {p->file, p->name, p->component, p->argocd_ns, p->repo, p->revision, p->project, p->server,
                        p->dest_ns};
        for (size_t k = 0; k < sizeof strs / sizeof *strs; k++)
            free(strs[k]);
        struct hp_strlist *lists[] = {&p->sync_options, &p->finalizers, &p->annotations, &p->labels, &p->images,
                                      &p->ignore, &p->values, &p->params};
        for (size_t k = 0; k < sizeof lists / sizeof *lists; k++)
            hp_strlist_free(lists[k]);
    }
    free(a->apps);
    free(a->parent);
    free(a->parent_project);
    hp_strlist_free(&a->updaters);
    hp_strlist_free(&a->take_over);
    hp_strlist_free(&a->problems);
    memset(a, 0, sizeof *a);
}
