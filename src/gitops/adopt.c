/* Reading a site's hand-written Applications and ImageUpdaters (include/gitops/adopt.h). The
 * bytes are untrusted (a folder of a repository): libyaml's loader, the first document of a
 * stream per object, strings only where strings belong; anything else is a problem line. */
#include <dirent.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "gitops/adopt.h"
#include "gitops/adopt_app.h"
#include "gitops/adopt_text.h"
#include "hp/file.h"

#define IU "argocd-image-updater.argoproj.io/"
#define WAVE "argocd.argoproj.io/sync-wave"

struct doc {
    yaml_document_t *d;
    const char *file;
    struct gitops_adopt *a;
};

static yaml_node_t *get(struct doc *x, yaml_node_t *m, const char *key)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(x->d, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            return yaml_document_get_node(x->d, p->value);
    }
    return NULL;
}

static const char *str(yaml_node_t *n) { return n && n->type == YAML_SCALAR_NODE ? (char *)n->data.scalar.value : NULL; }

/* The string at a path of keys ("spec", "source", "path", NULL), or NULL */
static const char *at(struct doc *x, yaml_node_t *n, ...)
{
    va_list ap;
    va_start(ap, n);
    for (const char *k; n && (k = va_arg(ap, const char *));)
        n = get(x, n, k);
    va_end(ap);
    return str(n);
}

static yaml_node_t *item(struct doc *x, yaml_node_t *seq, size_t i)
{
    if (!seq || seq->type != YAML_SEQUENCE_NODE || i >= (size_t)(seq->data.sequence.items.top - seq->data.sequence.items.start))
        return NULL;
    return yaml_document_get_node(x->d, seq->data.sequence.items.start[i]);
}

static void problem(struct doc *x, const char *field, const char *why)
{
    hp_strlist_pushf(&x->a->problems, "%s: %s: %s", x->file, field, why);
}

/* A list of strings into l (has: whether the key is there); anything but strings is a problem */
static bool strings(struct doc *x, yaml_node_t *seq, const char *field, struct hp_strlist *l)
{
    yaml_node_t *it;
    if (seq && seq->type != YAML_SEQUENCE_NODE) {
        problem(x, field, "not a list");
        return false;
    }
    for (size_t i = 0; (it = item(x, seq, i)); i++) {
        if (!str(it)) {
            problem(x, field, "an item that is not a string");
            return false;
        }
        hp_strlist_push(l, str(it));
    }
    return seq != NULL;
}

/* A mapping of strings into l as key, value, key, value */
static void pairs(struct doc *x, yaml_node_t *m, const char *field, struct hp_strlist *l)
{
    if (!m)
        return;
    if (m->type != YAML_MAPPING_NODE) {
        problem(x, field, "not a mapping");
        return;
    }
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        const char *k = str(yaml_document_get_node(x->d, p->key)), *v = str(yaml_document_get_node(x->d, p->value));
        if (!k || !v) {
            problem(x, field, "a key or value that is not a string");
            continue;
        }
        hp_strlist_push(l, k);
        hp_strlist_push(l, v);
    }
}

