/* The value cipher's own parts: the base64 decoder of ENC fields (as strict as libsodium's,
 * which it replaced for speed) and one AES-GCM context reused across many values. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <openssl/evp.h>
#include <sodium.h>

#include "sops/cipher.h"

static const char TAG_B64[] = "AAAAAAAAAAAAAAAAAAAAAA==";

/* Parses an ENC value whose iv field is `iv`; returns whether it parsed, the bytes in out. */
static bool parse_iv(const char *iv, unsigned char *out, size_t *outlen)
{
    char s[256];
    snprintf(s, sizeof s, "ENC[AES256_GCM,data:AA==,iv:%s,tag:%s,type:str]", iv, TAG_B64);
    struct sops_enc v;
    struct hp_error e = {0};
    if (sops_enc_parse(s, strlen(s), &v, &e) != 0)
        return false;
    memcpy(out, v.iv, v.ivlen);
    *outlen = v.ivlen;
    sops_enc_free(&v);
    return true;
}

/* What libsodium's decoder (the one replaced) says of the same field. */
static bool sodium_iv(const char *iv, unsigned char *out, size_t *outlen)
{
    size_t len = strlen(iv);
    const char *end = NULL;
    if (len % 4 != 0 || sodium_base642bin(out, SOPS_IV_MAX, iv, len, NULL, outlen, &end,
                                          sodium_base64_VARIANT_ORIGINAL) != 0)
        return false;
    return end == iv + len && *outlen > 0;
}

static void check_same(const char *iv)
{
    unsigned char a[SOPS_IV_MAX], b[SOPS_IV_MAX];
    size_t na = 0, nb = 0;
    bool ours = parse_iv(iv, a, &na), theirs = sodium_iv(iv, b, &nb);
    if (ours != theirs)
        fail_msg("iv \"%s\": ours %s, libsodium %s", iv, ours ? "accepts" : "refuses", theirs ? "accepts" : "refuses");
    if (ours && (na != nb || memcmp(a, b, na) != 0))
        fail_msg("iv \"%s\": decoded differently", iv);
}

static void test_base64_as_strict_as_libsodium(void **state)
{
    (void)state;
    /* every 4-character field over digits that hit each rule: padding bits, '=' placement,
     * characters outside the alphabet, the last digits of each range */
    static const char alpha[] = "ABQgw/+=9z-_ .";
    size_t n = sizeof alpha - 1;
    char iv[16];
    for (size_t i = 0; i < n * n * n * n; i++) {
        size_t k = i;
        for (int j = 0; j < 4; j++, k /= n)
            iv[j] = alpha[k % n];
        iv[4] = 0;
        check_same(iv);
        memcpy(iv + 4, iv, 4); /* the same quad after a good one, and a good one after it */
        memcpy(iv, "QUJD", 4);
        iv[8] = 0;
        check_same(iv);
        memcpy(iv, iv + 4, 4);
        memcpy(iv + 4, "QUJD", 4);
        check_same(iv);
    }
    check_same("");
    check_same("QUJ");
    check_same("QUJDRA");
}

/* An ENC value with an IV of ivlen bytes, made with OpenSSL directly (sops_gcm_encrypt only
 * writes 32-byte IVs; other writers use other lengths). */
static void enc_with_iv(const unsigned char key[SOPS_KEY_LEN], size_t ivlen, const char *pt, const char *aad,
                        char *out, size_t cap)
{
    unsigned char iv[64], ct[64], tag[SOPS_TAG_LEN];
    randombytes_buf(iv, ivlen);
    int n = 0, m = 0;
    EVP_CIPHER_CTX *ctx = EVP_CIPHER_CTX_new();
    assert_non_null(ctx);
    assert_int_equal(EVP_EncryptInit_ex(ctx, EVP_aes_256_gcm(), NULL, NULL, NULL), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_SET_IVLEN, (int)ivlen, NULL), 1);
    assert_int_equal(EVP_EncryptInit_ex(ctx, NULL, NULL, key, iv), 1);
    assert_int_equal(EVP_EncryptUpdate(ctx, NULL, &m, (const unsigned char *)aad, (int)strlen(aad)), 1);
    assert_int_equal(EVP_EncryptUpdate(ctx, ct, &n, (const unsigned char *)pt, (int)strlen(pt)), 1);
    assert_int_equal(EVP_EncryptFinal_ex(ctx, ct + n, &m), 1);
    assert_int_equal(EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_GCM_GET_TAG, SOPS_TAG_LEN, tag), 1);
    EVP_CIPHER_CTX_free(ctx);
    char d[128], i[128], t[64];
    snprintf(out, cap, "ENC[AES256_GCM,data:%s,iv:%s,tag:%s,type:str]",
             sodium_bin2base64(d, sizeof d, ct, (size_t)n, sodium_base64_VARIANT_ORIGINAL),
             sodium_bin2base64(i, sizeof i, iv, ivlen, sodium_base64_VARIANT_ORIGINAL),
             sodium_bin2base64(t, sizeof t, tag, sizeof tag, sodium_base64_VARIANT_ORIGINAL));
}

static void decrypt_expect(struct sops_gcm *g, const char *enc, const char *aad, const char *want)
{
    struct hp_secbuf pt = {0};
    struct hp_error e = {0};
    char type[8];
    unsigned char iv[SOPS_IV_LEN];
    bool has_iv;
    int rc = sops_gcm_decrypt(g, enc, strlen(enc), aad, strlen(aad), &pt, type, iv, &has_iv, &e);
    if (want) {
        if (rc != 0)
            fail_msg("%s: %s", enc, e.msg);
        assert_int_equal(pt.len, strlen(want));
        assert_memory_equal(pt.data, want, pt.len);
    } else {
        assert_int_equal(rc, -1);
    }
    hp_secbuf_free(&pt);
}

static void test_one_context_many_values(void **state)
{
    /* one context per tree walk: each value must still get its own IV (and IV length), and a
     * value that fails its tag check must not spoil the next */
    (void)state;
    unsigned char *key = sodium_malloc(SOPS_KEY_LEN);
    randombytes_buf(key, SOPS_KEY_LEN);
    char v32[256], v12[256], v16[256];
    struct hp_buf own = {0};
    struct hp_error e = {0};
    struct sops_gcm g;
    assert_int_equal(sops_gcm_init(&g, key, &e), 0);
    assert_int_equal(sops_gcm_encrypt(&g, (const unsigned char *)"first", 5, "str", "a:", 2, NULL, &own, &e), 0);
    hp_buf_cstr(&own);
    enc_with_iv(key, 32, "thirty-two", "b:", v32, sizeof v32);
    enc_with_iv(key, 12, "twelve", "c:", v12, sizeof v12);
    enc_with_iv(key, 16, "sixteen", "d:", v16, sizeof v16);
    decrypt_expect(&g, (const char *)own.data, "a:", "first");
    decrypt_expect(&g, v12, "c:", "twelve");
    decrypt_expect(&g, v32, "x:", NULL); /* wrong path */
    decrypt_expect(&g, v32, "b:", "thirty-two");
    decrypt_expect(&g, v16, "d:", "sixteen");
    decrypt_expect(&g, v12, "c:", "twelve");
    sops_gcm_free(&g);
    hp_buf_free(&own);
    sodium_free(key);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_base64_as_strict_as_libsodium),
        cmocka_unit_test(test_one_context_many_values),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
