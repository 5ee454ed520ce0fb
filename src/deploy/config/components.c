/* The component catalogue (see include/deploy/config/components.h). */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/components.h"
#include "deploy/config/errors.h"
#include "deploy/config/yamldoc.h"
#include "hp/file.h"

static const struct {
    const char *name;
    const char *needs[3];
} default_components[] = {
    {"msgsvc", {NULL}},
    {"iam", {NULL}},
    {"panda", {"msgsvc", "iam", NULL}},
    {"harvester", {"panda", NULL}},
    {"idds", {"panda", NULL}},
    {"bigmon", {"panda", NULL}},
};

struct deploy_component *deploy_catalogue_find(struct deploy_catalogue *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->v[i].name, name) == 0)
            return &c->v[i];
    return NULL;
}

static struct deploy_component *catalogue_add(struct deploy_catalogue *c, const char *name, bool by_default)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 16;
        c->v = hp_xrealloc(c->v, c->cap * sizeof *c->v);
    }
    struct deploy_component *k = &c->v[c->n++];
    memset(k, 0, sizeof *k);
    k->name = hp_xstrdup(name);
    k->chart = hp_xasprintf("helm/%s", name);
    k->by_default = by_default;
    return k;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* Charts under <root>/helm that are not among the defaults: known, deployed only with -c. */
static void add_discovered(struct deploy_catalogue *c, const char *root)
{
    char *dir = hp_path_join(root, "helm");
    DIR *d = opendir(dir);
    struct hp_strlist found = {0};
    if (d) {
        for (struct dirent *de; (de = readdir(d));) {
            if (de->d_name[0] == '.' || deploy_catalogue_find(c, de->d_name))
                continue;
            char *chart = hp_xasprintf("%s/%s/Chart.yaml", dir, de->d_name);
            if (hp_path_exists(chart))
                hp_strlist_push(&found, de->d_name);
            free(chart);
        }
        closedir(d);
    }
    if (found.n)
        qsort(found.v, found.n, sizeof *found.v, cmp_str); /* readdir order is arbitrary */
    for (size_t i = 0; i < found.n; i++)
        catalogue_add(c, found.v[i], false);
    hp_strlist_free(&found);
    free(dir);
}

/* A component name becomes part of release names and paths: keep it to what helm accepts. */
static bool valid_name(const char *s)
{
    if (!*s || strlen(s) > 53)
        return false;
    for (const char *p = s; *p; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') || *p == '-'))
            return false;
    return true;
}

/* `chart: oci://...` or `version:` (key) of a component (deploy/config/oci.h): checked by check, then
 * kept in *out with its line in *out_line. */
static int oci_entry(const char *file, const char *name, const char *key, yaml_node_t *val, const char *value,
                     deploy_oci_check_fn *check, char **out, size_t *out_line, struct hp_error *e)
{
    char path[128];
    snprintf(path, sizeof path, "components.%s.%s", name, key);
    size_t line = val->start_mark.line + 1;
    if (check(file, line, path, value, e) < 0)
        return -1;
    free(*out);
    *out = hp_xstrdup(value);
    *out_line = line;
    return 0;
}

static int apply_entry(struct deploy_catalogue *c, struct deploy_yaml *y, const char *file, const char *name,
                       yaml_node_t *spec, struct hp_error *e)
{
    if (!valid_name(name))
        return hp_error_set(e, DEPLOY_ERR_CONFIG,
                            "%s: component name '%s' must be lower-case letters, digits and '-'", file, name);
    if (spec->type != YAML_MAPPING_NODE && !(spec->type == YAML_SCALAR_NODE && !*deploy_yaml_scalar(spec)))
        return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: components.%s must be a mapping", file, name);
    struct deploy_component *k = deploy_catalogue_find(c, name);
    if (!k)
        k = catalogue_add(c, name, true);
    k->by_default = true; /* declared in the file: part of the deployment unless default: false */
    yaml_node_t *key, *val;
    for (size_t i = 0; deploy_yaml_pair(y, spec, i, &key, &val); i++) {
        const char *ks = deploy_yaml_scalar(key), *vs = deploy_yaml_scalar(val);
        if (ks && strcmp(ks, "needs") == 0) {
            if (val->type != YAML_SEQUENCE_NODE)
                return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: components.%s.needs must be a list", file, name);
            hp_strlist_free(&k->needs);
            yaml_node_t *it;
            for (size_t j = 0; (it = deploy_yaml_item(y, val, j)); j++) {
                const char *need = deploy_yaml_scalar(it);
                if (!need || !*need)
                    return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: components.%s.needs: items must be names",
                                        file, name);
                hp_strlist_push(&k->needs, need);
            }
        } else if (ks && strcmp(ks, "default") == 0 && vs) {
            if (strcmp(vs, "true") == 0)
                k->by_default = true;
            else if (strcmp(vs, "false") == 0)
                k->by_default = false;
            else
                return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: components.%s.default must be true or false",
                                    file, name);
        } else if (ks && strcmp(ks, "chart") == 0 && vs && deploy_oci_is_ref(vs)) {
            if (oci_entry(file, name, ks, val, vs, deploy_oci_check_ref_at, &k->oci_ref, &k->oci_ref_line, e) < 0)
                return -1;
        } else if (ks && strcmp(ks, "version") == 0 && vs) {
            if (oci_entry(file, name, ks, val, vs, deploy_oci_check_version_at, &k->version, &k->version_line,
                          e) < 0)
                return -1;
        } else if (ks && strcmp(ks, "chart") == 0 && vs && *vs) {
            k->local_chart_given = true;
            if (vs[0] == '/' || strstr(vs, ".."))
                return hp_error_set(e, DEPLOY_ERR_CONFIG,
                                    "%s: components.%s.chart must be a path inside the root", file, name);
            free(k->chart);
            k->chart = hp_xstrdup(vs);
        } else {
            return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: components.%s: unknown key '%s' (known: needs, default, chart, version)",
                                file, name, ks ? ks : "?");
        }
    }
    return 0;
}

