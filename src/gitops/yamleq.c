/* Parsed comparison of two YAML streams (include/gitops/yamleq.h), on libyaml's document
 * loader. A scalar is its text and whether it is a string: a plain `true` and a quoted "true"
 * differ (Kubernetes gets a bool or a string), a plain and a quoted "main" do not. */
#include <stdlib.h>
#include <string.h>

#include <yaml.h>

#include "gitops/errors.h"
#include "gitops/yamleq.h"
#include "hp/buf.h"
#include "hp/yaml_scalar.h"

#define MAX_DOCS 64   /* one file holds one or two documents; more is not an Application file */
#define MAX_DEPTH 64  /* an Application is a few levels deep; deeper input is refused, not recursed */
/* aliases let a few bytes name a tree exponentially large (and an anchor may hold itself):
 * past this many nodes compared, or this deep, the files are taken as different */
#define MAX_VISITS 100000

struct stream {
    yaml_document_t docs[MAX_DOCS];
    size_t n;
};

static void stream_free(struct stream *s)
{
    for (size_t i = 0; i < s->n; i++)
        yaml_document_delete(&s->docs[i]);
    s->n = 0;
}

static int key_order(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A key written twice in one mapping: Argo CD's reader (Go's YAML) refuses the file, and which
 * value counts would be a guess. Every mapping of the document is in its flat node table. */
static const char *duplicate_key(yaml_document_t *d)
{
    const char *dup = NULL;
    for (yaml_node_t *m = d->nodes.start; m < d->nodes.top && !dup; m++) {
        if (m->type != YAML_MAPPING_NODE)
            continue;
        size_t n = 0, cap = (size_t)(m->data.mapping.pairs.top - m->data.mapping.pairs.start);
        char **keys = hp_xcalloc(cap ? cap : 1, sizeof *keys);
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            yaml_node_t *k = yaml_document_get_node(d, p->key);
            if (k && k->type == YAML_SCALAR_NODE)
                keys[n++] = (char *)k->data.scalar.value;
        }
        qsort(keys, n, sizeof *keys, key_order);
        for (size_t i = 1; i < n && !dup; i++)
            if (strcmp(keys[i - 1], keys[i]) == 0)
                dup = keys[i];
        free(keys);
    }
    return dup;
}

static int stream_load(struct stream *s, const char *name, const char *side, const unsigned char *data, size_t len,
                       struct hp_error *e)
{
    yaml_parser_t p;
    s->n = 0;
    if (!yaml_parser_initialize(&p))
        return hp_error_set(e, HP_ERR_GENERIC, "%s: cannot initialise the YAML parser", name);
    yaml_parser_set_input_string(&p, data, len);
    int rc = 0;
    for (;;) {
        yaml_document_t d;
        if (!yaml_parser_load(&p, &d)) {
            rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s (%s): line %zu: %s", name, side, p.problem_mark.line + 1,
                              p.problem ? p.problem : "not YAML");
            break;
        }
        if (!yaml_document_get_root_node(&d)) { /* the end of the stream */
            yaml_document_delete(&d);
            break;
        }
        if (s->n == MAX_DOCS) {
            yaml_document_delete(&d);
            rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s (%s): more than %d documents", name, side, MAX_DOCS);
            break;
        }
        s->docs[s->n++] = d;
        const char *dup = duplicate_key(&d);
        if (dup) {
            rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s (%s): the key '%.100s' is written twice in one mapping", name,
                              side, dup);
            break;
        }
    }
    yaml_parser_delete(&p);
    if (rc)
        stream_free(s);
    return rc;
}

static yaml_node_t *node_at(yaml_document_t *d, int id) { return yaml_document_get_node(d, id); }

static yaml_node_t *map_get(yaml_document_t *d, yaml_node_t *m, const char *key)
{
    if (!m || m->type != YAML_MAPPING_NODE)
        return NULL;
    for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
        yaml_node_t *k = node_at(d, p->key);
        if (k && k->type == YAML_SCALAR_NODE && strcmp((char *)k->data.scalar.value, key) == 0)
            return node_at(d, p->value);
    }
    return NULL;
}

static const char *scalar_of(yaml_node_t *n) { return n && n->type == YAML_SCALAR_NODE ? (char *)n->data.scalar.value : NULL; }

/* A plain scalar that resolves to null, a bool or a number is not a string */
static bool is_string(yaml_node_t *n)
{
    return n->data.scalar.style != YAML_PLAIN_SCALAR_STYLE ||
           !hp_yaml_would_resolve_to_non_string((char *)n->data.scalar.value, n->data.scalar.length);
}

struct cmp {
    yaml_document_t *a, *b;
    const char *app_name; /* metadata.name of the Application, for Argo CD's releaseName default */
    struct hp_strlist *diffs;
    int n;
    size_t visits;
};

static void differ(struct cmp *c, const char *path, const char *have, const char *want)
{
    c->n++;
    if (c->diffs)
        hp_strlist_pushf(c->diffs, "%s: %s -> %s", *path ? path : "(document)", have, want);
}

