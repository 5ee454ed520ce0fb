/* The tree walk shared by encryption, decryption and the MAC. Mirrors sops' walkBranch:
 * comment items are leaves whose path is their container's path, and a stack of "comments
 * seen since the last value" per open container feeds the comment regexes. */
#include <errno.h>
#include <regex.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>

#include <sodium.h>

#include "hp/util.h"
#include "sops/errors.h"
#include "sops/goregex.h"
#include "sops/scalar.h"
#include "sops/treecrypt.h"

struct rx {
    regex_t re;
    bool set;
};

struct walk {
    struct sops_gcm gcm;
    const struct sops_select *sel;
    bool encrypt;
    enum sops_float_style fs;
    struct sops_tree *t;
    struct rx unenc_re, enc_re, unenc_cre, enc_cre;
    crypto_hash_sha512_state mac;
    /* the key path */
    const struct sops_node **path;
    size_t depth, cap;
    /* comments seen since the last value, per open container: texts of comment nodes */
    const struct sops_node ***cs;
    size_t *csn, *cscap;
    size_t csdepth, cscapd;
    struct hp_buf aad;
    struct hp_secbuf scratch;
    struct hp_error *e;
    struct sops_iv_stash *stash;
};

static int rx_compile(struct rx *r, const char *pattern, const char *name, struct hp_error *e)
{
    if (!pattern)
        return 0;
    if (sops_goregex_compile(&r->re, pattern) != 0)
        return hp_error_set(e, SOPS_ERR_PARSE, "%s \"%s\" is not a valid regular expression", name, pattern);
    r->set = true;
    return 0;
}

static bool rx_match(const struct rx *r, const char *s, size_t len)
{
    /* keys are NUL-terminated copies in the arena; comment texts too */
    (void)len;
    return regexec(&r->re, s, 0, NULL, 0) == 0;
}

static void rx_free(struct rx *r)
{
    if (r->set)
        regfree(&r->re);
    r->set = false;
}

int sops_select_check(const struct sops_select *sel, struct hp_error *e)
{
    struct rx a = {0}, b = {0}, c = {0}, d = {0};
    int rc = 0;
    if (rx_compile(&a, sel->unencrypted_regex, "unencrypted_regex", e) || rx_compile(&b, sel->encrypted_regex, "encrypted_regex", e) ||
        rx_compile(&c, sel->unencrypted_comment_regex, "unencrypted_comment_regex", e) ||
        rx_compile(&d, sel->encrypted_comment_regex, "encrypted_comment_regex", e))
        rc = -1;
    rx_free(&a);
    rx_free(&b);
    rx_free(&c);
    rx_free(&d);
    return rc;
}

static bool has_suffix(const char *s, size_t len, const char *suf)
{
    size_t n = strlen(suf);
    return n <= len && memcmp(s + len - n, suf, n) == 0;
}

/* sops' shouldBeEncrypted. */
static bool should_encrypt(const struct walk *w, bool is_comment)
{
    const struct sops_select *s = w->sel;
    bool enc = true;
    if (s->unencrypted_suffix && *s->unencrypted_suffix)
        for (size_t i = 0; i < w->depth; i++)
            if (has_suffix(w->path[i]->key, w->path[i]->keylen, s->unencrypted_suffix)) {
                enc = false;
                break;
            }
    if (s->encrypted_suffix && *s->encrypted_suffix) {
        enc = false;
        for (size_t i = 0; i < w->depth; i++)
            if (has_suffix(w->path[i]->key, w->path[i]->keylen, s->encrypted_suffix)) {
                enc = true;
                break;
            }
    }
    if (w->unenc_re.set)
        for (size_t i = 0; i < w->depth; i++)
            if (rx_match(&w->unenc_re, w->path[i]->key, w->path[i]->keylen)) {
                enc = false;
                break;
            }
    if (w->enc_re.set) {
        enc = false;
        for (size_t i = 0; i < w->depth; i++)
            if (rx_match(&w->enc_re, w->path[i]->key, w->path[i]->keylen)) {
                enc = true;
                break;
            }
    }
    if (w->unenc_cre.set)
        for (size_t i = 0; i < w->csdepth && enc; i++)
            for (size_t j = 0; j < w->csn[i]; j++)
                if (rx_match(&w->unenc_cre, w->cs[i][j]->text, w->cs[i][j]->len)) {
                    enc = false;
                    break;
                }
    if (w->enc_cre.set) {
        enc = false;
        for (size_t i = 0; i < w->csdepth && !enc; i++)
            for (size_t j = 0; j < w->csn[i]; j++) {
                /* the comment line that matches is itself left in clear */
                if (is_comment && i == w->csdepth - 1 && j == w->csn[i] - 1)
                    continue;
                if (rx_match(&w->enc_cre, w->cs[i][j]->text, w->cs[i][j]->len)) {
                    enc = true;
                    break;
                }
            }
    }
    return enc;
}

