/* JSON and binary stores. cJSON turns numbers into doubles, so a separate scan of the input
 * collects every number's original text in document order (the same order cJSON's tree has)
 * to keep unencrypted numbers byte-identical. cJSON's allocations go through hooks that wipe
 * memory on free, since a plaintext JSON document is full of secrets. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cJSON.h>
#include <sodium.h>

#include "hp/utf8.h"
#include "hp/util.h"
#include "sops/errors.h"
#include "sops/json_store.h"
#include "sops/scalar.h"

/* ---------- wiping allocator for cJSON ---------- */

/* Each block starts with its size, in a header that keeps the block malloc-aligned. */
#define WIPE_HDR 16

static void *wipe_malloc(size_t n)
{
    unsigned char *p = malloc(n + WIPE_HDR);
    if (!p)
        return NULL;
    memcpy(p, &n, sizeof n);
    return p + WIPE_HDR;
}

static void wipe_free(void *q)
{
    if (!q)
        return;
    unsigned char *p = (unsigned char *)q - WIPE_HDR;
    size_t n;
    memcpy(&n, p, sizeof n);
    sodium_memzero(p, n + WIPE_HDR);
    free(p);
}

static void hooks_on(void)
{
    cJSON_Hooks h = {wipe_malloc, wipe_free};
    cJSON_InitHooks(&h);
}

static void hooks_off(void) { cJSON_InitHooks(NULL); }

/* ---------- parsing ---------- */

struct numtexts {
    const char **s;
    size_t *len;
    size_t n, cap, next;
};

/* Spans of number tokens in valid JSON text, in order. */
static void scan_numbers(const char *s, size_t len, struct numtexts *nt)
{
    for (size_t i = 0; i < len; i++) {
        char c = s[i];
        if (c == '"') {
            for (i++; i < len && s[i] != '"'; i++)
                if (s[i] == '\\')
                    i++;
            continue;
        }
        if (c == '-' || (c >= '0' && c <= '9')) {
            size_t j = i;
            while (j < len && strchr("0123456789+-.eE", s[j]))
                j++;
            if (nt->n == nt->cap) {
                nt->cap = nt->cap ? nt->cap * 2 : 16;
                nt->s = hp_xrealloc(nt->s, nt->cap * sizeof *nt->s);
                nt->len = hp_xrealloc(nt->len, nt->cap * sizeof *nt->len);
            }
            nt->s[nt->n] = s + i;
            nt->len[nt->n++] = j - i;
            i = j - 1;
        }
    }
}

static struct sops_node *convert(struct sops_tree *t, const cJSON *j, struct numtexts *nt, int depth)
{
    if (depth > 10000)
        return NULL;
    if (cJSON_IsObject(j) || cJSON_IsArray(j)) {
        struct sops_node *n = sops_node_new(t, cJSON_IsObject(j) ? SOPS_NODE_MAP : SOPS_NODE_SEQ);
        for (const cJSON *c = j->child; c; c = c->next) {
            struct sops_node *cn = convert(t, c, nt, depth + 1);
            if (!cn)
                return NULL;
            if (cJSON_IsObject(j))
                sops_node_set_key(t, cn, c->string, strlen(c->string));
            sops_node_append(n, cn);
        }
        return n;
    }
    if (cJSON_IsString(j))
        return sops_scalar_new(t, SOPS_T_STR, j->valuestring, strlen(j->valuestring));
    if (cJSON_IsNumber(j)) {
        if (nt->next >= nt->n)
            return NULL;
        size_t k = nt->next++;
        /* sops >= 3.13 decodes with UseNumber: an integer in int64's range is an int (so
         * 2^53 + 1 and -2^63 keep their digits), anything else a float64 */
        const char *x = nt->s[k];
        size_t xl = nt->len[k], i = x[0] == '-';
        while (i < xl && x[i] >= '0' && x[i] <= '9')
            i++;
        long long v;
        if (i == xl && xl > (size_t)(x[0] == '-') && sops_parse_int(x, xl, &v)) {
            char buf[24];
            snprintf(buf, sizeof buf, "%lld", v);
            return sops_scalar_new(t, SOPS_T_INT, buf, strlen(buf));
        }
        return sops_scalar_new(t, SOPS_T_FLOAT, x, xl);
    }
    if (cJSON_IsBool(j))
        return cJSON_IsTrue(j) ? sops_scalar_new(t, SOPS_T_BOOL, "true", 4) : sops_scalar_new(t, SOPS_T_BOOL, "false", 5);
    return sops_scalar_new(t, SOPS_T_NULL, "null", 4);
}

int sops_json_load(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e)
{
    hooks_on();
    const char *end = NULL;
    cJSON *j = cJSON_ParseWithLengthOpts((const char *)data, len, &end, 0);
    if (!j) {
        size_t off = end ? (size_t)(end - (const char *)data) : 0;
        size_t line = 1;
        for (size_t i = 0; i < off && i < len; i++)
            line += data[i] == '\n';
        hooks_off();
        return hp_error_set(e, SOPS_ERR_PARSE, "line %zu: invalid JSON", line);
    }
    int rc = 0;
    if (!cJSON_IsObject(j)) {
        rc = hp_error_set(e, SOPS_ERR_PARSE, "the JSON document must be an object (wrap it: {\"data\": ...})");
    } else {
        struct numtexts nt = {0};
        scan_numbers((const char *)data, len, &nt);
        struct sops_node *root = convert(t, j, &nt, 0);
        if (!root) {
            rc = hp_error_set(e, SOPS_ERR_PARSE, "JSON nested too deeply or numbers out of step");
        } else {
            t->docs = hp_xrealloc(t->docs, (t->ndocs + 1) * sizeof *t->docs);
            t->docs[t->ndocs++] = root;
        }
        free(nt.s);
        free(nt.len);
    }
    cJSON_Delete(j);
    hooks_off();
    return rc;
}

