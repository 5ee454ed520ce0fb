/* Scanning a deployment tree for completion candidates (see include/complete/tree.h). */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <yaml.h>

#include "complete/tree.h"
#include "hp/file.h"

/* Chart.yaml and values.yaml of a tiny chart are a few KiB; a huge file is not worth reading
 * while the user waits for TAB. */
#define MAX_YAML_BYTES (4u << 20)

static bool is_root(const char *dir)
{
    char *h = hp_path_join(dir, "helm"), *s = hp_path_join(dir, "secrets");
    bool ok = hp_path_is_dir(h) && hp_path_is_dir(s);
    free(h);
    free(s);
    return ok;
}

char *complete_find_root(const char *explicit_root)
{
    if (explicit_root && *explicit_root)
        return hp_xstrdup(explicit_root);
    const char *env = getenv("PANDA_K8S_DIR");
    if (env && *env)
        return hp_xstrdup(env);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return NULL;
    for (;;) {
        if (is_root(cwd))
            return hp_xstrdup(cwd);
        char *slash = strrchr(cwd, '/');
        if (!slash || slash == cwd) {
            /* the filesystem root itself is the last place to look */
            return is_root("/") ? hp_xstrdup("/") : NULL;
        }
        *slash = 0;
    }
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void push_unique(struct hp_strlist *out, const char *s)
{
    if (*s && !hp_strlist_contains(out, s))
        hp_strlist_push(out, s);
}

/* Sorts what was appended to `out` since index `from`. */
static void sort_tail(struct hp_strlist *out, size_t from)
{
    if (out->n > from)
        qsort(out->v + from, out->n - from, sizeof *out->v, cmp_str);
}

void complete_components(const char *root, struct hp_strlist *out)
{
    char *helm = hp_path_join(root, "helm");
    DIR *d = opendir(helm);
    if (d) {
        size_t from = out->n;
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.')
                continue;
            char *chart = hp_xasprintf("%s/%s/Chart.yaml", helm, de->d_name);
            if (hp_path_exists(chart))
                push_unique(out, de->d_name);
            free(chart);
        }
        closedir(d);
        sort_tail(out, from);
    }
    free(helm);
}

/* values-E.yaml / values-E.yml -> E (malloc'd), else NULL */
static char *experiment_of(const char *file)
{
    if (!hp_str_has_prefix(file, "values-"))
        return NULL;
    const char *e = file + strlen("values-");
    size_t n = strlen(e);
    if (hp_str_has_suffix(e, ".yaml"))
        n -= 5;
    else if (hp_str_has_suffix(e, ".yml"))
        n -= 4;
    else
        return NULL;
    return n ? hp_xstrndup(e, n) : NULL;
}

static void experiments_in(const char *dir, struct hp_strlist *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        char *e = experiment_of(de->d_name);
        if (e)
            push_unique(out, e);
        free(e);
    }
    closedir(d);
}

void complete_experiments(const char *root, struct hp_strlist *out)
{
    size_t from = out->n;
    struct hp_strlist comps = {0};
    complete_components(root, &comps);
    for (size_t i = 0; i < comps.n; i++) {
        char *dir = hp_xasprintf("%s/helm/%s/values", root, comps.v[i]);
        experiments_in(dir, out);
        free(dir);
    }
    hp_strlist_free(&comps);
    char *secrets = hp_path_join(root, "secrets");
    experiments_in(secrets, out);
    free(secrets);
    sort_tail(out, from);
}

/* --- YAML --------------------------------------------------------------------------------- */

static yaml_node_t *map_get(yaml_document_t *doc, yaml_node_t *map, const char *key)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = map->data.mapping.pairs.start; p < map->data.mapping.pairs.top; p++) {
        yaml_node_t *k = yaml_document_get_node(doc, p->key);
        if (k && k->type == YAML_SCALAR_NODE && k->data.scalar.length == strlen(key) &&
            memcmp(k->data.scalar.value, key, k->data.scalar.length) == 0)
            return yaml_document_get_node(doc, p->value);
    }
    return NULL;
}