/* image-list "alias=image,..." and each alias' settings out of the annotations; the others stay */
static void images(struct doc *x, struct gitops_adopt_app *app, struct hp_strlist *ann)
{
    const char *list = NULL;
    for (size_t i = 0; i + 1 < ann->n; i += 2)
        if (strcmp(ann->v[i], IU "image-list") == 0)
            list = ann->v[i + 1];
    if (!list)
        return;
    static const char *const keys[] = {"update-strategy", "helm.image-name", "helm.image-tag", "allow-tags"};
    char *copy = hp_xstrdup(list), *save = NULL;
    for (char *tok = strtok_r(copy, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
        char *eq = strchr(tok, '=');
        if (!eq) {
            problem(x, "metadata.annotations." IU "image-list", "an image without an alias (alias=image)");
            continue;
        }
        *eq = '\0';
        hp_strlist_push(&app->images, tok);
        hp_strlist_push(&app->images, eq + 1);
        for (size_t k = 0; k < 4; k++) {
            char *name = hp_xasprintf(IU "%s.%s", tok, keys[k]);
            const char *v = "";
            for (size_t i = 0; i + 1 < ann->n; i += 2)
                if (strcmp(ann->v[i], name) == 0) {
                    v = ann->v[i + 1];
                    ann->v[i][0] = '\0'; /* taken: not a plain annotation */
                }
            hp_strlist_push(&app->images, v);
            free(name);
        }
    }
    free(copy);
    for (size_t i = 0; i + 1 < ann->n; i += 2)
        if (strcmp(ann->v[i], IU "image-list") == 0)
            ann->v[i][0] = '\0';
}

static void ignore_entries(struct doc *x, yaml_node_t *seq, struct gitops_adopt_app *app)
{
    yaml_node_t *it;
    static const char *const scalars[] = {"group", "kind", "name", "namespace"};
    static const char *const lists[] = {"jsonPointers", "jqPathExpressions", "managedFieldsManagers"};
    for (size_t i = 0; (it = item(x, seq, i)); i++) {
        struct hp_buf b = {0};
        hp_buf_append_str(&b, "{");
        for (size_t k = 0; k < 4; k++) {
            const char *v = str(get(x, it, scalars[k]));
            if (v)
                gitops_adopt_kv(&b, scalars[k], v);
        }
        for (size_t k = 0; k < 3; k++) {
            struct hp_strlist l = {0};
            if (strings(x, get(x, it, lists[k]), "spec.ignoreDifferences", &l))
                gitops_adopt_klist(&b, lists[k], &l);
            hp_strlist_free(&l);
        }
        hp_buf_append_str(&b, "}");
        hp_strlist_push(&app->ignore, hp_buf_cstr(&b));
        hp_buf_free(&b);
    }
}

static void read_helm(struct doc *x, yaml_node_t *helm, struct gitops_adopt_app *app)
{
    const char *release = str(get(x, helm, "releaseName"));
    if (release && strcmp(release, app->name) != 0)
        problem(x, "spec.source.helm.releaseName", "differs from metadata.name: helm-panda names both alike");
    strings(x, get(x, helm, "valueFiles"), "spec.source.helm.valueFiles", &app->values);
    yaml_node_t *it, *params = get(x, helm, "parameters");
    for (size_t i = 0; (it = item(x, params, i)); i++) {
        const char *n = str(get(x, it, "name")), *v = str(get(x, it, "value"));
        if (!n || !v || get(x, it, "forceString")) {
            problem(x, "spec.source.helm.parameters", "a parameter that is not a plain name and value");
            continue;
        }
        hp_strlist_pushf(&app->params, "%s=%s", n, v);
    }
}

static void read_application(struct doc *x, yaml_node_t *root)
{
    yaml_node_t *spec = get(x, root, "spec"), *source = get(x, spec, "source");
    const char *name = at(x, root, "metadata", "name", NULL), *path = str(get(x, source, "path"));
    if (!name) {
        problem(x, "metadata.name", "missing");
        return;
    }
    bool directory = source && path && !get(x, source, "helm") && !get(x, source, "chart");
    if (directory && !get(x, spec, "sources") && !strchr(x->file, '/') && !x->a->parent) {
        x->a->parent = hp_xstrdup(name); /* the app of apps: its settings are the site's */
        const char *project = str(get(x, spec, "project"));
        x->a->parent_project = project ? hp_xstrdup(project) : NULL;
        x->a->parent_automated = get(x, get(x, spec, "syncPolicy"), "automated") != NULL;
        return;
    }
    if (get(x, spec, "sources") || !source || !path || !get(x, source, "helm")) {
        problem(x, "spec.source", "not a single Helm chart of the repository (spec.sources, a second directory source): not adopted");
        return;
    }
    struct gitops_adopt *a = x->a;
    a->apps = hp_xrealloc(a->apps, (a->n_apps + 1) * sizeof *a->apps);
    struct gitops_adopt_app *app = memset(&a->apps[a->n_apps++], 0, sizeof *a->apps);
    app->file = hp_xstrdup(x->file);
    app->name = hp_xstrdup(name);
    const char *slash = strrchr(path, '/');
    app->component = hp_xstrdup(slash ? slash + 1 : path);
    const char *s;
    app->argocd_ns = (s = at(x, root, "metadata", "namespace", NULL)) ? hp_xstrdup(s) : NULL;
    app->repo = (s = str(get(x, source, "repoURL"))) ? hp_xstrdup(s) : NULL;
    app->revision = (s = str(get(x, source, "targetRevision"))) ? hp_xstrdup(s) : NULL;
    app->project = (s = str(get(x, spec, "project"))) ? hp_xstrdup(s) : NULL;
    app->server = (s = at(x, spec, "destination", "server", NULL)) ? hp_xstrdup(s) : NULL;
    app->dest_ns = (s = at(x, spec, "destination", "namespace", NULL)) ? hp_xstrdup(s) : NULL;
    yaml_node_t *sync = get(x, spec, "syncPolicy"), *meta = get(x, root, "metadata");
    app->automated = get(x, sync, "automated") != NULL;
    app->has_sync_options = strings(x, get(x, sync, "syncOptions"), "spec.syncPolicy.syncOptions", &app->sync_options);
    strings(x, get(x, meta, "finalizers"), "metadata.finalizers", &app->finalizers);
    pairs(x, get(x, meta, "labels"), "metadata.labels", &app->labels);
    pairs(x, get(x, meta, "annotations"), "metadata.annotations", &app->annotations);
    for (size_t i = 0; i + 1 < app->annotations.n; i += 2)
        if (strcmp(app->annotations.v[i], WAVE) == 0) {
            app->wave = true;
            app->annotations.v[i][0] = '\0'; /* gitops' own, from the needs */
        }
    images(x, app, &app->annotations);
    ignore_entries(x, get(x, spec, "ignoreDifferences"), app);
    read_helm(x, get(x, source, "helm"), app);
}

static void read_updater(struct doc *x, yaml_node_t *root)
{
    yaml_node_t *refs = get(x, get(x, root, "spec"), "applicationRefs");
    const char *name = at(x, root, "metadata", "name", NULL), *pattern = str(get(x, item(x, refs, 0), "namePattern"));
    if (!name || !pattern || item(x, refs, 1)) {
        problem(x, "spec.applicationRefs", "not one namePattern: only an ImageUpdater of one Application is adopted");
        return;
    }
    const char *ns = at(x, root, "metadata", "namespace", NULL);
    hp_strlist_push(&x->a->updaters, pattern);
    hp_strlist_push(&x->a->updaters, name);
    hp_strlist_push(&x->a->updaters, ns ? ns : "");
    hp_strlist_push(&x->a->updaters, x->file);
}

int gitops_adopt_add(struct gitops_adopt *a, const char *file, const unsigned char *data, size_t len,
                     struct hp_error *e)
{
    yaml_parser_t p;
    yaml_document_t d;
    if (!yaml_parser_initialize(&p))
        return hp_error_set(e, HP_ERR_GENERIC, "%s: cannot initialise the YAML parser", file);
    yaml_parser_set_input_string(&p, data, len);
    int rc = 0;
    for (size_t n = 0; rc == 0; n++) {
        if (!yaml_parser_load(&p, &d)) {
            rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: line %zu: %s", file, p.problem_mark.line + 1,
                              p.problem ? p.problem : "not YAML");
            break;
        }
        yaml_node_t *root = yaml_document_get_root_node(&d);
        struct doc x = {&d, file, a};
        const char *kind = at(&x, root, "kind", NULL);
        if (root && kind && strcmp(kind, "Application") == 0)
            read_application(&x, root);
        else if (root && kind && strcmp(kind, "ImageUpdater") == 0)
            read_updater(&x, root);
        else if (root)
            problem(&x, "kind", "neither an Application nor an ImageUpdater: not adopted");
        yaml_document_delete(&d);
        if (!root)
            break;
    }
    yaml_parser_delete(&p);
    if (rc == 0 && !(len >= strlen(GITOPS_HEADER) && memcmp(data, GITOPS_HEADER, strlen(GITOPS_HEADER)) == 0))
        hp_strlist_push(&a->take_over, file);
    return rc;
}

