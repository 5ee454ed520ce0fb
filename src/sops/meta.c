/* The sops metadata block <-> struct sops_meta. */
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "hp/util.h"
#include "sops/errors.h"
#include "sops/meta.h"

static const char *const OTHER_KEYS[] = {"kms", "gcp_kms", "azure_kv", "hc_vault", "pgp", NULL};

static char *scalar_dup(const struct sops_node *n)
{
    return n && n->kind == SOPS_NODE_SCALAR ? hp_xstrndup(n->text, n->len) : NULL;
}

int sops_meta_read(const struct sops_node *s, struct sops_meta *m, struct hp_error *e)
{
    memset(m, 0, sizeof *m);
    if (!s || s->kind != SOPS_NODE_MAP)
        return hp_error_set(e, SOPS_ERR_NOT_SOPS, "not a sops file (no sops metadata)");
    m->orig = (struct sops_node *)s;
    m->lastmodified = scalar_dup(sops_map_get(s, "lastmodified"));
    m->mac = scalar_dup(sops_map_get(s, "mac"));
    m->version = scalar_dup(sops_map_get(s, "version"));
    sops_select_read(s, &m->sel);
    if (!m->lastmodified || !m->mac)
        return hp_error_set(e, SOPS_ERR_NOT_SOPS, "not a sops file (sops metadata lacks lastmodified or mac)");
    if (sops_map_get(s, "key_groups"))
        return hp_error_set(e, SOPS_ERR_PARSE, "sops key_groups (Shamir secret sharing) are not supported");
    const struct sops_node *age = sops_map_get(s, "age");
    if (age && age->kind == SOPS_NODE_SEQ) {
        m->age = hp_xcalloc(age->count ? age->count : 1, sizeof *m->age);
        for (const struct sops_node *a = age->first; a; a = a->next) {
            if (a->kind != SOPS_NODE_MAP)
                continue;
            char *r = scalar_dup(sops_map_get(a, "recipient"));
            char *enc = scalar_dup(sops_map_get(a, "enc"));
            if (!r || !enc) {
                free(r);
                free(enc);
                return hp_error_set(e, SOPS_ERR_PARSE, "sops.age entry lacks recipient or enc");
            }
            m->age[m->nage++] = (struct sops_age_entry){r, enc};
        }
    }
    for (size_t i = 0; OTHER_KEYS[i]; i++) {
        const struct sops_node *k = sops_map_get(s, OTHER_KEYS[i]);
        if (k && k->kind == SOPS_NODE_SEQ && k->count)
            m->other_keys = true;
    }
    return 0;
}

static struct sops_node *copy_node(struct sops_tree *t, const struct sops_node *n)
{
    struct sops_node *c = sops_node_new(t, n->kind);
    c->type = n->type;
    if (n->text) {
        c->text = sops_tree_strndup(t, n->text, n->len);
        c->len = n->len;
    }
    if (n->key)
        sops_node_set_key(t, c, n->key, n->keylen);
    for (const struct sops_node *ch = n->first; ch; ch = ch->next)
        sops_node_append(c, copy_node(t, ch));
    return c;
}

static void add_str(struct sops_tree *t, struct sops_node *map, const char *key, const char *val)
{
    if (!val)
        return;
    struct sops_node *n = sops_scalar_new(t, SOPS_T_STR, val, strlen(val));
    sops_node_set_key(t, n, key, strlen(key));
    sops_node_append(map, n);
}

static void add_keys(struct sops_tree *t, struct sops_node *map, const struct sops_meta *m, const char *key,
                     bool keep_other)
{
    const struct sops_node *o = keep_other && m->orig ? sops_map_get(m->orig, key) : NULL;
    struct sops_node *n = o && o->kind == SOPS_NODE_SEQ ? copy_node(t, o) : sops_node_new(t, SOPS_NODE_SEQ);
    sops_node_set_key(t, n, key, strlen(key));
    sops_node_append(map, n);
}

