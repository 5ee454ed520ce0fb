/* ENC[AES256_GCM,...] values: strict parsing and AES-256-GCM through OpenSSL EVP, the only
 * place helm-panda uses libcrypto (the 256-bit IV is what libsodium cannot do). */
#include <string.h>

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <sodium.h>

#include "hp/util.h"
#include "sops/cipher.h"
#include "sops/errors.h"

static const char ENC_PREFIX[] = "ENC[AES256_GCM,data:";
static const char *const TYPES[] = {"str", "int", "int64", "float", "bool", "bytes", "time", "comment", NULL};

/* Each byte's base64 digit value, or -1. Ciphertext, IVs and tags are not secret: a table
 * lookup, several times cheaper than libsodium's constant-time decoder (the base64 of 5,000
 * values was the largest single cost of decrypting a file; branches per character range
 * were the next, mispredicted on random text). */
static const signed char B64[256] = {
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, 62, -1, -1, -1, 63,
    52, 53, 54, 55, 56, 57, 58, 59, 60, 61, -1, -1, -1, -1, -1, -1,
    -1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14,
    15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, -1, -1, -1, -1, -1,
    -1, 26, 27, 28, 29, 30, 31, 32, 33, 34, 35, 36, 37, 38, 39, 40,
    41, 42, 43, 44, 45, 46, 47, 48, 49, 50, 51, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
    -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1, -1,
};

static int b64_digit(unsigned char c)
{
    return B64[c];
}

/* Standard padded base64 (Go's base64.StdEncoding), into out of capacity cap. As strict as
 * libsodium's decoder was: padding only at the end, padding bits zero, nothing else. */
static int b64_decode(const char *s, size_t len, unsigned char *out, size_t cap, size_t *outlen)
{
    if (len % 4 != 0)
        return -1;
    size_t pad = len && s[len - 1] == '=' ? (s[len - 2] == '=' ? 2 : 1) : 0;
    size_t n = len / 4 * 3 - pad;
    if (n > cap)
        return -1;
    const unsigned char *u = (const unsigned char *)s;
    for (size_t i = 0, o = 0; i < len; i += 4) {
        bool last = i + 4 == len;
        int a = b64_digit(u[i]), b = b64_digit(u[i + 1]);
        int c = last && pad == 2 ? 0 : b64_digit(u[i + 2]);
        int d = last && pad >= 1 ? 0 : b64_digit(u[i + 3]);
        if ((a | b | c | d) < 0)
            return -1;
        unsigned long v = (unsigned long)a << 18 | (unsigned long)b << 12 | (unsigned long)c << 6 | (unsigned long)d;
        if (last && ((pad == 1 && (v & 0xFF)) || (pad == 2 && (v & 0xFFFF))))
            return -1; /* non-zero padding bits */
        out[o++] = (unsigned char)(v >> 16);
        if (o < n)
            out[o++] = (unsigned char)(v >> 8);
        if (o < n)
            out[o++] = (unsigned char)v;
    }
    *outlen = n;
    return 0;
}

/* libcrypto would read the system's openssl.cnf on first use; one that activates a provider
 * module of its own leaves no default provider (AES-GCM fails) and, in the static release
 * binary, would dlopen. AES-GCM needs nothing from it. Nor from the legacy name tables: the
 * first fetch copies every legacy cipher and digest name into the provider name map (3.4 M
 * instructions of a one-key decrypt's 9.1 M); the provider's own names find AES-256-GCM.
 * No clean-up at exit either (0.8 M): nothing secret is left in libcrypto's tables (each
 * cipher context, with its key schedule, is freed and cleansed by sops_gcm_free).
 * Idempotent: OpenSSL inits once. */
static void crypto_init(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG | OPENSSL_INIT_NO_ADD_ALL_CIPHERS |
                            OPENSSL_INIT_NO_ADD_ALL_DIGESTS | OPENSSL_INIT_NO_ATEXIT,
                        NULL);
}