int deploy_catalogue_apply_file(struct deploy_catalogue *c, const char *name, const unsigned char *data, size_t len,
                                struct hp_error *e)
{
    struct deploy_yaml y;
    if (deploy_yaml_load(&y, name, data, len, e) < 0)
        return -1;
    int rc = 0;
    yaml_node_t *root = deploy_yaml_root(&y);
    yaml_node_t *comps = root ? deploy_yaml_get(&y, root, "components") : NULL;
    if (root && root->type != YAML_MAPPING_NODE) {
        rc = hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: expected a mapping with a 'components' key", name);
    } else if (comps && comps->type != YAML_MAPPING_NODE) {
        rc = hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: 'components' must be a mapping of name: {needs: [...]}", name);
    } else {
        yaml_node_t *charts = root ? deploy_yaml_get(&y, root, "charts") : NULL;
        if (charts)
            rc = deploy_oci_read_defaults(&y, charts, name, "charts", &c->charts, e);
        yaml_node_t *k, *v;
        for (size_t i = 0; rc == 0 && deploy_yaml_pair(&y, comps, i, &k, &v); i++) {
            const char *cn = deploy_yaml_scalar(k);
            rc = cn ? apply_entry(c, &y, name, cn, v, e)
                    : hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: component names must be plain strings", name);
        }
    }
    /* every need must name a known component (a disabled one is fine: provided elsewhere) */
    for (size_t i = 0; rc == 0 && i < c->n; i++)
        for (size_t j = 0; rc == 0 && j < c->v[i].needs.n; j++)
            if (!deploy_catalogue_find(c, c->v[i].needs.v[j]))
                rc = hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: component %s needs unknown component '%s'", name,
                                  c->v[i].name, c->v[i].needs.v[j]);
    deploy_yaml_free(&y);
    return rc;
}

int deploy_catalogue_load(struct deploy_catalogue *c, const char *root, struct hp_error *e)
{
    memset(c, 0, sizeof *c);
    for (size_t i = 0; i < sizeof default_components / sizeof *default_components; i++) {
        struct deploy_component *k = catalogue_add(c, default_components[i].name, true);
        for (const char *const *n = default_components[i].needs; *n; n++)
            hp_strlist_push(&k->needs, *n);
    }
    add_discovered(c, root);
    char *path = hp_path_join(root, DEPLOY_COMPONENTS_FILE);
    int rc = 0;
    if (hp_path_exists(path)) {
        struct hp_buf b = {0};
        rc = hp_file_read(path, &b, e);
        if (rc == 0)
            rc = deploy_catalogue_apply_file(c, path, b.data, b.len, e);
        hp_buf_free(&b);
    }
    free(path);
    if (rc < 0)
        deploy_catalogue_free(c);
    return rc;
}

char *deploy_catalogue_names(const struct deploy_catalogue *c)
{
    struct hp_buf b = {0};
    for (size_t i = 0; i < c->n; i++)
        hp_buf_appendf(&b, "%s%s", i ? ", " : "", c->v[i].name);
    char *s = hp_xstrdup(b.len ? hp_buf_cstr(&b) : "");
    hp_buf_free(&b);
    return s;
}

void deploy_catalogue_free(struct deploy_catalogue *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->v[i].name);
        free(c->v[i].chart);
        hp_strlist_free(&c->v[i].needs);
        free(c->v[i].oci_ref);
        free(c->v[i].version);
    }
    deploy_oci_defaults_free(&c->charts);
    free(c->v);
    memset(c, 0, sizeof *c);
}

int deploy_chart_subcomponents(const char *name, const unsigned char *data, size_t len, struct hp_strlist *subs,
                               struct hp_error *e)
{
    struct deploy_yaml y;
    if (deploy_yaml_load(&y, name, data, len, e) < 0)
        return -1;
    yaml_node_t *deps = deploy_yaml_get(&y, deploy_yaml_root(&y), "dependencies"), *d;
    for (size_t i = 0; (d = deploy_yaml_item(&y, deps, i)); i++) {
        const char *alias = deploy_yaml_scalar(deploy_yaml_get(&y, d, "alias"));
        const char *dn = deploy_yaml_scalar(deploy_yaml_get(&y, d, "name"));
        const char *use = alias && *alias ? alias : dn;
        if (use && *use && !hp_strlist_contains(subs, use))
            hp_strlist_push(subs, use);
    }
    deploy_yaml_free(&y);
    return 0;
}