static void build_aad(struct walk *w)
{
    w->aad.len = 0;
    for (size_t i = 0; i < w->depth; i++) {
        hp_buf_append(&w->aad, w->path[i]->key, w->path[i]->keylen);
        hp_buf_append(&w->aad, ":", 1);
    }
    if (w->depth == 0)
        hp_buf_append(&w->aad, ":", 1);
    hp_buf_cstr(&w->aad);
}

static int path_error(struct walk *w, int kind, const char *what)
{
    build_aad(w);
    const char *p = (const char *)w->aad.data;
    return hp_error_set(w->e, kind, "value at %.*s: %s", (int)(w->aad.len > 1 ? w->aad.len - 1 : 1),
                        w->depth ? p : "(top)", what);
}

static void set_text(struct walk *w, struct sops_node *n, const char *s, size_t len)
{
    n->text = sops_tree_strndup(w->t, s, len);
    n->len = len;
}

static int mac_add(struct walk *w, const struct sops_node *n)
{
    const char *type;
    w->scratch.len = 0;
    if (sops_scalar_canonical(n, &w->scratch, &type) != 0)
        return path_error(w, SOPS_ERR_TYPE, "number out of range");
    if (type && w->scratch.len)
        crypto_hash_sha512_update(&w->mac, w->scratch.data, w->scratch.len);
    return 0;
}

/* Decrypted plaintext of type `type` becomes the node's value as sops' stores print it. */
static int set_decrypted(struct walk *w, struct sops_node *n, const char *type, const char *pt, size_t len)
{
    char buf[400];
    if (!strcmp(type, "str") || !strcmp(type, "bytes")) {
        n->type = SOPS_T_STR;
        set_text(w, n, pt, len);
    } else if (!strcmp(type, "int") || !strcmp(type, "int64")) {
        /* Go's strconv.Atoi: optional sign, decimal digits, 64-bit range */
        char tmp[32];
        size_t i = 0;
        if (len == 0 || len >= sizeof tmp)
            return path_error(w, SOPS_ERR_TYPE, "decrypted value is not an int");
        memcpy(tmp, pt, len);
        tmp[len] = 0;
        if (tmp[0] == '+' || tmp[0] == '-')
            i++;
        bool digits = tmp[i] != 0;
        for (; tmp[i]; i++)
            digits = digits && tmp[i] >= '0' && tmp[i] <= '9';
        errno = 0;
        long long v = digits ? strtoll(tmp, NULL, 10) : 0;
        if (!digits || errno == ERANGE)
            return path_error(w, SOPS_ERR_TYPE, "decrypted value is not an int");
        snprintf(buf, sizeof buf, "%lld", v);
        n->type = SOPS_T_INT;
        set_text(w, n, buf, strlen(buf));
    } else if (!strcmp(type, "float")) {
        char tmp[400];
        if (len >= sizeof tmp)
            return path_error(w, SOPS_ERR_TYPE, "decrypted value is not a float");
        memcpy(tmp, pt, len);
        tmp[len] = 0;
        char *end;
        double d = strtod(tmp, &end);
        if (len == 0 || *end)
            return path_error(w, SOPS_ERR_TYPE, "decrypted value is not a float");
        if (w->fs == SOPS_FLOATS_JSON) {
            sops_json_format_float(d, buf, sizeof buf);
        } else {
            sops_go_format_float(d, 'g', buf, sizeof buf);
            if (!strcmp(buf, "+Inf"))
                strcpy(buf, ".inf");
            else if (!strcmp(buf, "-Inf"))
                strcpy(buf, "-.inf");
            else if (!strcmp(buf, "NaN"))
                strcpy(buf, ".nan");
        }
        n->type = SOPS_T_FLOAT;
        set_text(w, n, buf, strlen(buf));
    } else if (!strcmp(type, "time")) {
        /* Go's time.Time.UnmarshalText (RFC 3339), printed back as MarshalText writes it */
        if (!sops_time_rfc3339(pt, len, buf, sizeof buf) || memchr(pt, ' ', len) || (len > 10 && pt[10] == 't'))
            return path_error(w, SOPS_ERR_TYPE, "decrypted value is not a time");
        n->type = SOPS_T_TIME;
        set_text(w, n, buf, strlen(buf));
    } else if (!strcmp(type, "bool")) {
        bool b;
        if (!sops_parse_go_bool(pt, len, &b))
            return path_error(w, SOPS_ERR_TYPE, "decrypted value is not a bool");
        n->type = SOPS_T_BOOL;
        set_text(w, n, b ? "true" : "false", b ? 4 : 5);
    } else {
        return path_error(w, SOPS_ERR_TYPE, "a value cannot have type comment");
    }
    return 0;
}