/* Finds needle in [p, end); returns its start or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
    return memmem(p, (size_t)(end - p), needle, strlen(needle));
}

int sops_enc_parse(const char *s, size_t len, struct sops_enc *v, struct hp_error *e)
{
    memset(v, 0, sizeof *v);
    const char *end = s + len;
    size_t pl = sizeof ENC_PREFIX - 1;
    if (len < pl || memcmp(s, ENC_PREFIX, pl) != 0 || s[len - 1] != ']')
        return hp_error_set(e, SOPS_ERR_VALUE, "not an ENC[AES256_GCM,data:...] value");
    end--; /* drop ']' */
    const char *data = s + pl;
    const char *iv = find(data, end, ",iv:");
    const char *tag = iv ? find(iv + 4, end, ",tag:") : NULL;
    const char *type = tag ? find(tag + 5, end, ",type:") : NULL;
    if (!iv || !tag || !type)
        return hp_error_set(e, SOPS_ERR_VALUE, "ENC value lacks one of data, iv, tag, type");
    if (iv == data)
        return hp_error_set(e, SOPS_ERR_VALUE, "ENC value has empty data");
    size_t dlen = (size_t)(iv - data);
    v->data = hp_xmalloc(dlen / 4 * 3 + 1);
    if (b64_decode(data, dlen, v->data, dlen / 4 * 3 + 1, &v->datalen) != 0) {
        sops_enc_free(v);
        return hp_error_set(e, SOPS_ERR_VALUE, "ENC value has malformed base64 data");
    }
    if (b64_decode(iv + 4, (size_t)(tag - iv - 4), v->iv, sizeof v->iv, &v->ivlen) != 0 || v->ivlen == 0) {
        sops_enc_free(v);
        return hp_error_set(e, SOPS_ERR_VALUE, "ENC value has a malformed iv");
    }
    size_t taglen = 0;
    if (b64_decode(tag + 5, (size_t)(type - tag - 5), v->tag, sizeof v->tag, &taglen) != 0 ||
        taglen != SOPS_TAG_LEN) {
        sops_enc_free(v);
        return hp_error_set(e, SOPS_ERR_VALUE, "ENC value has a malformed tag (want 16 bytes)");
    }
    const char *t = type + 6;
    size_t tl = (size_t)(end - t);
    for (size_t i = 0; TYPES[i]; i++) {
        if (strlen(TYPES[i]) == tl && memcmp(TYPES[i], t, tl) == 0) {
            memcpy(v->type, t, tl);
            v->type[tl] = 0;
            return 0;
        }
    }
    sops_enc_free(v);
    return hp_error_set(e, SOPS_ERR_TYPE, "ENC value has unknown type \"%.*s\"", (int)(tl > 20 ? 20 : tl), t);
}

void sops_enc_free(struct sops_enc *v)
{
    free(v->data);
    v->data = NULL;
}

int sops_gcm_init(struct sops_gcm *g, const unsigned char key[SOPS_KEY_LEN], struct hp_error *e)
{
    /* the key schedule is set once: each value then sets only its IV (a fresh context per
     * value fetched the cipher and expanded the key 5,000 times for a 5,000-key file) */
    crypto_init();
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    g->ctx = ctx;
    g->keyed = false;
    g->ivlen = 0;
    g->key = key;
    if (!ctx || EVP_CipherInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL, 0) != 1) {
        sops_gcm_free(g);
        return hp_error_set(e, SOPS_ERR_VALUE, "AES-GCM setup failed");
    }
    return 0;
}

void sops_gcm_free(struct sops_gcm *g)
{
    EVP_CIPHER_CTX_free(g->ctx);
    g->ctx = NULL;
}

/* Starts one value: direction, IV (its length first) and, the first time, the key. */
static int gcm_start(struct sops_gcm *g, int enc, const unsigned char *iv, size_t ivlen)
{
    EVP_CIPHER_CTX *ctx = g->ctx;
    /* the IV length only when it changes: most files have sops' 32 bytes throughout */
    if (ivlen != g->ivlen && EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)ivlen, NULL) != 1)
        return -1;
    g->ivlen = ivlen;
    if (EVP_CipherInit_ex(ctx, NULL, NULL, g->keyed ? NULL : g->key, iv, enc) != 1)
        return -1;
    g->keyed = true;
    return 0;
}

int sops_gcm_decrypt(struct sops_gcm *g, const char *s, size_t len, const char *aad, size_t aadlen,
                     struct hp_secbuf *pt, char type_out[8], unsigned char iv_out[SOPS_IV_LEN], bool *has_iv,
                     struct hp_error *e)
{
    struct sops_enc v;
    if (sops_enc_parse(s, len, &v, e) != 0)
        return -1;
    int rc = -1, outl = 0;
    EVP_CIPHER_CTX *ctx = g->ctx;
    hp_secbuf_reserve(pt, v.datalen + SOPS_TAG_LEN);
    unsigned char *dst = pt->data + pt->len;
    if (gcm_start(g, 0, v.iv, v.ivlen) != 0 ||
        (aadlen && EVP_DecryptUpdate(ctx, NULL, &outl, (const unsigned char *)aad, (int)aadlen) != 1)) {
        hp_error_set(e, SOPS_ERR_VALUE, "AES-GCM setup failed");
        goto out;
    }
    int n = 0;
    if (v.datalen && EVP_DecryptUpdate(ctx, dst, &n, v.data, (int)v.datalen) != 1) {
        hp_error_set(e, SOPS_ERR_VALUE, "AES-GCM decryption failed");
        goto out;
    }
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_TAG, SOPS_TAG_LEN, v.tag) != 1 ||
        EVP_DecryptFinal_ex(ctx, dst + n, &outl) != 1) {
        sodium_memzero(dst, (size_t)n);
        hp_error_set(e, SOPS_ERR_VALUE, "authentication failed (wrong key, path or tampered value)");
        goto out;
    }
    pt->len += (size_t)n + (size_t)outl;
    memcpy(type_out, v.type, sizeof v.type);
    *has_iv = v.ivlen == SOPS_IV_LEN;
    if (*has_iv)
        memcpy(iv_out, v.iv, SOPS_IV_LEN);
    rc = 0;