/* ---------- emitting ---------- */

static void put(struct hp_secbuf *o, const char *s, size_t n) { hp_secbuf_append(o, s, n); }
static void tabs(struct hp_secbuf *o, size_t n)
{
    for (size_t i = 0; i < n; i++)
        put(o, "\t", 1);
}

/* printable ASCII that Go's encoding/json writes as it is (it escapes <, > and & for HTML) */
static bool json_plain(unsigned char c)
{
    return c >= 0x20 && c < 0x80 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&';
}

/* encoding/json's string encoding (HTML-safe, invalid UTF-8 as U+FFFD). */
static void emit_string(struct hp_secbuf *o, const char *s, size_t len)
{
    put(o, "\"", 1);
    char esc[8];
    for (size_t i = 0; i < len;) {
        /* a run of bytes written as they are, in one append (one append a byte was 12% of a
         * 5,000-key JSON decryption) */
        size_t run = i;
        while (run < len && json_plain((unsigned char)s[run]))
            run++;
        if (run > i) {
            put(o, s + i, run - i);
            i = run;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (c < 0x80) {
            switch (c) {
            case '"': put(o, "\\\"", 2); break;
            case '\\': put(o, "\\\\", 2); break;
            case '\n': put(o, "\\n", 2); break;
            case '\r': put(o, "\\r", 2); break;
            case '\t': put(o, "\\t", 2); break;
            default:
                if (c < 0x20 || c == '<' || c == '>' || c == '&') {
                    snprintf(esc, sizeof esc, "\\u%04x", c);
                    put(o, esc, 6);
                } else {
                    put(o, s + i, 1);
                }
            }
            i++;
            continue;
        }
        size_t k;
        uint32_t cp = hp_utf8_decode(s + i, len - i, &k);
        if (cp == HP_RUNE_ERROR && k == 1) {
            put(o, "\\ufffd", 6);
            i++;
            continue;
        }
        if (cp == 0x2028 || cp == 0x2029) {
            snprintf(esc, sizeof esc, "\\u%04x", (unsigned)cp);
            put(o, esc, 6);
        } else {
            put(o, s + i, k);
        }
        i += k;
    }
    put(o, "\"", 1);
}

static void emit_node(struct hp_secbuf *o, const struct sops_node *n, size_t depth)
{
    if (n->kind == SOPS_NODE_SCALAR) {
        if (n->type == SOPS_T_STR || n->type == SOPS_T_BYTES || n->type == SOPS_T_TIME)
            emit_string(o, n->text, n->len);
        else if (n->type == SOPS_T_NULL)
            put(o, "null", 4);
        else
            put(o, n->text, n->len);
        return;
    }
    bool map = n->kind == SOPS_NODE_MAP;
    if (!sops_node_has_values(n)) {
        put(o, map ? "{}" : "[]", 2);
        return;
    }
    put(o, map ? "{\n" : "[\n", 2);
    bool first = true;
    for (const struct sops_node *c = n->first; c; c = c->next) {
        if (c->kind == SOPS_NODE_COMMENT)
            continue;
        if (!first)
            put(o, ",\n", 2);
        first = false;
        tabs(o, depth + 1);
        if (map) {
            emit_string(o, c->key, c->keylen);
            put(o, ": ", 2);
        }
        emit_node(o, c, depth + 1);
    }
    put(o, "\n", 1);
    tabs(o, depth);
    put(o, map ? "}" : "]", 1);
}

void sops_json_emit(const struct sops_tree *t, struct hp_secbuf *out)
{
    if (t->ndocs)
        emit_node(out, t->docs[0], 0);
    else
        put(out, "{}", 2);
    put(out, "\n", 1);
}

void sops_json_emit_value(const struct sops_node *n, struct hp_secbuf *out)
{
    emit_node(out, n, 0);
    put(out, "\n", 1);
}

void sops_binary_load(struct sops_tree *t, const unsigned char *data, size_t len)
{
    struct sops_node *root = sops_doc_add(t);
    struct sops_node *d = sops_scalar_new(t, SOPS_T_STR, (const char *)data, len);
    sops_node_set_key(t, d, "data", 4);
    sops_node_append(root, d);
}

int sops_binary_emit(const struct sops_tree *t, struct hp_secbuf *out, struct hp_error *e)
{
    const struct sops_node *d = t->ndocs ? sops_map_get(t->docs[0], "data") : NULL;
    if (!d || d->kind != SOPS_NODE_SCALAR || d->type != SOPS_T_STR)
        return hp_error_set(e, SOPS_ERR_PARSE, "no binary \"data\" value in the file");
    put(out, d->text, d->len);
    return 0;
}