/* Encryption: the MAC sees the plaintext; a selected value becomes its ENC[...] string. */
static int leaf_encrypt(struct walk *w, struct sops_node *n, bool enc)
{
    bool is_comment = n->kind == SOPS_NODE_COMMENT;
    if (!is_comment && (!w->sel->mac_only_encrypted || enc) && mac_add(w, n) != 0)
        return -1;
    if (!enc)
        return 0;
    const char *type = "comment";
    w->scratch.len = 0;
    if (is_comment)
        hp_secbuf_append(&w->scratch, n->text, n->len);
    else if (sops_scalar_canonical(n, &w->scratch, &type) != 0)
        return path_error(w, SOPS_ERR_TYPE, "number out of range");
    if (w->scratch.len == 0) {
        if (!is_comment) {
            n->type = SOPS_T_STR;
            set_text(w, n, "", 0);
        }
        return 0; /* sops leaves empty values as they are */
    }
    build_aad(w);
    struct hp_buf out = {0};
    const unsigned char *iv = w->stash ? sops_iv_stash_find(w->stash, (const char *)w->aad.data, w->aad.len, type,
                                                             w->scratch.data, w->scratch.len)
                                       : NULL;
    if (sops_gcm_encrypt(&w->gcm, w->scratch.data, w->scratch.len, type, (const char *)w->aad.data, w->aad.len, iv,
                           &out, w->e) != 0) {
        hp_buf_free(&out);
        return -1;
    }
    if (!is_comment)
        n->type = SOPS_T_STR;
    set_text(w, n, (const char *)out.data, out.len);
    hp_buf_free(&out);
    return 0;
}

/* Records a decrypted value's IV (edit), keyed by the canonical form encryption will compute
 * for it. */
static void stash_value_iv(struct walk *w, const struct sops_node *n, const unsigned char iv[SOPS_IV_LEN])
{
    const char *ctype;
    w->scratch.len = 0;
    if (sops_scalar_canonical(n, &w->scratch, &ctype) == 0 && ctype)
        sops_iv_stash_add(w->stash, (const char *)w->aad.data, w->aad.len, ctype, w->scratch.data, w->scratch.len,
                          iv);
}

/* Decrypts one selected value or comment in place (w->aad built by the caller). */
static int decrypt_value(struct walk *w, struct sops_node *n)
{
    bool is_comment = n->kind == SOPS_NODE_COMMENT;
    char type[8];
    unsigned char iv[SOPS_IV_LEN];
    bool has_iv = false;
    w->scratch.len = 0;
    struct hp_error ve = {0};
    if (sops_gcm_decrypt(&w->gcm, n->text, n->len, (const char *)w->aad.data, w->aad.len, &w->scratch, type, iv,
                              &has_iv, &ve) != 0) {
        if (is_comment)
            return 0; /* an unencrypted comment (older sops) stays as it is */
        return path_error(w, ve.kind, ve.msg);
    }
    /* sops writes a line comment after a flow list ("k: [1, 2] # c") as a list item of type
     * comment; decrypted, it is a comment again (the caller does not hash it, as in sops) */
    if (!is_comment && !n->key && !strcmp(type, "comment")) {
        n->kind = SOPS_NODE_COMMENT;
        is_comment = true;
    }
    if (is_comment) {
        set_text(w, n, (const char *)w->scratch.data, w->scratch.len);
        if (w->stash && has_iv)
            sops_iv_stash_add(w->stash, (const char *)w->aad.data, w->aad.len, "comment", w->scratch.data,
                              w->scratch.len, iv);
        return 0;
    }
    /* set_decrypted copies the plaintext into the tree before scratch is reused; one
     * guarded allocation per value would cost an mmap/mprotect pair each */
    if (set_decrypted(w, n, type, (const char *)w->scratch.data, w->scratch.len) != 0)
        return -1;
    if (w->stash && has_iv)
        stash_value_iv(w, n, iv);
    return 0;
}

