/* Site profiles of helm-panda.yaml (see include/deploy/site.h): parsing and freeing. Every
 * mapping is read key by key against a table of known keys, so a typo is an error with its line,
 * never a dropped setting. Checking, loading and lookups are in site_resolve.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/chartsrc.h"
#include "deploy/plan.h"
#include "deploy/root.h"
#include "deploy/site.h"
#include "deploy/yamldoc.h"
#include "hp/buf.h"
#include "hp/file.h"

struct reader {
    struct deploy_yaml *y;
    const char *file;
    struct hp_error *e;
};

static size_t line_of(const yaml_node_t *n) { return n ? n->start_mark.line + 1 : 0; }

static int fail_at(struct reader *r, const yaml_node_t *n, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int fail_at(struct reader *r, const yaml_node_t *n, const char *path, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return hp_error_set(r->e, DEPLOY_ERR_CONFIG, "%s:%zu: %s: %s", r->file, line_of(n), path, msg);
}

/* The keys of a mapping are plain, unique strings; anything else is an error at the key. */
static int check_mapping(struct reader *r, yaml_node_t *map, const char *path, const char *const *known)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return fail_at(r, map, path, "must be a mapping");
    yaml_node_t *k, *v, *k2, *v2;
    for (size_t i = 0; deploy_yaml_pair(r->y, map, i, &k, &v); i++) {
        const char *ks = deploy_yaml_scalar(k);
        if (!ks || !*ks)
            return fail_at(r, k, path, "keys must be plain strings");
        for (size_t j = 0; j < i && deploy_yaml_pair(r->y, map, j, &k2, &v2); j++) {
            const char *ks2 = deploy_yaml_scalar(k2);
            if (ks2 && strcmp(ks, ks2) == 0)
                return fail_at(r, k, path, "'%s' appears twice (also on line %zu)", ks, line_of(k2));
        }
        if (!known)
            continue;
        bool found = false;
        for (const char *const *p = known; *p && !found; p++)
            found = strcmp(*p, ks) == 0;
        if (!found) {
            struct hp_buf b = {0};
            for (const char *const *p = known; *p; p++)
                hp_buf_appendf(&b, "%s%s", p == known ? "" : ", ", *p);
            int rc = fail_at(r, k, path, "unknown key '%s' (known: %s)", ks, hp_buf_cstr(&b));
            hp_buf_free(&b);
            return rc;
        }
    }
    return 0;
}

static int read_str(struct reader *r, yaml_node_t *v, const char *path, char **out)
{
    const char *s = deploy_yaml_scalar(v);
    if (!s || (v->data.scalar.style == YAML_PLAIN_SCALAR_STYLE && (strcmp(s, "~") == 0 || strcmp(s, "null") == 0)))
        return fail_at(r, v, path, "must be a string");
    free(*out);
    *out = hp_xstrdup(s);
    return 0;
}

static int read_list(struct reader *r, yaml_node_t *v, const char *path, struct hp_strlist *out)
{
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return fail_at(r, v, path, "must be a list");
    hp_strlist_free(out);
    yaml_node_t *it;
    for (size_t i = 0; (it = deploy_yaml_item(r->y, v, i)); i++) {
        const char *s = deploy_yaml_scalar(it);
        if (!s || !*s)
            return fail_at(r, it, path, "item %zu must be a non-empty string", i + 1);
        hp_strlist_push(out, s);
    }
    return 0;
}

void deploy_kvlist_set(struct deploy_kvlist *l, const char *key, const char *value)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i].key, key) == 0) {
            free(l->v[i].value);
            l->v[i].value = hp_xstrdup(value);
            return;
        }
    l->v = hp_xrealloc(l->v, (l->n + 1) * sizeof *l->v);
    l->v[l->n].key = hp_xstrdup(key);
    l->v[l->n].value = hp_xstrdup(value);
    l->n++;
}

void deploy_kvlist_free(struct deploy_kvlist *l)
{
    for (size_t i = 0; i < l->n; i++) {
        free(l->v[i].key);
        free(l->v[i].value);
    }
    free(l->v);
    memset(l, 0, sizeof *l);
}

