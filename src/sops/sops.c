/* The document layer: load (plain or encrypted) -> decrypt / encrypt -> emit, each through
 * the document's store (store.c). */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hp/util.h"
#include "sops/scalar.h"
#include "sops/sops.h"
#include "sops/store.h"
#include "sops/treecrypt.h"

#define SOPS_WRITE_VERSION "3.7.1"

/* The store for fmt, or an error naming a format we refuse. */
static const struct sops_store *store_of(enum sops_format fmt, struct hp_error *e)
{
    const struct sops_store *st = sops_store_for(fmt);
    if (!st || !st->load_plain) {
        /* sops' dotenv and INI stores: we read neither, and say so before touching the content */
        if (st)
            hp_error_set(e, SOPS_ERR_PARSE,
                         "%s files are not supported (sops' %s store; --format binary keeps the file as one value)",
                         st->title, st->title);
        else
            hp_error_set(e, SOPS_ERR_PARSE, "such files are not supported");
        return NULL;
    }
    return st;
}

/* Starts d (empty, so sops_doc_free is always safe) and reads its tree with fmt's store. */
static int load_doc(struct sops_doc *d, const unsigned char *data, size_t len, enum sops_format fmt, bool encrypted,
                    struct hp_error *e)
{
    memset(d, 0, sizeof *d);
    sops_tree_init(&d->tree);
    d->fmt = fmt;
    const struct sops_store *st = store_of(fmt, e);
    if (!st)
        return -1;
    return (encrypted ? st->load_encrypted : st->load_plain)(&d->tree, data, len, e);
}

int sops_doc_load_encrypted(struct sops_doc *d, const unsigned char *data, size_t len, enum sops_format fmt,
                            struct hp_error *e)
{
    if (load_doc(d, data, len, fmt, true, e) != 0)
        return -1;
    struct sops_node *s = d->tree.ndocs ? sops_map_get(d->tree.docs[0], "sops") : NULL;
    if (sops_meta_read(s, &d->meta, e) != 0)
        return -1;
    for (size_t i = 0; i < d->tree.ndocs; i++) {
        struct sops_node *x;
        while ((x = sops_map_get(d->tree.docs[i], "sops")))
            sops_node_remove(d->tree.docs[i], x);
    }
    return sops_select_check(&d->meta.sel, e);
}

int sops_doc_load_plain(struct sops_doc *d, const unsigned char *data, size_t len, enum sops_format fmt,
                        struct hp_error *e)
{
    if (load_doc(d, data, len, fmt, false, e) != 0)
        return -1;
    for (size_t i = 0; i < d->tree.ndocs; i++)
        if (sops_map_get(d->tree.docs[i], "sops"))
            return hp_error_set(e, SOPS_ERR_PARSE, "the file is already encrypted (it has a sops key)");
    return 0;
}

int sops_doc_decrypt(struct sops_doc *d, const unsigned char key[SOPS_KEY_LEN], bool ignore_mac, struct hp_error *e)
{
    char mac[SOPS_MAC_HEX_LEN + 1];
    const struct sops_store *st = store_of(d->fmt, e);
    if (!st || sops_tree_decrypt(&d->tree, key, &d->meta.sel, st->floats, d->stash, mac, e) != 0)
        return -1;
    if (ignore_mac)
        return 0;
    return sops_mac_verify(key, d->meta.mac, d->meta.lastmodified, mac, e);
}

/* sops reads a plain YAML integer past int64 as uint64 and then refuses the whole file
 * ("unknown type: uint64"); we refuse it too, naming it, rather than write a float that loses
 * digits (or an unencrypted value sops could not read back). */
static int refuse_uint64(const struct sops_node *n, struct hp_buf *path, struct hp_error *e)
{
    size_t mark = path->len;
    for (const struct sops_node *c = n->first; c; c = c->next) {
        if (c->kind == SOPS_NODE_COMMENT)
            continue;
        path->len = mark;
        if (mark)
            hp_buf_append_str(path, ":");
        if (c->key)
            hp_buf_append(path, c->key, c->keylen);
        if (c->kind == SOPS_NODE_SCALAR && c->type == SOPS_T_FLOAT && sops_yaml_is_uint64(c->text, c->len))
            return hp_error_set(e, SOPS_ERR_TYPE,
                                "value at %s: %.*s is past int64's range, which sops cannot store (it reads it as "
                                "uint64): quote it to keep it a string",
                                hp_buf_cstr(path), (int)(c->len > 40 ? 40 : c->len), c->text);
        if ((c->kind == SOPS_NODE_MAP || c->kind == SOPS_NODE_SEQ) && refuse_uint64(c, path, e) != 0)
            return -1;
    }
    path->len = mark;
    return 0;
}

