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

/* Standard padded base64 (Go's base64.StdEncoding), into out of capacity cap. */
static int b64_decode(const char *s, size_t len, unsigned char *out, size_t cap, size_t *outlen)
{
    if (len % 4 != 0)
        return -1;
    const char *end = NULL;
    if (sodium_base642bin(out, cap, s, len, NULL, outlen, &end, sodium_base64_VARIANT_ORIGINAL) != 0)
        return -1;
    return end == s + len ? 0 : -1;
}

/* libcrypto would read the system's openssl.cnf on first use; one that activates a provider
 * module of its own leaves no default provider (AES-GCM fails) and, in the static release
 * binary, would dlopen. AES-GCM needs nothing from it. Idempotent: OpenSSL inits once. */
static void crypto_init(void)
{
    OPENSSL_init_crypto(OPENSSL_INIT_NO_LOAD_CONFIG, NULL);
}

/* Finds needle in [p, end); returns its start or NULL. */
static const char *find(const char *p, const char *end, const char *needle)
{
    size_t n = strlen(needle);
    for (; p + n <= end; p++)
        if (memcmp(p, needle, n) == 0)
            return p;
    return NULL;
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

int sops_value_decrypt(const unsigned char key[SOPS_KEY_LEN], const char *s, size_t len, const char *aad,
                       size_t aadlen, struct hp_secbuf *pt, char type_out[8], struct hp_error *e)
{
    unsigned char iv[SOPS_IV_LEN];
    bool has_iv;
    return sops_value_decrypt_iv(key, s, len, aad, aadlen, pt, type_out, iv, &has_iv, e);
}

int sops_value_decrypt_iv(const unsigned char key[SOPS_KEY_LEN], const char *s, size_t len, const char *aad,
                          size_t aadlen, struct hp_secbuf *pt, char type_out[8], unsigned char iv_out[SOPS_IV_LEN],
                          bool *has_iv, struct hp_error *e)
{
    struct sops_enc v;
    if (sops_enc_parse(s, len, &v, e) != 0)
        return -1;
    int rc = -1, outl = 0;
    crypto_init();
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    hp_secbuf_reserve(pt, v.datalen + SOPS_TAG_LEN);
    unsigned char *dst = pt->data + pt->len;
    if (!ctx || EVP_DecryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)v.ivlen, NULL) != 1 ||
        EVP_DecryptInit_ex(ctx, NULL, NULL, key, v.iv) != 1 ||
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
    EVP_CIPHER_CTX_free(ctx);
    sops_enc_free(&v);
    return rc;
}

int sops_value_encrypt(const unsigned char key[SOPS_KEY_LEN], const unsigned char *pt, size_t ptlen,
                       const char *type, const char *aad, size_t aadlen, const unsigned char *iv,
                       struct hp_buf *out, struct hp_error *e)
{
    unsigned char ivb[SOPS_IV_LEN], tag[SOPS_TAG_LEN];
    if (iv)
        memcpy(ivb, iv, sizeof ivb);
    else
        randombytes_buf(ivb, sizeof ivb);
    unsigned char *ct = hp_xmalloc(ptlen + SOPS_TAG_LEN);
    int rc = -1, n = 0, outl = 0;
    crypto_init();
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    if (!ctx || EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, SOPS_IV_LEN, NULL) != 1 ||
        EVP_EncryptInit_ex(ctx, NULL, NULL, key, ivb) != 1 ||
        (aadlen && EVP_EncryptUpdate(ctx, NULL, &outl, (const unsigned char *)aad, (int)aadlen) != 1) ||
        (ptlen && EVP_EncryptUpdate(ctx, ct, &n, pt, (int)ptlen) != 1) ||
        EVP_EncryptFinal_ex(ctx, ct + n, &outl) != 1 ||
        EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SOPS_TAG_LEN, tag) != 1) {
        hp_error_set(e, SOPS_ERR_VALUE, "AES-GCM encryption failed");
        goto done;
    }
    size_t ctlen = (size_t)n + (size_t)outl;
    size_t cap = sodium_base64_ENCODED_LEN(ctlen > SOPS_IV_LEN ? ctlen : SOPS_IV_LEN,
                                           sodium_base64_VARIANT_ORIGINAL);
    char *b64 = hp_xmalloc(cap);
    hp_buf_append_str(out, ENC_PREFIX);
    hp_buf_append_str(out, sodium_bin2base64(b64, cap, ct, ctlen, sodium_base64_VARIANT_ORIGINAL));
    hp_buf_append_str(out, ",iv:");
    hp_buf_append_str(out, sodium_bin2base64(b64, cap, ivb, sizeof ivb, sodium_base64_VARIANT_ORIGINAL));
    hp_buf_append_str(out, ",tag:");
    hp_buf_append_str(out, sodium_bin2base64(b64, cap, tag, sizeof tag, sodium_base64_VARIANT_ORIGINAL));
    hp_buf_appendf(out, ",type:%s]", type);
    free(b64);
    rc = 0;
done:
    EVP_CIPHER_CTX_free(ctx);
    free(ct);
    return rc;
}