static int read_kv(struct reader *r, yaml_node_t *v, const char *path, struct deploy_kvlist *out)
{
    if (check_mapping(r, v, path, NULL) < 0)
        return -1;
    yaml_node_t *k, *val;
    for (size_t i = 0; deploy_yaml_pair(r->y, v, i, &k, &val); i++) {
        const char *vs = deploy_yaml_scalar(val);
        if (!vs)
            return fail_at(r, val, path, "'%s' must be a string", deploy_yaml_scalar(k));
        deploy_kvlist_set(out, deploy_yaml_scalar(k), vs);
    }
    return 0;
}

static const char *const ignore_keys[] = {"group", "kind", "name", "namespace", "jsonPointers",
                                          "jqPathExpressions", "managedFieldsManagers", NULL};

static int read_ignore(struct reader *r, yaml_node_t *v, const char *path, struct deploy_site_argocd *a)
{
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return fail_at(r, v, path, "must be a list");
    a->has_ignore = true;
    yaml_node_t *it;
    for (size_t i = 0; (it = deploy_yaml_item(r->y, v, i)); i++) {
        char p[256];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (check_mapping(r, it, p, ignore_keys) < 0)
            return -1;
        a->ignore = hp_xrealloc(a->ignore, (a->n_ignore + 1) * sizeof *a->ignore);
        struct deploy_site_ignore *g = &a->ignore[a->n_ignore++];
        memset(g, 0, sizeof *g);
        yaml_node_t *k, *val;
        int rc = 0;
        for (size_t j = 0; rc == 0 && deploy_yaml_pair(r->y, it, j, &k, &val); j++) {
            const char *ks = deploy_yaml_scalar(k);
            char kp[320];
            snprintf(kp, sizeof kp, "%s.%s", p, ks);
            if (strcmp(ks, "group") == 0)
                rc = read_str(r, val, kp, &g->group);
            else if (strcmp(ks, "kind") == 0)
                rc = read_str(r, val, kp, &g->kind);
            else if (strcmp(ks, "name") == 0)
                rc = read_str(r, val, kp, &g->name);
            else if (strcmp(ks, "namespace") == 0)
                rc = read_str(r, val, kp, &g->namespace_);
            else if (strcmp(ks, "jsonPointers") == 0)
                rc = read_list(r, val, kp, &g->json_pointers);
            else if (strcmp(ks, "jqPathExpressions") == 0)
                rc = read_list(r, val, kp, &g->jq_paths);
            else
                rc = read_list(r, val, kp, &g->managers);
        }
        if (rc < 0)
            return -1;
        if (!g->kind || !*g->kind)
            return fail_at(r, it, p, "needs a kind");
    }
    return 0;
}

static const char *const image_keys[] = {"alias", "image", "updateStrategy", "helmImageName", "helmImageTag",
                                         "allowTags", NULL};

/* An alias becomes part of annotation names: keep it to what Argo CD Image Updater reads. */
static bool alias_valid(const char *s)
{
    if (!*s)
        return false;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') || (*s >= '0' && *s <= '9') || *s == '-' ||
              *s == '_'))
            return false;
    return true;
}

static int read_images(struct reader *r, yaml_node_t *v, const char *path, struct deploy_site_argocd *a)
{
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return fail_at(r, v, path, "must be a list");
    a->has_images = true;
    yaml_node_t *it;
    for (size_t i = 0; (it = deploy_yaml_item(r->y, v, i)); i++) {
        char p[256];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        if (check_mapping(r, it, p, image_keys) < 0)
            return -1;
        a->images = hp_xrealloc(a->images, (a->n_images + 1) * sizeof *a->images);
        struct deploy_site_image *g = &a->images[a->n_images++];
        memset(g, 0, sizeof *g);
        yaml_node_t *k, *val;
        int rc = 0;
        for (size_t j = 0; rc == 0 && deploy_yaml_pair(r->y, it, j, &k, &val); j++) {
            const char *ks = deploy_yaml_scalar(k);
            char kp[320];
            snprintf(kp, sizeof kp, "%s.%s", p, ks);
            char **dst = strcmp(ks, "alias") == 0            ? &g->alias
                         : strcmp(ks, "image") == 0          ? &g->image
                         : strcmp(ks, "updateStrategy") == 0 ? &g->update_strategy
                         : strcmp(ks, "helmImageName") == 0  ? &g->helm_name
                         : strcmp(ks, "helmImageTag") == 0   ? &g->helm_tag
                                                             : &g->allow_tags;
            rc = read_str(r, val, kp, dst);
        }
        if (rc < 0)
            return -1;
        if (!g->alias || !alias_valid(g->alias))
            return fail_at(r, it, p, "needs an alias of letters, digits, '-' and '_'");
        if (!g->image || !*g->image || strchr(g->image, ','))
            return fail_at(r, it, p, "needs an image (one, without ',')");
        for (size_t j = 0; j + 1 < a->n_images; j++)
            if (strcmp(a->images[j].alias, g->alias) == 0)
                return fail_at(r, it, p, "alias '%s' is used twice", g->alias);
    }
    return 0;
}