/* A node for a message: a scalar quoted, else its kind */
static char *show(yaml_node_t *n)
{
    if (!n)
        return hp_xstrdup("(absent)");
    if (n->type == YAML_SCALAR_NODE)
        return hp_xasprintf(is_string(n) ? "'%s'" : "%s", (char *)n->data.scalar.value);
    return hp_xstrdup(n->type == YAML_MAPPING_NODE ? "(a mapping)" : "(a list)");
}

static void node_cmp(struct cmp *c, const char *path, yaml_node_t *x, yaml_node_t *y, int depth);

/* Argo CD releases a Helm source without releaseName under the Application's name */
static yaml_node_t *key_value(struct cmp *c, yaml_document_t *d, yaml_node_t *m, const char *key, const char *path,
                              bool *defaulted)
{
    yaml_node_t *v = map_get(d, m, key);
    *defaulted = !v && strcmp(key, "releaseName") == 0 && hp_str_has_suffix(path, ".helm") && c->app_name;
    return v;
}

static void map_cmp(struct cmp *c, const char *path, yaml_node_t *x, yaml_node_t *y, int depth)
{
    for (int side = 0; side < 2; side++) {
        yaml_document_t *dm = side ? c->b : c->a, *dother = side ? c->a : c->b;
        yaml_node_t *m = side ? y : x, *other = side ? x : y;
        for (yaml_node_pair_t *p = m->data.mapping.pairs.start; p < m->data.mapping.pairs.top; p++) {
            const char *k = scalar_of(node_at(dm, p->key));
            if (!k)
                continue; /* a complex key: not in any Kubernetes object */
            char *kp = *path ? hp_xasprintf("%s.%s", path, k) : hp_xstrdup(k);
            bool defaulted;
            yaml_node_t *ov = key_value(c, dother, other, k, path, &defaulted);
            yaml_node_t *mv = node_at(dm, p->value);
            if (ov && !side) {
                node_cmp(c, kp, mv, ov, depth + 1);
            } else if (!ov && defaulted && scalar_of(mv) && strcmp(scalar_of(mv), c->app_name) == 0) {
                /* the same release either way */
            } else if (!ov) {
                char *s = show(mv);
                differ(c, kp, side ? "(absent)" : s, side ? s : "(absent)");
                free(s);
            }
            free(kp);
        }
    }
}

static void node_cmp(struct cmp *c, const char *path, yaml_node_t *x, yaml_node_t *y, int depth)
{
    if (c->visits > MAX_VISITS)
        return; /* gave up: said so once */
    if (++c->visits > MAX_VISITS || depth > MAX_DEPTH) {
        c->visits = MAX_VISITS + 1;
        differ(c, path, "(too large or too deep to compare)", "(an Application)");
        return;
    }
    if (!x || !y || x->type != y->type) {
        char *sx = show(x), *sy = show(y);
        differ(c, path, sx, sy);
        free(sx);
        free(sy);
        return;
    }
    if (x->type == YAML_SCALAR_NODE) {
        if (strcmp((char *)x->data.scalar.value, (char *)y->data.scalar.value) != 0 || is_string(x) != is_string(y)) {
            char *sx = show(x), *sy = show(y);
            differ(c, path, sx, sy);
            free(sx);
            free(sy);
        }
        return;
    }
    if (x->type == YAML_MAPPING_NODE) {
        map_cmp(c, path, x, y, depth);
        return;
    }
    yaml_node_item_t *ix = x->data.sequence.items.start, *iy = y->data.sequence.items.start;
    size_t nx = (size_t)(x->data.sequence.items.top - ix), ny = (size_t)(y->data.sequence.items.top - iy);
    for (size_t i = 0; i < nx || i < ny; i++) {
        char *ip = hp_xasprintf("%s[%zu]", path, i);
        node_cmp(c, ip, i < nx ? node_at(c->a, ix[i]) : NULL, i < ny ? node_at(c->b, iy[i]) : NULL, depth + 1);
        free(ip);
    }
}

int gitops_yaml_compare(const char *name, const unsigned char *have, size_t have_len, const unsigned char *want,
                        size_t want_len, struct hp_strlist *diffs, struct hp_error *e)
{
    struct stream *a = hp_xcalloc(1, sizeof *a), *b = hp_xcalloc(1, sizeof *b);
    int rc = stream_load(a, name, "the file", have, have_len, e);
    if (rc == 0 && (rc = stream_load(b, name, "gitops' document", want, want_len, e)) != 0)
        stream_free(a);
    if (rc != 0) {
        free(a);
        free(b);
        return -1;
    }
    struct cmp c = {.diffs = diffs};
    for (size_t i = 0; i < a->n || i < b->n; i++) {
        char path[32] = "";
        if (a->n > 1 || b->n > 1)
            snprintf(path, sizeof path, "document %zu", i + 1);
        if (i >= a->n || i >= b->n) {
            differ(&c, path, i < a->n ? "(a document)" : "(absent)", i < b->n ? "(a document)" : "(absent)");
            continue;
        }
        c.a = &a->docs[i];
        c.b = &b->docs[i];
        yaml_node_t *ra = yaml_document_get_root_node(c.a), *rb = yaml_document_get_root_node(c.b);
        c.app_name = scalar_of(map_get(c.b, map_get(c.b, rb, "metadata"), "name"));
        node_cmp(&c, path, ra, rb, 0);
    }
    stream_free(a);
    stream_free(b);
    free(a);
    free(b);
    return c.n;
}