/* A scalar's text as a C string (malloc'd); NULL for non-scalars and embedded NULs. */
static char *scalar_dup(yaml_node_t *n)
{
    if (!n || n->type != YAML_SCALAR_NODE)
        return NULL;
    const char *v = (const char *)n->data.scalar.value;
    size_t len = n->data.scalar.length;
    if (memchr(v, 0, len))
        return NULL;
    return hp_xstrndup(v, len);
}

/* Loads the first document; calls fn on its root node. */
static int with_document(const char *text, size_t len, void (*fn)(yaml_document_t *, yaml_node_t *, struct hp_strlist *),
                         struct hp_strlist *out)
{
    yaml_parser_t p;
    yaml_document_t doc;
    if (!yaml_parser_initialize(&p))
        return -1;
    yaml_parser_set_input_string(&p, (const unsigned char *)text, len);
    int ok = yaml_parser_load(&p, &doc);
    yaml_parser_delete(&p);
    if (!ok)
        return -1;
    yaml_node_t *root = yaml_document_get_root_node(&doc);
    if (root)
        fn(&doc, root, out);
    yaml_document_delete(&doc);
    return 0;
}

static void collect_dependencies(yaml_document_t *doc, yaml_node_t *root, struct hp_strlist *out)
{
    yaml_node_t *deps = map_get(doc, root, "dependencies");
    if (!deps || deps->type != YAML_SEQUENCE_NODE)
        return;
    for (yaml_node_item_t *it = deps->data.sequence.items.start; it < deps->data.sequence.items.top; it++) {
        yaml_node_t *dep = yaml_document_get_node(doc, *it);
        /* helm names a sub-chart's values (and so its `enabled` switch) by its alias */
        char *name = scalar_dup(map_get(doc, dep, "alias"));
        if (!name || !*name) {
            free(name);
            name = scalar_dup(map_get(doc, dep, "name"));
        }
        if (name)
            push_unique(out, name);
        free(name);
    }
}

static void collect_switches(yaml_document_t *doc, yaml_node_t *root, struct hp_strlist *out)
{
    if (root->type != YAML_MAPPING_NODE)
        return;
    for (yaml_node_pair_t *p = root->data.mapping.pairs.start; p < root->data.mapping.pairs.top; p++) {
        yaml_node_t *v = yaml_document_get_node(doc, p->value);
        if (!map_get(doc, v, "enabled"))
            continue;
        char *key = scalar_dup(yaml_document_get_node(doc, p->key));
        if (key)
            push_unique(out, key);
        free(key);
    }
}

int complete_chart_dependencies(const char *text, size_t len, struct hp_strlist *out)
{
    return with_document(text, len, collect_dependencies, out);
}

int complete_values_switches(const char *text, size_t len, struct hp_strlist *out)
{
    return with_document(text, len, collect_switches, out);
}

static void read_yaml(const char *path, int (*reader)(const char *, size_t, struct hp_strlist *),
                      struct hp_strlist *out)
{
    struct stat st;
    if (stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)MAX_YAML_BYTES)
        return;
    struct hp_buf b = {0};
    struct hp_error e = {0};
    if (hp_file_read(path, &b, &e) == 0) {
        if (reader(hp_buf_cstr(&b), b.len, out) != 0)
            hp_debugf("completion: %s: not readable as YAML", path);
    }
    hp_buf_free(&b);
}

void complete_subcomponents(const char *root, const char *name, struct hp_strlist *out)
{
    /* a name with a slash would leave helm/ */
    if (!*name || strchr(name, '/') || strcmp(name, "..") == 0 || strcmp(name, ".") == 0)
        return;
    char *chart = hp_xasprintf("%s/helm/%s/Chart.yaml", root, name);
    char *values = hp_xasprintf("%s/helm/%s/values.yaml", root, name);
    read_yaml(chart, complete_chart_dependencies, out);
    read_yaml(values, complete_values_switches, out);
    free(chart);
    free(values);
}
