/* Site profiles of helm-panda.yaml (see include/deploy/config/site.h): parsing and freeing. Every
 * mapping is read key by key against a table of known keys, so a typo is an error with its line,
 * never a dropped setting. Checking, loading and lookups are in site_resolve.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/config/names.h"
#include "deploy/config/root.h"
#include "deploy/config/site.h"
#include "deploy/config/yamldoc.h"
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

/* One key of a mapping and where its value goes: `kind` says how the value is read (unless
 * `read` is set) and freed, `offset` where it lives in the struct read. A has_* flag or a line
 * number to set when the key is given is named by SET_AT (0: none). */
enum field_kind {
    FIELD_STRING,   /* char * */
    FIELD_STRINGS,  /* struct hp_strlist: a list of non-empty strings */
    FIELD_KV,       /* struct deploy_kvlist: a mapping of strings */
    FIELD_MAPPINGS, /* a growing array of mappings, each read by `list` (its count at `count`) */
    FIELD_OFF,      /* bool: true when the value is false (a setting on by default turned off) */
    FIELD_FILE,     /* char *: a file of the output folder */
    FIELD_KEY,      /* char *: on, off or a value key (deploymentName) */
    FIELD_OTHER,    /* read by `read`, freed by the owner */
};

struct field;

struct field_list {
    const struct field *fields; /* of one element */
    size_t size;                /* of one element */
    /* after an element is read (elems[n - 1]): its required keys, and what relates it to the
     * ones before */
    int (*check)(struct reader *r, yaml_node_t *item, const char *path, void *elems, size_t n);
};

struct field {
    const char *key;
    enum field_kind kind;
    size_t offset;
    size_t has, line;              /* SET_AT of a bool and a size_t line, or 0 */
    size_t count;                  /* FIELD_MAPPINGS: offset of the size_t count */
    const struct field_list *list; /* FIELD_MAPPINGS */
    bool in_site;                  /* the value is in the site, not in the struct read (argocd.name...) */
    int (*read)(struct reader *r, yaml_node_t *v, const char *path, void *obj, struct deploy_site *site);
};

#define SET_AT(type, member) (offsetof(type, member) + 1)

/* The keys of a mapping are plain, unique strings and, when `known` is given, among its keys;
 * anything else is an error at the key. */