out:
    sops_enc_free(&v);
    return rc;
}

int sops_value_decrypt(const unsigned char key[SOPS_KEY_LEN], const char *s, size_t len, const char *aad,
                       size_t aadlen, struct hp_secbuf *pt, char type_out[8], struct hp_error *e)
{
    unsigned char iv[SOPS_IV_LEN];
    bool has_iv;
    struct sops_gcm g;
    if (sops_gcm_init(&g, key, e) != 0)
        return -1;
    int rc = sops_gcm_decrypt(&g, s, len, aad, aadlen, pt, type_out, iv, &has_iv, e);
    sops_gcm_free(&g);
    return rc;
}

/* Appends ENC_PREFIX, the three base64 fields and the type. */
static void enc_format(const unsigned char *ct, size_t ctlen, const unsigned char iv[SOPS_IV_LEN],
                       const unsigned char tag[SOPS_TAG_LEN], const char *type, struct hp_buf *out)
{
    size_t cap = sodium_base64_ENCODED_LEN(ctlen > SOPS_IV_LEN ? ctlen : SOPS_IV_LEN, sodium_base64_VARIANT_ORIGINAL);
    char *b64 = hp_xmalloc(cap);
    hp_buf_append_str(out, ENC_PREFIX);
    hp_buf_append_str(out, sodium_bin2base64(b64, cap, ct, ctlen, sodium_base64_VARIANT_ORIGINAL));
    hp_buf_append_str(out, ",iv:");
    hp_buf_append_str(out, sodium_bin2base64(b64, cap, iv, SOPS_IV_LEN, sodium_base64_VARIANT_ORIGINAL));
    hp_buf_append_str(out, ",tag:");
    hp_buf_append_str(out, sodium_bin2base64(b64, cap, tag, SOPS_TAG_LEN, sodium_base64_VARIANT_ORIGINAL));
    hp_buf_appendf(out, ",type:%s]", type);
    free(b64);
}

int sops_gcm_encrypt(struct sops_gcm *g, const unsigned char *pt, size_t ptlen, const char *type, const char *aad,
                     size_t aadlen, const unsigned char *iv, struct hp_buf *out, struct hp_error *e)
{
    unsigned char ivb[SOPS_IV_LEN], tag[SOPS_TAG_LEN];
    if (iv)
        memcpy(ivb, iv, sizeof ivb);
    else
        randombytes_buf(ivb, sizeof ivb);
    unsigned char *ct = hp_xmalloc(ptlen + SOPS_TAG_LEN);
    int rc = -1, n = 0, outl = 0;
    EVP_CIPHER_CTX *ctx = g->ctx;
    if (gcm_start(g, 1, ivb, sizeof ivb) != 0 ||
        (aadlen && EVP_EncryptUpdate(ctx, NULL, &outl, (const unsigned char *)aad, (int)aadlen) != 1) ||
        (ptlen && EVP_EncryptUpdate(ctx, ct, &n, pt, (int)ptlen) != 1) || EVP_EncryptFinal_ex(ctx, ct + n, &outl) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SOPS_TAG_LEN, tag) != 1) {
        hp_error_set(e, SOPS_ERR_VALUE, "AES-GCM encryption failed");
        goto done;
    }
    enc_format(ct, (size_t)n + (size_t)outl, ivb, tag, type, out);
    rc = 0;
done:
    free(ct);
    return rc;
}

int sops_value_encrypt(const unsigned char key[SOPS_KEY_LEN], const unsigned char *pt, size_t ptlen,
                       const char *type, const char *aad, size_t aadlen, const unsigned char *iv,
                       struct hp_buf *out, struct hp_error *e)
{
    struct sops_gcm g;
    if (sops_gcm_init(&g, key, e) != 0)
        return -1;
    int rc = sops_gcm_encrypt(&g, pt, ptlen, type, aad, aadlen, iv, out, e);
    sops_gcm_free(&g);
    return rc;
}
