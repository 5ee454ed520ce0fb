/* Every C2SP CCTV age vector in testdata/age-cctv: the outcome must be exactly the vector's
 * `expect`, and for success and payload failure the plaintext released must hash to
 * `payload` (on a payload failure: the verified chunks before the broken one).
 * Vectors for the post-quantum mlkem768x25519 type (names containing "hybrid") use an
 * identity we do not support: they must end in "no match", except where a generic header
 * rule (or an X25519 identity we do hold) decides first; those are listed below. */
#include <dirent.h>
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zlib.h>
#include <cmocka.h>

#include "age/age.h"
#include "age/file.h"
#include "hp/buf.h"
#include "hp/file.h"

/* Hybrid vectors whose outcome does not depend on supporting the hybrid identity. */
static const char *const hybrid_generic[] = {
    "hybrid_not_canonical_body", /* non-canonical base64 in a stanza body: any parser rejects it */
    "hybrid_x25519_arg",         /* an X25519 stanza with a hybrid-sized share: our X25519 identity rejects it */
    NULL,
};

static const char *outcome_name(int kind)
{
    switch (kind) {
    case AGE_OK: return "success";
    case AGE_ERR_ARMOR: return "armor failure";
    case AGE_ERR_HEADER: return "header failure";
    case AGE_ERR_NO_MATCH: return "no match";
    case AGE_ERR_HMAC: return "HMAC failure";
    case AGE_ERR_PAYLOAD: return "payload failure";
    default: return "other failure";
    }
}

static int inflate_all(const unsigned char *in, size_t n, struct hp_buf *out)
{
    z_stream z;
    memset(&z, 0, sizeof z);
    if (inflateInit(&z) != Z_OK)
        return -1;
    z.next_in = (unsigned char *)in;
    z.avail_in = (uInt)n;
    int rc;
    do {
        hp_buf_reserve(out, 1 << 20);
        z.next_out = out->data + out->len;
        z.avail_out = (uInt)(out->cap - out->len - 1);
        rc = inflate(&z, Z_NO_FLUSH);
        out->len = out->cap - 1 - z.avail_out;
    } while (rc == Z_OK);
    inflateEnd(&z);
    return rc == Z_STREAM_END ? 0 : -1;
}

static const char *dir(void)
{
    const char *d = getenv("HP_CCTV_DIR");
    return d ? d : "testdata/age-cctv";
}

/* Our own vectors in the CCTV format, for rules the upstream set does not cover. */
static const char *extra_dir(void)
{
    const char *d = getenv("HP_AGE_EXTRA_DIR");
    return d ? d : "testdata/age-extra";
}