static const char *const argocd_site_keys[] = {"name", "namespace", "repo", "revision", "allowSecrets", "project",
                                               "server", "sync", "syncOptions", "ignoreDifferences", "annotations",
                                               "labels", "finalizers", "imageUpdater", NULL};
/* the last 10: also per component */
#define ARGOCD_COMPONENT_KEYS (argocd_site_keys + 5)

static int read_argocd(struct reader *r, yaml_node_t *v, const char *path, struct deploy_site_argocd *a,
                       struct deploy_site *site)
{
    if (check_mapping(r, v, path, site ? argocd_site_keys : ARGOCD_COMPONENT_KEYS) < 0)
        return -1;
    yaml_node_t *k, *val;
    for (size_t i = 0; deploy_yaml_pair(r->y, v, i, &k, &val); i++) {
        const char *ks = deploy_yaml_scalar(k);
        char kp[320];
        snprintf(kp, sizeof kp, "%s.%s", path, ks);
        int rc;
        if (strcmp(ks, "name") == 0)
            rc = read_str(r, val, kp, &site->app_name);
        else if (strcmp(ks, "namespace") == 0)
            rc = read_str(r, val, kp, &site->argocd_namespace);
        else if (strcmp(ks, "repo") == 0)
            rc = read_str(r, val, kp, &site->repo);
        else if (strcmp(ks, "revision") == 0)
            rc = read_str(r, val, kp, &site->revision);
        else if (strcmp(ks, "allowSecrets") == 0)
            rc = read_str(r, val, kp, &site->allow_secrets);
        else if (strcmp(ks, "project") == 0)
            rc = read_str(r, val, kp, &a->project);
        else if (strcmp(ks, "server") == 0)
            rc = read_str(r, val, kp, &a->server);
        else if (strcmp(ks, "sync") == 0) {
            rc = read_str(r, val, kp, &a->sync);
            if (rc == 0 && strcmp(a->sync, "auto") != 0 && strcmp(a->sync, "manual") != 0)
                rc = fail_at(r, val, kp, "'%s': expected auto or manual", a->sync);
        } else if (strcmp(ks, "syncOptions") == 0) {
            a->has_sync_options = true;
            rc = read_list(r, val, kp, &a->sync_options);
        } else if (strcmp(ks, "ignoreDifferences") == 0)
            rc = read_ignore(r, val, kp, a);
        else if (strcmp(ks, "annotations") == 0)
            rc = read_kv(r, val, kp, &a->annotations);
        else if (strcmp(ks, "labels") == 0)
            rc = read_kv(r, val, kp, &a->labels);
        else if (strcmp(ks, "finalizers") == 0) {
            a->has_finalizers = true;
            rc = read_list(r, val, kp, &a->finalizers);
        } else
            rc = read_images(r, val, kp, a);
        if (rc < 0)
            return -1;
    }
    return 0;
}

static const char *const component_keys[] = {"name", "values", "argocd", "chart", "version", NULL};