static int check_mapping(struct reader *r, yaml_node_t *map, const char *path, const struct field *known)
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
        for (const struct field *f = known; f->key && !found; f++)
            found = strcmp(f->key, ks) == 0;
        if (!found) {
            struct hp_buf b = {0};
            for (const struct field *f = known; f->key; f++)
                hp_buf_appendf(&b, "%s%s", f == known ? "" : ", ", f->key);
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

static int read_fields(struct reader *r, yaml_node_t *map, const char *path, const struct field *fields, void *obj,
                       struct deploy_site *site);

/* true or false, plain (a quoted "false" is a string: refused), stored inverted */
static int read_off(struct reader *r, yaml_node_t *v, const char *path, bool *off)
{
    const char *s = deploy_yaml_scalar(v);
    if (!s || v->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || (strcmp(s, "true") && strcmp(s, "false")))
        return fail_at(r, v, path, "expected true or false");
    *off = strcmp(s, "false") == 0;
    return 0;
}

/* A file of the output folder: a plain name (no folder, not hidden) ending in .yaml. */
static bool file_name_valid(const char *s)
{
    return *s != '.' && !strchr(s, '/') && strlen(s) > 5 && hp_str_has_suffix(s, ".yaml");
}

static int read_checked(struct reader *r, yaml_node_t *v, const char *path, char **out, enum field_kind kind)
{
    if (read_str(r, v, path, out) < 0)
        return -1;
    const char *s = *out;
    if (kind == FIELD_FILE && !file_name_valid(s))
        return fail_at(r, v, path, "'%s': expected a file name ending in .yaml, without a folder", s);
    /* deploymentName: on, off or the key of the --set (a helm value path: no '=', ',' or space) */
    if (kind == FIELD_KEY && (!*s || strpbrk(s, "=, \t\\") || s[0] == '.' || s[strlen(s) - 1] == '.'))
        return fail_at(r, v, path, "'%s': expected on, off or a value key such as global.deploymentName", s);
    return 0;
}

/* A list of mappings into a growing array (the array pointer is copied in and out with memcpy:
 * its element type is the table's, not known here). */
static int read_mappings(struct reader *r, yaml_node_t *v, const char *path, const struct field *f, char *base)
{
    if (!v || v->type != YAML_SEQUENCE_NODE)
        return fail_at(r, v, path, "must be a list");
    const struct field_list *list = f->list;
    size_t *n = (size_t *)(base + f->count);
    char *elems;
    memcpy(&elems, base + f->offset, sizeof elems);
    yaml_node_t *it;
    int rc = 0;
    for (size_t i = 0; rc == 0 && (it = deploy_yaml_item(r->y, v, i)); i++) {
        char p[256];
        snprintf(p, sizeof p, "%s[%zu]", path, i);
        elems = hp_xrealloc(elems, (*n + 1) * list->size);
        char *elem = elems + (*n)++ * list->size;
        memset(elem, 0, list->size);
        rc = read_fields(r, it, p, list->fields, elem, NULL);
        if (rc == 0)
            rc = list->check(r, it, p, elems, *n);
    }
    memcpy(base + f->offset, &elems, sizeof elems);
    return rc;
}

static int read_field(struct reader *r, const struct field *f, yaml_node_t *v, const char *path, char *base,
                      struct deploy_site *site)
{
    if (f->has)
        *(bool *)(base + f->has - 1) = true;
    if (f->line)
        *(size_t *)(base + f->line - 1) = line_of(v);
    if (f->read)
        return f->read(r, v, path, base, site);
    switch (f->kind) {
    case FIELD_STRING:
        return read_str(r, v, path, (char **)(base + f->offset));
    case FIELD_STRINGS:
        return read_list(r, v, path, (struct hp_strlist *)(base + f->offset));
    case FIELD_KV:
        return read_kv(r, v, path, (struct deploy_kvlist *)(base + f->offset));
    case FIELD_MAPPINGS:
        return read_mappings(r, v, path, f, base);
    case FIELD_OFF:
        return read_off(r, v, path, (bool *)(base + f->offset));
    case FIELD_FILE:
    case FIELD_KEY:
        return read_checked(r, v, path, (char **)(base + f->offset), f->kind);
    case FIELD_OTHER:
        break;
    }
    return 0;
}

/* A mapping against its field table: every key checked first, then every value read in order.
 * A field in_site goes to site (argocd's site-wide keys; never in a component's table). */
static int read_fields(struct reader *r, yaml_node_t *map, const char *path, const struct field *fields, void *obj,
                       struct deploy_site *site)
{
    if (check_mapping(r, map, path, fields) < 0)
        return -1;
    yaml_node_t *k, *val;
    for (size_t i = 0; deploy_yaml_pair(r->y, map, i, &k, &val); i++) {
        const char *ks = deploy_yaml_scalar(k);
        char kp[320];
        snprintf(kp, sizeof kp, "%s.%s", path, ks);
        const struct field *f = fields;
        while (strcmp(f->key, ks) != 0)
            f++;
        if (read_field(r, f, val, kp, f->in_site ? (char *)site : obj, site) < 0)
            return -1;
    }
    return 0;
}

/* What read_fields allocated; the FIELD_OTHER values are the owner's to free. */
static void free_fields(const struct field *fields, void *obj, struct deploy_site *site)
{
    for (const struct field *f = fields; f->key; f++) {
        char *base = f->in_site ? (char *)site : obj;
        if (!base)
            continue;
        char *at = base + f->offset;
        if (f->kind == FIELD_STRING || f->kind == FIELD_FILE || f->kind == FIELD_KEY) {
            free(*(char **)at);
        } else if (f->kind == FIELD_STRINGS) {
            hp_strlist_free((struct hp_strlist *)at);
        } else if (f->kind == FIELD_KV) {
            deploy_kvlist_free((struct deploy_kvlist *)at);
        } else if (f->kind == FIELD_MAPPINGS) {
            char *elems;
            memcpy(&elems, at, sizeof elems);
            for (size_t i = 0; i < *(size_t *)(base + f->count); i++)
                free_fields(f->list->fields, elems + i * f->list->size, NULL);
            free(elems);
        }
    }
}

#define IGNORE_FIELD(name, type, member) \
    {.key = name, .kind = type, .offset = offsetof(struct deploy_site_ignore, member)}
static const struct field ignore_fields[] = {
    IGNORE_FIELD("group", FIELD_STRING, group),
    IGNORE_FIELD("kind", FIELD_STRING, kind),
    IGNORE_FIELD("name", FIELD_STRING, name),
    IGNORE_FIELD("namespace", FIELD_STRING, namespace_),
    IGNORE_FIELD("jsonPointers", FIELD_STRINGS, json_pointers),
    IGNORE_FIELD("jqPathExpressions", FIELD_STRINGS, jq_paths),
    IGNORE_FIELD("managedFieldsManagers", FIELD_STRINGS, managers),
    {0},
};

static int ignore_check(struct reader *r, yaml_node_t *item, const char *path, void *elems, size_t n)
{
    const struct deploy_site_ignore *g = (struct deploy_site_ignore *)elems + n - 1;
    if (!g->kind || !*g->kind)
        return fail_at(r, item, path, "needs a kind");
    return 0;
}

static const struct field_list ignore_list = {ignore_fields, sizeof(struct deploy_site_ignore), ignore_check};

#define IMAGE_FIELD(name, member) \
    {.key = name, .kind = FIELD_STRING, .offset = offsetof(struct deploy_site_image, member)}
static const struct field image_fields[] = {
    IMAGE_FIELD("alias", alias),
    IMAGE_FIELD("image", image),
    IMAGE_FIELD("updateStrategy", update_strategy),
    IMAGE_FIELD("helmImageName", helm_name),
    IMAGE_FIELD("helmImageTag", helm_tag),
    IMAGE_FIELD("allowTags", allow_tags),
    {0},
};

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

static int image_check(struct reader *r, yaml_node_t *item, const char *path, void *elems, size_t n)
{
    const struct deploy_site_image *v = elems, *g = &v[n - 1];
    if (!g->alias || !alias_valid(g->alias))
        return fail_at(r, item, path, "needs an alias of letters, digits, '-' and '_'");
    if (!g->image || !*g->image || strchr(g->image, ','))
        return fail_at(r, item, path, "needs an image (one, without ',')");
    for (size_t j = 0; j + 1 < n; j++)
        if (strcmp(v[j].alias, g->alias) == 0)
            return fail_at(r, item, path, "alias '%s' is used twice", g->alias);
    return 0;
}

static const struct field_list image_list = {image_fields, sizeof(struct deploy_site_image), image_check};

static int read_sync(struct reader *r, yaml_node_t *v, const char *path, void *obj, struct deploy_site *site)
{
    (void)site;
    struct deploy_site_argocd *a = obj;
    if (read_str(r, v, path, &a->sync) < 0)
        return -1;
    if (strcmp(a->sync, "auto") != 0 && strcmp(a->sync, "manual") != 0)
        return fail_at(r, v, path, "'%s': expected auto or manual", a->sync);
    return 0;
}

static int read_layout(struct reader *r, yaml_node_t *v, const char *path, void *obj, struct deploy_site *site)
{
    (void)obj;
    const char *s = deploy_yaml_scalar(v);
    if (!s || (strcmp(s, "flat") != 0 && strcmp(s, "apps") != 0))
        return fail_at(r, v, path, "expected flat (every file in the folder) or apps (children under apps/)");
    site->flat = strcmp(s, "flat") == 0;
    return 0;
}

#define SITE_STRING(name, member) \
    {.key = name, .kind = FIELD_STRING, .offset = offsetof(struct deploy_site, member), .in_site = true}
#define ARGOCD_FIELD(name, type, member, ...) \
    {.key = name, .kind = type, .offset = offsetof(struct deploy_site_argocd, member), __VA_ARGS__}
#define ARGOCD_HAS(member) .has = SET_AT(struct deploy_site_argocd, member)
static const struct field argocd_site_fields[] = {
    SITE_STRING("name", app_name),
    SITE_STRING("namespace", argocd_namespace),
    SITE_STRING("repo", repo),
    SITE_STRING("revision", revision),
    SITE_STRING("allowSecrets", allow_secrets),
    {.key = "parent", .kind = FIELD_OFF, .offset = offsetof(struct deploy_site, no_parent), .in_site = true},
    {.key = "layout", .kind = FIELD_OTHER, .in_site = true, .read = read_layout},
    {.key = "syncWave", .kind = FIELD_OFF, .offset = offsetof(struct deploy_site, no_sync_wave), .in_site = true},
    {.key = "takeOver", .kind = FIELD_STRINGS, .offset = offsetof(struct deploy_site, take_over), .in_site = true},
    ARGOCD_FIELD("project", FIELD_STRING, project),
    ARGOCD_FIELD("server", FIELD_STRING, server),
    ARGOCD_FIELD("sync", FIELD_STRING, sync, .read = read_sync),
    ARGOCD_FIELD("syncOptions", FIELD_STRINGS, sync_options, ARGOCD_HAS(has_sync_options)),
    ARGOCD_FIELD("ignoreDifferences", FIELD_MAPPINGS, ignore, ARGOCD_HAS(has_ignore),
                 .count = offsetof(struct deploy_site_argocd, n_ignore), .list = &ignore_list),
    ARGOCD_FIELD("annotations", FIELD_KV, annotations),
    ARGOCD_FIELD("labels", FIELD_KV, labels),
    ARGOCD_FIELD("finalizers", FIELD_STRINGS, finalizers, ARGOCD_HAS(has_finalizers)),
    ARGOCD_FIELD("imageUpdater", FIELD_MAPPINGS, images, ARGOCD_HAS(has_images),
                 .count = offsetof(struct deploy_site_argocd, n_images), .list = &image_list),
    ARGOCD_FIELD("file", FIELD_FILE, file),
    ARGOCD_FIELD("imageUpdaterName", FIELD_STRING, updater_name),
    ARGOCD_FIELD("imageUpdaterNamespace", FIELD_STRING, updater_namespace),
    ARGOCD_FIELD("imageUpdaterFile", FIELD_FILE, updater_file),
    {0},
};
/* the last 13: also per component */
#define ARGOCD_COMPONENT_FIELDS (argocd_site_fields + 9)

static int read_site_argocd(struct reader *r, yaml_node_t *v, const char *path, void *obj, struct deploy_site *site)
{
    (void)obj;
    return read_fields(r, v, path, argocd_site_fields, &site->argocd, site);
}

static int read_component_argocd(struct reader *r, yaml_node_t *v, const char *path, void *obj,
                                 struct deploy_site *site)
{
    (void)site;
    return read_fields(r, v, path, ARGOCD_COMPONENT_FIELDS, &((struct deploy_site_component *)obj)->argocd, NULL);
}

/* chart: of a site's component is an OCI chart (deploy/config/oci.h); the one check a site adds. */
static int check_site_chart(const char *file, size_t line, const char *path, const char *ref, struct hp_error *e)
{
    if (!deploy_oci_is_ref(ref))
        return hp_error_set(e, DEPLOY_ERR_CONFIG,
                            "%s:%zu: %s: '%.200s': a site's component takes an oci:// chart reference", file, line,
                            path, ref);
    return deploy_oci_check_ref_at(file, line, path, ref, e);
}

/* chart: or version: of a site's component, kept with its line and checked by check */
static int read_oci_setting(struct reader *r, yaml_node_t *v, const char *path, char **out, size_t *out_line,
                            deploy_oci_check_fn *check)
{
    if (read_str(r, v, path, out) < 0)
        return -1;
    *out_line = line_of(v);
    return check(r->file, *out_line, path, *out, r->e);
}

static int read_component_chart(struct reader *r, yaml_node_t *v, const char *path, void *obj,
                                struct deploy_site *site)
{
    (void)site;
    struct deploy_site_component *c = obj;
    return read_oci_setting(r, v, path, &c->chart, &c->chart_line, check_site_chart);
}

static int read_component_version(struct reader *r, yaml_node_t *v, const char *path, void *obj,
                                  struct deploy_site *site)
{
    (void)site;
    struct deploy_site_component *c = obj;
    return read_oci_setting(r, v, path, &c->version, &c->version_line, deploy_oci_check_version_at);
}

#define COMPONENT_FIELD(name, type, member, ...) \
    {.key = name, .kind = type, .offset = offsetof(struct deploy_site_component, member), __VA_ARGS__}
#define COMPONENT_AT(member) SET_AT(struct deploy_site_component, member)
static const struct field component_fields[] = {
    COMPONENT_FIELD("name", FIELD_STRING, name, .line = COMPONENT_AT(name_line)),
    COMPONENT_FIELD("values", FIELD_STRINGS, values, .has = COMPONENT_AT(has_values),
                    .line = COMPONENT_AT(values_line)),
    COMPONENT_FIELD("argocd", FIELD_OTHER, argocd, .read = read_component_argocd),
    COMPONENT_FIELD("chart", FIELD_STRING, chart, .read = read_component_chart),
    COMPONENT_FIELD("version", FIELD_STRING, version, .read = read_component_version),
    COMPONENT_FIELD("deploymentName", FIELD_KEY, deployment_name),
    {0},
};

static int read_component(struct reader *r, yaml_node_t *key, yaml_node_t *v, const char *path,
                          struct deploy_site_component *c)
{
    c->component = hp_xstrdup(deploy_yaml_scalar(key));
    c->line = line_of(key);
    if (v->type == YAML_SCALAR_NODE && !*deploy_yaml_scalar(v))
        return 0; /* "ui:" alone: deployed, nothing changed */
    return read_fields(r, v, path, component_fields, c, NULL);
}

static int read_components(struct reader *r, yaml_node_t *v, const char *path, void *obj, struct deploy_site *site)
{
    (void)obj;
    if (check_mapping(r, v, path, NULL) < 0)
        return -1;
    yaml_node_t *ck, *cv;
    int rc = 0;
    for (size_t j = 0; rc == 0 && deploy_yaml_pair(r->y, v, j, &ck, &cv); j++) {
        char cp[400];
        snprintf(cp, sizeof cp, "%s.%s", path, deploy_yaml_scalar(ck));
        site->components = hp_xrealloc(site->components, (site->n_components + 1) * sizeof *site->components);
        struct deploy_site_component *c = &site->components[site->n_components++];
        memset(c, 0, sizeof *c);
        rc = read_component(r, ck, cv, cp, c);
    }
    return rc;
}

static int read_site_charts(struct reader *r, yaml_node_t *v, const char *path, void *obj, struct deploy_site *site)
{
    (void)obj;
    return deploy_oci_read_defaults(r->y, v, r->file, path, &site->charts, r->e);
}

#define SITE_FIELD(name, type, member, ...) \
    {.key = name, .kind = type, .offset = offsetof(struct deploy_site, member), __VA_ARGS__}
#define SITE_AT(member) SET_AT(struct deploy_site, member)
static const struct field site_fields[] = {
    SITE_FIELD("experiment", FIELD_STRING, experiment),
    SITE_FIELD("affix", FIELD_STRING, affix),
    SITE_FIELD("namespace", FIELD_STRING, namespace_),
    SITE_FIELD("enable", FIELD_STRINGS, enable, .has = SITE_AT(has_enable), .line = SITE_AT(enable_line)),
    SITE_FIELD("disable", FIELD_STRINGS, disable, .line = SITE_AT(disable_line)),
    SITE_FIELD("set", FIELD_STRINGS, sets),
    SITE_FIELD("argocd", FIELD_OTHER, argocd, .read = read_site_argocd),
    SITE_FIELD("components", FIELD_OTHER, components, .read = read_components),
    SITE_FIELD("charts", FIELD_OTHER, charts, .read = read_site_charts),
    SITE_FIELD("deploymentName", FIELD_KEY, deployment_name),
    {0},
};

static int read_site(struct reader *r, yaml_node_t *key, yaml_node_t *v, struct deploy_site *s)
{
    s->name = hp_xstrdup(deploy_yaml_scalar(key));
    s->line = line_of(key);
    char path[256];
    snprintf(path, sizeof path, "sites.%s", s->name);
    if (!deploy_release_name_valid(s->name))
        return fail_at(r, key, path, "'%s' is not a valid site name: " DEPLOY_RELEASE_NAME_RULE, s->name);
    return read_fields(r, v, path, site_fields, s, s);
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
    static const struct field top_keys[] = {{.key = "components"}, {.key = "sites"}, {.key = "charts"}, {0}};
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

void deploy_sites_free(struct deploy_sites *s)
{
    for (size_t i = 0; i < s->n; i++) {
        struct deploy_site *t = &s->v[i];
        free(t->name);
        free_fields(site_fields, t, t);
        for (size_t j = 0; j < t->n_components; j++) {
            struct deploy_site_component *c = &t->components[j];
            free(c->component);
            free_fields(component_fields, c, NULL);
            free_fields(ARGOCD_COMPONENT_FIELDS, &c->argocd, NULL);
        }
        free(t->components);
        free_fields(argocd_site_fields, &t->argocd, t);
        deploy_oci_defaults_free(&t->charts);
    }
    free(s->v);
    free(s->file);
    memset(s, 0, sizeof *s);
}

const struct deploy_site_component *deploy_site_component_find(const struct deploy_site *s, const char *component)
{
    for (size_t i = 0; s && i < s->n_components; i++)
        if (strcmp(s->components[i].component, component) == 0)
            return &s->components[i];
    return NULL;
}