/* Runs one vector; returns 0 when it behaves exactly as expected, else prints why. */
static int run_vector(const char *vdir, const char *name)
{
    char *path = hp_path_join(vdir, name);
    struct hp_buf file = {0}, body = {0};
    struct hp_error e = {0};
    if (hp_file_read(path, &file, &e) < 0) {
        printf("# %s: %s\n", name, e.msg);
        free(path);
        return -1;
    }
    free(path);

    char expect[64] = "", payload[65] = "";
    int armored = 0, compressed = 0, hybrid = strstr(name, "hybrid") != NULL;
    struct age_identities *ids = age_identities_new();
    const char *p = (const char *)file.data, *end = p + file.len;
    int bad = 0;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        if (!nl)
            break;
        size_t n = (size_t)(nl - p);
        const char *line = p;
        p = nl + 1;
        if (n == 0)
            break;
        if (sscanf(line, "expect: %63[^\n]", expect) == 1 || sscanf(line, "payload: %64[0-9a-f]", payload) == 1)
            continue;
        if (strncmp(line, "armored: yes", 12) == 0)
            armored = 1;
        else if (strncmp(line, "compressed: zlib", 16) == 0)
            compressed = 1;
        else if (strncmp(line, "identity: ", 10) == 0 && strncmp(line + 10, "AGE-SECRET-KEY-PQ-", 18) != 0) {
            if (age_identities_add_text(ids, line + 10, n - 10, name, &e) < 0) {
                printf("# %s: identity: %s\n", name, e.msg);
                bad = 1;
            }
        } else if (strncmp(line, "passphrase: ", 12) == 0) {
            age_identities_add_passphrase(ids, line + 12, n - 12, &e);
        }
    }
    const unsigned char *ct = (const unsigned char *)p;
    size_t ctlen = (size_t)(end - p);
    if (compressed) {
        if (inflate_all(ct, ctlen, &body) < 0) {
            printf("# %s: zlib body does not inflate\n", name);
            bad = 1;
        }
        ct = body.data;
        ctlen = body.len;
    }

    const char *want = expect;
    if (hybrid) {
        int generic = 0;
        for (const char *const *g = hybrid_generic; *g; g++)
            generic |= strcmp(*g, name) == 0;
        if (!generic)
            want = "no match";
    }

    struct hp_secbuf out = {0};
    struct age_mem m = {ct, ctlen, 0};
    hp_error_clear(&e);
    int rc = age_file_decrypt(ids, age_src_mem(&m), armored ? AGE_INPUT_ARMOR : AGE_INPUT_BINARY,
                                age_sink_secbuf(&out), &e);
    const char *got = outcome_name(rc == 0 ? AGE_OK : e.kind);
    if (strcmp(got, want) != 0) {
        printf("# %s: got \"%s\" (%s), want \"%s\"\n", name, got, e.msg, want);
        bad = 1;
    }
    if (!bad && (strcmp(want, "success") == 0 || strcmp(want, "payload failure") == 0)) {
        unsigned char h[32];
        char hex[65];
        crypto_hash_sha256(h, out.data ? out.data : (const unsigned char *)"", out.len);
        sodium_bin2hex(hex, sizeof hex, h, sizeof h);
        if (strcmp(hex, payload) != 0) {
            printf("# %s: plaintext hash %s, want %s (%zu bytes released)\n", name, hex, payload, out.len);
            bad = 1;
        }
    }
    hp_secbuf_free(&out);
    age_identities_free(ids);
    hp_buf_free(&file);
    hp_buf_free(&body);
    return bad ? -1 : 0;
}

/* Runs every vector in vdir; returns how many there are, *failed how many went wrong. */
static int run_dir(const char *vdir, int *failed)
{
    DIR *d = opendir(vdir);
    assert_non_null(d);
    struct dirent *de;
    int total = 0;
    while ((de = readdir(d))) {
        if (de->d_name[0] == '.' || strcmp(de->d_name, "README.md") == 0)
            continue;
        total++;
        if (run_vector(vdir, de->d_name) < 0)
            (*failed)++;
    }
    closedir(d);
    return total;
}

static void test_every_cctv_vector(void **state)
{
    (void)state;
    int failed = 0, total = run_dir(dir(), &failed);
    printf("# cctv: %d vectors, %d wrong\n", total, failed);
    assert_int_equal(total, 143);
    assert_int_equal(failed, 0);
}

/* armor_padding_mid_stream: a full 64-column line with '=' padding before more lines (age
 * refuses it: only the last line may be short or padded). */
static void test_extra_vectors(void **state)
{
    (void)state;
    int failed = 0, total = run_dir(extra_dir(), &failed);
    printf("# extra: %d vectors, %d wrong\n", total, failed);
    assert_true(total >= 1);
    assert_int_equal(failed, 0);
}

/* The generic kind and the write kind (hp/error_kinds.h) are not age outcomes: a failure of
 * either is "other failure", never an armor failure (the generic kind was once 1, which was
 * AGE_ERR_ARMOR). */
static void test_generic_is_not_armor(void **state)
{
    (void)state;
    assert_string_equal(outcome_name(AGE_ERR_ARMOR), "armor failure");
    assert_string_equal(outcome_name(HP_ERR_GENERIC), "other failure");
    assert_string_equal(outcome_name(HP_ERR_WRITE), "other failure");
    assert_string_equal(outcome_name(AGE_ERR_IO), "other failure");
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_cctv_vector),
        cmocka_unit_test(test_extra_vectors),
        cmocka_unit_test(test_generic_is_not_armor),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