/* chart: / version: of a site's component: an OCI chart (deploy/oci.h) */
static int read_component_oci(struct reader *r, const char *ks, yaml_node_t *val, const char *kp,
                              struct deploy_site_component *c)
{
    bool chart = strcmp(ks, "chart") == 0;
    char **dst = chart ? &c->chart : &c->version;
    if (read_str(r, val, kp, dst) < 0)
        return -1;
    if (chart) {
        c->chart_line = line_of(val);
        if (!deploy_oci_is_ref(c->chart))
            return fail_at(r, val, kp, "'%.200s': a site's component takes an oci:// chart reference", c->chart);
        return deploy_oci_check_ref_at(r->file, c->chart_line, kp, c->chart, r->e);
    }
    c->version_line = line_of(val);
    return deploy_oci_check_version_at(r->file, c->version_line, kp, c->version, r->e);
}

static int read_component(struct reader *r, yaml_node_t *key, yaml_node_t *v, const char *path,
                          struct deploy_site_component *c)
{
    c->component = hp_xstrdup(deploy_yaml_scalar(key));
    c->line = line_of(key);
    if (v->type == YAML_SCALAR_NODE && !*deploy_yaml_scalar(v))
        return 0; /* "ui:" alone: deployed, nothing changed */
    if (check_mapping(r, v, path, component_keys) < 0)
        return -1;
    yaml_node_t *k, *val;
    for (size_t i = 0; deploy_yaml_pair(r->y, v, i, &k, &val); i++) {
        const char *ks = deploy_yaml_scalar(k);
        char kp[320];
        snprintf(kp, sizeof kp, "%s.%s", path, ks);
        int rc;
        if (strcmp(ks, "name") == 0) {
            c->name_line = line_of(val);
            rc = read_str(r, val, kp, &c->name);
        } else if (strcmp(ks, "values") == 0) {
            c->has_values = true;
            c->values_line = line_of(val);
            rc = read_list(r, val, kp, &c->values);
        } else if (strcmp(ks, "chart") == 0 || strcmp(ks, "version") == 0) {
            rc = read_component_oci(r, ks, val, kp, c);
        } else {
            rc = read_argocd(r, val, kp, &c->argocd, NULL);
        }
        if (rc < 0)
            return -1;
    }
    return 0;
}

static const char *const site_keys[] = {"experiment", "affix", "namespace", "enable", "disable", "set",
                                        "argocd", "components", "charts", NULL};

static int read_site(struct reader *r, yaml_node_t *key, yaml_node_t *v, struct deploy_site *s)
{
    s->name = hp_xstrdup(deploy_yaml_scalar(key));
    s->line = line_of(key);
    char path[256];
    snprintf(path, sizeof path, "sites.%s", s->name);
    if (!deploy_release_name_valid(s->name))
        return fail_at(r, key, path, "'%s' is not a valid site name: " DEPLOY_RELEASE_NAME_RULE, s->name);
    if (check_mapping(r, v, path, site_keys) < 0)
        return -1;
    yaml_node_t *k, *val;
    for (size_t i = 0; deploy_yaml_pair(r->y, v, i, &k, &val); i++) {
        const char *ks = deploy_yaml_scalar(k);
        char kp[320];
        snprintf(kp, sizeof kp, "%s.%s", path, ks);
        int rc = 0;
        if (strcmp(ks, "experiment") == 0)
            rc = read_str(r, val, kp, &s->experiment);
        else if (strcmp(ks, "affix") == 0)
            rc = read_str(r, val, kp, &s->affix);
        else if (strcmp(ks, "namespace") == 0)
            rc = read_str(r, val, kp, &s->namespace_);
        else if (strcmp(ks, "enable") == 0) {
            s->has_enable = true;
            s->enable_line = line_of(val);
            rc = read_list(r, val, kp, &s->enable);
        } else if (strcmp(ks, "disable") == 0) {
            s->disable_line = line_of(val);
            rc = read_list(r, val, kp, &s->disable);
        }
        else if (strcmp(ks, "set") == 0)
            rc = read_list(r, val, kp, &s->sets);
        else if (strcmp(ks, "argocd") == 0)
            rc = read_argocd(r, val, kp, &s->argocd, s);
        else if (strcmp(ks, "charts") == 0)
            rc = deploy_oci_read_defaults(r->y, val, r->file, kp, &s->charts, r->e);
        else if (check_mapping(r, val, kp, NULL) == 0) {
            yaml_node_t *ck, *cv;
            for (size_t j = 0; rc == 0 && deploy_yaml_pair(r->y, val, j, &ck, &cv); j++) {
                char cp[400];
                snprintf(cp, sizeof cp, "%s.%s", kp, deploy_yaml_scalar(ck));
                s->components = hp_xrealloc(s->components, (s->n_components + 1) * sizeof *s->components);
                struct deploy_site_component *c = &s->components[s->n_components++];
                memset(c, 0, sizeof *c);
                rc = read_component(r, ck, cv, cp, c);
            }
        } else
            rc = -1;
        if (rc < 0)
            return -1;
    }
    return 0;
}