/* Decryption: a selected value is decrypted, then the MAC sees the plaintext. */
static int leaf_decrypt(struct walk *w, struct sops_node *n, bool enc)
{
    bool is_comment = n->kind == SOPS_NODE_COMMENT;
    if (enc && (is_comment || n->len)) {
        if (!is_comment && n->type != SOPS_T_STR)
            return path_error(w, SOPS_ERR_VALUE, "should be encrypted but is a plain number or bool");
        build_aad(w);
        if (decrypt_value(w, n) != 0)
            return -1;
        if (n->kind == SOPS_NODE_COMMENT) /* a comment, or a list item of type comment */
            return 0;
    }
    if (!is_comment && (!w->sel->mac_only_encrypted || enc))
        return mac_add(w, n);
    return 0;
}

static int leaf(struct walk *w, struct sops_node *n)
{
    bool is_comment = n->kind == SOPS_NODE_COMMENT;
    if (!is_comment && n->type == SOPS_T_NULL)
        return 0; /* sops neither encrypts nor hashes nulls */
    bool enc = should_encrypt(w, is_comment);
    return w->encrypt ? leaf_encrypt(w, n, enc) : leaf_decrypt(w, n, enc);
}

static void cs_push(struct walk *w)
{
    if (w->csdepth == w->cscapd) {
        w->cscapd = w->cscapd ? w->cscapd * 2 : 16;
        w->cs = hp_xrealloc(w->cs, w->cscapd * sizeof *w->cs);
        w->csn = hp_xrealloc(w->csn, w->cscapd * sizeof *w->csn);
        w->cscap = hp_xrealloc(w->cscap, w->cscapd * sizeof *w->cscap);
        for (size_t i = w->csdepth; i < w->cscapd; i++) {
            w->cs[i] = NULL;
            w->cscap[i] = 0;
        }
    }
    w->csn[w->csdepth++] = 0;
}

static void cs_add(struct walk *w, const struct sops_node *c)
{
    size_t d = w->csdepth - 1;
    if (w->csn[d] == w->cscap[d]) {
        w->cscap[d] = w->cscap[d] ? w->cscap[d] * 2 : 4;
        w->cs[d] = hp_xrealloc(w->cs[d], w->cscap[d] * sizeof *w->cs[d]);
    }
    w->cs[d][w->csn[d]++] = c;
}

static int walk_container(struct walk *w, struct sops_node *c)
{
    cs_push(w);
    for (struct sops_node *n = c->first; n; n = n->next) {
        if (n->kind == SOPS_NODE_COMMENT) {
            cs_add(w, n);
            if (leaf(w, n) != 0)
                return -1;
            continue;
        }
        bool in_map = c->kind == SOPS_NODE_MAP;
        if (in_map) {
            if (w->depth == w->cap) {
                w->cap = w->cap ? w->cap * 2 : 16;
                w->path = hp_xrealloc(w->path, w->cap * sizeof *w->path);
            }
            w->path[w->depth++] = n;
        }
        int rc = n->kind == SOPS_NODE_SCALAR ? leaf(w, n) : walk_container(w, n);
        if (in_map)
            w->depth--;
        if (rc != 0)
            return -1;
        w->csn[w->csdepth - 1] = 0;
    }
    w->csdepth--;
    return 0;
}