static int yaml_file(const struct dirent *d)
{
    return d->d_name[0] != '.' && hp_str_has_suffix(d->d_name, ".yaml");
}

/* The *.yaml of dir/sub ("" or apps), named as files of dir */
static int read_folder(struct gitops_adopt *a, const char *dir, const char *sub, struct hp_error *e)
{
    struct dirent **list = NULL;
    char *folder = *sub ? hp_path_join(dir, sub) : hp_xstrdup(dir);
    int n = scandir(folder, &list, yaml_file, alphasort), rc = 0;
    if (n < 0 && !*sub)
        rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: cannot read the folder", dir);
    for (int i = 0; i < n; i++) {
        char *path = hp_path_join(folder, list[i]->d_name);
        char *file = *sub ? hp_xasprintf("%s/%s", sub, list[i]->d_name) : hp_xstrdup(list[i]->d_name);
        struct hp_buf b = {0};
        if (rc == 0 && !hp_path_is_dir(path) && (rc = hp_file_read(path, &b, e)) == 0)
            rc = gitops_adopt_add(a, file, b.data, b.len, e);
        a->apps_layout = a->apps_layout || *sub;
        hp_buf_free(&b);
        free(file);
        free(path);
        free(list[i]);
    }
    free(list);
    free(folder);
    return rc;
}

int gitops_adopt_read_dir(struct gitops_adopt *a, const char *dir, struct hp_error *e)
{
    int rc = read_folder(a, dir, "", e);
    if (rc == 0)
        rc = read_folder(a, dir, GITOPS_APPS_SUBDIR, e);
    if (rc == 0 && a->n_apps == 0)
        rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: no Application of a Helm chart to adopt", dir);
    return rc;
}