int sops_doc_encrypt(struct sops_doc *d, const unsigned char key[SOPS_KEY_LEN], struct hp_error *e)
{
    const struct sops_store *st = sops_store_for(d->fmt);
    if (st && st->refuses_uint64)
        for (size_t i = 0; i < d->tree.ndocs; i++) {
            struct hp_buf path = {0};
            int rc = refuse_uint64(d->tree.docs[i], &path, e);
            hp_buf_free(&path);
            if (rc != 0)
                return -1;
        }
    char mac[SOPS_MAC_HEX_LEN + 1];
    if (sops_select_check(&d->meta.sel, e) != 0 || sops_tree_encrypt(&d->tree, key, &d->meta.sel, d->stash, mac, e) != 0)
        return -1;
    free(d->meta.lastmodified);
    d->meta.lastmodified = sops_now_rfc3339();
    free(d->meta.version);
    /* mac_only_encrypted exists since sops 3.8: older readers would compute another MAC */
    d->meta.version = hp_xstrdup(d->meta.sel.mac_only_encrypted ? "3.8.0" : SOPS_WRITE_VERSION);
    struct hp_buf enc = {0};
    if (sops_mac_encrypt(key, mac, d->meta.lastmodified, &enc, e) != 0) {
        hp_buf_free(&enc);
        return -1;
    }
    free(d->meta.mac);
    d->meta.mac = hp_xstrdup(hp_buf_cstr(&enc));
    hp_buf_free(&enc);
    return 0;
}

int sops_doc_emit_plain(const struct sops_doc *d, struct hp_secbuf *out, struct hp_error *e)
{
    const struct sops_store *st = store_of(d->fmt, e);
    return st ? st->emit_plain(&d->tree, out, e) : -1;
}

void sops_doc_emit_encrypted(struct sops_doc *d, bool keep_other, struct hp_buf *out)
{
    const struct sops_store *st = sops_store_for(d->fmt);
    struct sops_node **added = hp_xcalloc(d->tree.ndocs ? d->tree.ndocs : 1, sizeof *added);
    size_t ndocs = st->multi_doc ? d->tree.ndocs : (d->tree.ndocs ? 1 : 0);
    for (size_t i = 0; i < ndocs; i++) {
        added[i] = sops_meta_node(&d->tree, &d->meta, keep_other);
        sops_node_append(d->tree.docs[i], added[i]);
    }
    struct hp_secbuf tmp = {0};
    st->emit_encrypted(&d->tree, &tmp);
    hp_buf_append(out, tmp.data, tmp.len);
    hp_secbuf_free(&tmp);
    for (size_t i = 0; i < ndocs; i++)
        sops_node_remove(d->tree.docs[i], added[i]);
    free(added);
}

/* Next path component of "a.b.0" or `["a"]["b"][0]`; returns false at the end. */
static bool next_component(const char **pp, char *buf, size_t cap, bool *is_index)
{
    const char *p = *pp;
    if (*p == '.')
        p++;
    if (!*p)
        return false;
    size_t n = 0;
    *is_index = false;
    if (*p == '[') {
        p++;
        if (*p == '"') {
            p++;
            while (*p && *p != '"' && n + 1 < cap)
                buf[n++] = *p++;
            if (*p == '"')
                p++;
        } else {
            *is_index = true;
            while (*p && *p != ']' && n + 1 < cap)
                buf[n++] = *p++;
        }
        if (*p == ']')
            p++;
    } else {
        while (*p && *p != '.' && *p != '[' && n + 1 < cap)
            buf[n++] = *p++;
    }
    buf[n] = 0;
    *pp = p;
    return true;
}

int sops_doc_extract(const struct sops_doc *d, const char *path, struct hp_secbuf *out, struct hp_error *e)
{
    const struct sops_node *n = d->tree.ndocs ? d->tree.docs[0] : NULL;
    const char *p = path;
    char comp[512];
    bool is_index;
    while (n && next_component(&p, comp, sizeof comp, &is_index)) {
        if (n->kind == SOPS_NODE_MAP && !is_index) {
            n = sops_map_get(n, comp);
        } else if (n->kind == SOPS_NODE_SEQ) {
            char *end;
            long idx = strtol(comp, &end, 10);
            const struct sops_node *c = n->first;
            for (long i = 0; c && (*end || idx < 0 || i <= idx); c = c->next)
                if (c->kind != SOPS_NODE_COMMENT && i++ == idx)
                    break;
            n = *end || idx < 0 ? NULL : c;
        } else {
            n = NULL;
        }
    }
    if (!n)
        return hp_error_set(e, SOPS_ERR_PARSE, "no value at key path %s", path);
    const struct sops_store *st = store_of(d->fmt, e);
    if (!st)
        return -1;
    if (st->bare_scalars && n->kind == SOPS_NODE_SCALAR) {
        hp_secbuf_append(out, n->text, n->len); /* scalars print bare, as `sops --extract` does */
        return 0;
    }
    if (n->kind == SOPS_NODE_SCALAR && (n->type == SOPS_T_STR || n->type == SOPS_T_BYTES)) {
        hp_secbuf_append(out, n->text, n->len);
        return 0;
    }
    st->emit_value(n, out);
    return 0;
}

void sops_doc_free(struct sops_doc *d)
{
    sops_meta_free(&d->meta);
    sops_tree_free(&d->tree);
}