struct sops_node *sops_meta_node(struct sops_tree *t, const struct sops_meta *m, bool keep_other)
{
    struct sops_node *s = sops_node_new(t, SOPS_NODE_MAP);
    sops_node_set_key(t, s, "sops", 4);
    add_keys(t, s, m, "kms", keep_other);
    add_keys(t, s, m, "gcp_kms", keep_other);
    add_keys(t, s, m, "azure_kv", keep_other);
    add_keys(t, s, m, "hc_vault", keep_other);
    struct sops_node *age = sops_node_new(t, SOPS_NODE_SEQ);
    sops_node_set_key(t, age, "age", 3);
    for (size_t i = 0; i < m->nage; i++) {
        struct sops_node *a = sops_node_new(t, SOPS_NODE_MAP);
        add_str(t, a, "recipient", m->age[i].recipient);
        add_str(t, a, "enc", m->age[i].enc);
        sops_node_append(age, a);
    }
    sops_node_append(s, age);
    add_str(t, s, "lastmodified", m->lastmodified);
    add_str(t, s, "mac", m->mac);
    add_keys(t, s, m, "pgp", keep_other);
    sops_select_write(t, s, &m->sel);
    add_str(t, s, "version", m->version);
    return s;
}

/* A string value; null (~) is unset, as for sops' Go structs. */
static char *select_string(const struct sops_node *n)
{
    return n && n->kind == SOPS_NODE_SCALAR && n->type != SOPS_T_NULL ? hp_xstrndup(n->text, n->len) : NULL;
}

/* A boolean as YAML (true, True, TRUE) and JSON (true) write it. */
static bool select_bool(const struct sops_node *n)
{
    return n && n->kind == SOPS_NODE_SCALAR && n->type == SOPS_T_BOOL && (n->text[0] == 't' || n->text[0] == 'T');
}

void sops_select_read(const struct sops_node *map, struct sops_select *s)
{
#define READ(name) s->name = select_string(sops_map_get(map, #name));
    SOPS_SELECT_STRINGS(READ)
#undef READ
    s->mac_only_encrypted = select_bool(sops_map_get(map, "mac_only_encrypted"));
}

void sops_select_write(struct sops_tree *t, struct sops_node *map, const struct sops_select *s)
{
#define WRITE(name) add_str(t, map, #name, s->name);
    SOPS_SELECT_STRINGS(WRITE)
#undef WRITE
    if (s->mac_only_encrypted) {
        struct sops_node *b = sops_scalar_new(t, SOPS_T_BOOL, "true", 4);
        sops_node_set_key(t, b, "mac_only_encrypted", strlen("mac_only_encrypted"));
        sops_node_append(map, b);
    }
}

int sops_select_count(const struct sops_select *s)
{
    int n = 0;
#define COUNT(name) n += s->name != NULL;
    SOPS_SELECT_STRINGS(COUNT)
#undef COUNT
    return n;
}

void sops_select_free(struct sops_select *s)
{
#define FREE(name) free(s->name);
    SOPS_SELECT_STRINGS(FREE)
#undef FREE
    memset(s, 0, sizeof *s);
}

static char *dup_or_null(const char *s) { return s ? hp_xstrdup(s) : NULL; }

void sops_select_copy(struct sops_select *d, const struct sops_select *s)
{
#define COPY(name) d->name = dup_or_null(s->name);
    SOPS_SELECT_STRINGS(COPY)
#undef COPY
    d->mac_only_encrypted = s->mac_only_encrypted;
}

void sops_meta_free(struct sops_meta *m)
{
    free(m->lastmodified);
    free(m->mac);
    free(m->version);
    sops_select_free(&m->sel);
    for (size_t i = 0; i < m->nage; i++) {
        free(m->age[i].recipient);
        free(m->age[i].enc);
    }
    free(m->age);
    memset(m, 0, sizeof *m);
}

char *sops_now_rfc3339(void)
{
    time_t now = time(NULL);
    struct tm tm;
    gmtime_r(&now, &tm);
    char buf[32];
    strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
    return hp_xstrdup(buf);
}