static int run(struct walk *w, const unsigned char key[SOPS_KEY_LEN], char mac_hex[SOPS_MAC_HEX_LEN + 1])
{
    int rc = -1;
    crypto_hash_sha512_init(&w->mac);
    if (sops_gcm_init(&w->gcm, key, w->e) != 0)
        return -1;
    if (w->sel->mac_only_encrypted) {
        /* sops' MACOnlyEncryptedInitialization is SHA-256("sops") */
        unsigned char init[crypto_hash_sha256_BYTES];
        crypto_hash_sha256(init, (const unsigned char *)"sops", 4);
        crypto_hash_sha512_update(&w->mac, init, sizeof init);
    }
    if (rx_compile(&w->unenc_re, w->sel->unencrypted_regex, "unencrypted_regex", w->e) ||
        rx_compile(&w->enc_re, w->sel->encrypted_regex, "encrypted_regex", w->e) ||
        rx_compile(&w->unenc_cre, w->sel->unencrypted_comment_regex, "unencrypted_comment_regex", w->e) ||
        rx_compile(&w->enc_cre, w->sel->encrypted_comment_regex, "encrypted_comment_regex", w->e))
        goto out;
    for (size_t i = 0; i < w->t->ndocs; i++)
        if (walk_container(w, w->t->docs[i]) != 0)
            goto out;
    unsigned char h[crypto_hash_sha512_BYTES];
    crypto_hash_sha512_final(&w->mac, h);
    static const char hex[] = "0123456789ABCDEF";
    for (size_t i = 0; i < sizeof h; i++) {
        mac_hex[2 * i] = hex[h[i] >> 4];
        mac_hex[2 * i + 1] = hex[h[i] & 15];
    }
    mac_hex[SOPS_MAC_HEX_LEN] = 0;
    rc = 0;
out:
    rx_free(&w->unenc_re);
    rx_free(&w->enc_re);
    rx_free(&w->unenc_cre);
    rx_free(&w->enc_cre);
    for (size_t i = 0; i < w->cscapd; i++)
        free(w->cs[i]);
    free(w->cs);
    free(w->csn);
    free(w->cscap);
    free(w->path);
    hp_buf_free(&w->aad);
    hp_secbuf_free(&w->scratch);
    sops_gcm_free(&w->gcm);
    sodium_memzero(&w->mac, sizeof w->mac);
    return rc;
}

int sops_tree_encrypt(struct sops_tree *t, const unsigned char key[SOPS_KEY_LEN], const struct sops_select *sel,
                      struct sops_iv_stash *stash, char mac_hex[SOPS_MAC_HEX_LEN + 1], struct hp_error *e)
{
    struct walk w = {.sel = sel, .encrypt = true, .t = t, .e = e, .stash = stash};
    return run(&w, key, mac_hex);
}

int sops_tree_decrypt(struct sops_tree *t, const unsigned char key[SOPS_KEY_LEN], const struct sops_select *sel,
                      enum sops_float_style fs, struct sops_iv_stash *stash, char mac_hex[SOPS_MAC_HEX_LEN + 1],
                      struct hp_error *e)
{
    struct walk w = {.sel = sel, .encrypt = false, .fs = fs, .t = t, .e = e, .stash = stash};
    return run(&w, key, mac_hex);
}

/* Go parses lastmodified as a time and formats it back with time.RFC3339 for the MAC's
 * additional data: fractional seconds are dropped and a zero offset is written "Z". */
static void normalise_time(const char *in, char *out, size_t cap)
{
    size_t j = 0;
    for (size_t i = 0; in[i] && j + 1 < cap; i++) {
        if (in[i] == '.' && i >= 19) {
            while (in[i + 1] >= '0' && in[i + 1] <= '9')
                i++;
            continue;
        }
        out[j++] = in[i];
    }
    out[j] = 0;
    if (j >= 6 && (!strcmp(out + j - 6, "+00:00") || !strcmp(out + j - 6, "-00:00")))
        strcpy(out + j - 6, "Z");
}

int sops_mac_encrypt(const unsigned char key[SOPS_KEY_LEN], const char *mac_hex, const char *lastmodified,
                     struct hp_buf *out, struct hp_error *e)
{
    char aad[64];
    normalise_time(lastmodified, aad, sizeof aad);
    return sops_value_encrypt(key, (const unsigned char *)mac_hex, strlen(mac_hex), "str", aad, strlen(aad), NULL,
                              out, e);
}

int sops_mac_verify(const unsigned char key[SOPS_KEY_LEN], const char *enc, const char *lastmodified,
                    const char *mac_hex, struct hp_error *e)
{
    char aad[64];
    normalise_time(lastmodified, aad, sizeof aad);
    struct hp_secbuf pt = {0};
    char type[8];
    struct hp_error ve = {0};
    if (sops_value_decrypt(key, enc, strlen(enc), aad, strlen(aad), &pt, type, &ve) != 0) {
        hp_secbuf_free(&pt);
        return hp_error_set(e, SOPS_ERR_MAC, "the MAC cannot be decrypted (sops.mac or sops.lastmodified tampered): %s",
                            ve.msg);
    }
    size_t n = strlen(mac_hex);
    bool same = pt.len == n && sodium_memcmp(pt.data, mac_hex, n) == 0;
    hp_secbuf_free(&pt);
    if (!same)
        return hp_error_set(e, SOPS_ERR_MAC, "MAC mismatch: the file was modified outside sops");
    return 0;
}