int deploy_sites_parse(struct deploy_sites *s, const char *file, const unsigned char *data, size_t len,
                       struct hp_error *e)
{
    memset(s, 0, sizeof *s);
    s->file = hp_xstrdup(file);
    struct deploy_yaml y;
    if (deploy_yaml_load(&y, file, data, len, e) < 0)
        return -1;
    struct reader r = {&y, file, e};
    static const char *const top_keys[] = {"components", "sites", "charts", NULL};
    yaml_node_t *root = deploy_yaml_root(&y);
    int rc = 0;
    if (root && !(root->type == YAML_SCALAR_NODE && !*deploy_yaml_scalar(root)))
        rc = check_mapping(&r, root, "(top level)", top_keys);
    yaml_node_t *sites = rc == 0 && root ? deploy_yaml_get(&y, root, "sites") : NULL;
    if (sites && !(sites->type == YAML_SCALAR_NODE && !*deploy_yaml_scalar(sites)))
        rc = check_mapping(&r, sites, "sites", NULL);
    yaml_node_t *k, *v;
    for (size_t i = 0; rc == 0 && sites && deploy_yaml_pair(&y, sites, i, &k, &v); i++) {
        s->v = hp_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
        struct deploy_site *site = &s->v[s->n++];
        memset(site, 0, sizeof *site);
        rc = read_site(&r, k, v, site);
    }
    deploy_yaml_free(&y);
    return rc;
}

static void argocd_free(struct deploy_site_argocd *a)
{
    free(a->project);
    free(a->server);
    free(a->sync);
    hp_strlist_free(&a->sync_options);
    for (size_t i = 0; i < a->n_ignore; i++) {
        struct deploy_site_ignore *g = &a->ignore[i];
        free(g->group);
        free(g->kind);
        free(g->name);
        free(g->namespace_);
        hp_strlist_free(&g->json_pointers);
        hp_strlist_free(&g->jq_paths);
        hp_strlist_free(&g->managers);
    }
    free(a->ignore);
    deploy_kvlist_free(&a->annotations);
    deploy_kvlist_free(&a->labels);
    hp_strlist_free(&a->finalizers);
    for (size_t i = 0; i < a->n_images; i++) {
        struct deploy_site_image *g = &a->images[i];
        free(g->alias);
        free(g->image);
        free(g->update_strategy);
        free(g->helm_name);
        free(g->helm_tag);
        free(g->allow_tags);
    }
    free(a->images);
}

void deploy_sites_free(struct deploy_sites *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct deploy_site *t = &s->v[i];
        free(t->name);
        free(t->experiment);
        free(t->affix);
        free(t->namespace_);
        hp_strlist_free(&t->enable);
        hp_strlist_free(&t->disable);
        hp_strlist_free(&t->sets);
        for (size_t j = 0; j < t->n_components; j++) {
            struct deploy_site_component *c = &t->components[j];
            free(c->component);
            free(c->name);
            free(c->chart);
            free(c->version);
            hp_strlist_free(&c->values);
            argocd_free(&c->argocd);
        }
        free(t->components);
        argocd_free(&t->argocd);
        free(t->app_name);
        free(t->argocd_namespace);
        free(t->repo);
        free(t->revision);
        free(t->allow_secrets);
        deploy_oci_defaults_free(&t->charts);
    }
    free(s->v);
    free(s->file);
    memset(s, 0, sizeof *s);
}
