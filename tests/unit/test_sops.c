/* The SOPS document layer against the real sops 3.7.1 file (data key known from the age CLI:
 * these tests need no age implementation), plus round trips and tampering. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#include <cJSON.h>
#include <sodium.h>

#include "hp/file.h"
#include "sops/cipher.h"
#include "sops/json_store.h"
#include "sops/scalar.h"
#include "sops/sops.h"
#include "sops/tree.h"
#include "sops/yaml_store.h"

/* `age -d -i testdata/sops/key.txt` of the file's sops.age[0].enc */
static const char REAL_KEY_HEX[] = "6798cb778841891c459dde148789260418757698787d1fc2fc85bd23e1d98d6e";

static void real_key(unsigned char key[32])
{
    size_t n = 0;
    assert_int_equal(sodium_hex2bin(key, 32, REAL_KEY_HEX, 64, NULL, &n, NULL), 0);
    assert_int_equal(n, 32);
}

static void read_file(const char *path, struct hp_buf *b)
{
    struct hp_error e = {0};
    if (hp_file_read(path, b, &e) != 0)
        fail_msg("%s", e.msg);
}

/* Decrypts buf (YAML) with the real key; returns 0 or -1 with e set. */
static int decrypt_yaml(const unsigned char *data, size_t len, struct hp_secbuf *out, struct hp_error *e)
{
    unsigned char key[32];
    real_key(key);
    struct sops_doc d;
    int rc = -1;
    if (sops_doc_load_encrypted(&d, data, len, SOPS_FMT_YAML, e) == 0 && sops_doc_decrypt(&d, key, false, e) == 0 &&
        sops_doc_emit_plain(&d, out, e) == 0)
        rc = 0;
    sops_doc_free(&d);
    return rc;
}

static void test_real_sops_file_matches_expected_json(void **state)
{
    (void)state;
    struct hp_buf in = {0}, want = {0};
    read_file("testdata/sops/secrets.age.yaml", &in);
    read_file("testdata/sops/secrets.expected.json", &want);
    unsigned char key[32];
    real_key(key);
    struct sops_doc d;
    struct hp_error e = {0};
    assert_int_equal(sops_doc_load_encrypted(&d, in.data, in.len, SOPS_FMT_YAML, &e), 0);
    assert_string_equal(d.meta.version, "3.7.1");
    assert_int_equal(d.meta.nage, 1);
    assert_string_equal(d.meta.age[0].recipient, "age1rh2xsjg8avja92j3jhtttuczgmqkz89lezxt4e3mmp5ukl5j4f9smvteju");
    if (sops_doc_decrypt(&d, key, false, &e) != 0)
        fail_msg("%s", e.msg);
    /* every value equals the independent implementation's plaintext */
    cJSON *j = cJSON_Parse(hp_buf_cstr(&want));
    assert_non_null(j);
    const struct sops_node *root = d.tree.docs[0];
    assert_string_equal(sops_map_get(root, "global_secret")->text, cJSON_GetObjectItem(j, "global_secret")->valuestring);
    assert_string_equal(sops_map_get(root, "key")->text, cJSON_GetObjectItem(j, "key")->valuestring);
    const struct sops_node *port = sops_map_get(sops_map_get(root, "service"), "port");
    assert_int_equal(port->type, SOPS_T_INT);
    char num[32];
    snprintf(num, sizeof num, "%d", cJSON_GetObjectItem(cJSON_GetObjectItem(j, "service"), "port")->valueint);
    assert_string_equal(port->text, num);
    cJSON_Delete(j);
    struct hp_secbuf out = {0};
    assert_int_equal(sops_doc_emit_plain(&d, &out, &e), 0);
    assert_true(strncmp(hp_secbuf_cstr(&out), "global_secret: global_age\nkey: |-\n    -----BEGIN PGP MESSAGE-----\n\n", 66) == 0);
    assert_non_null(strstr(hp_secbuf_cstr(&out), "\nservice:\n    port: 92\n"));
    hp_secbuf_free(&out);
    sops_doc_free(&d);
    hp_buf_free(&in);
    hp_buf_free(&want);
}

/* Flips one base64 character inside the n-th occurrence of `field` after `anchor`. */
static int tamper_and_decrypt(const char *anchor, const char *field, struct hp_error *e)
{
    struct hp_buf in = {0};
    read_file("testdata/sops/secrets.age.yaml", &in);
    char *p = strstr((char *)in.data, anchor);
    assert_non_null(p);
    p = strstr(p, field);
    assert_non_null(p);
    p += strlen(field) + 2;
    *p = *p == 'A' ? 'B' : 'A';
    struct hp_secbuf out = {0};
    int rc = decrypt_yaml(in.data, in.len, &out, e);
    assert_true(rc != 0 || out.len > 0);
    hp_secbuf_free(&out);
    hp_buf_free(&in);
    return rc;
}

static void test_tampering_fails(void **state)
{
    (void)state;
    struct hp_error e = {0};
    const char *fields[] = {"data:", "iv:", "tag:"};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(tamper_and_decrypt("port:", fields[i], &e), -1);
        assert_int_equal(e.kind, SOPS_ERR_VALUE);
        assert_non_null(strstr(e.msg, "service:port"));
        assert_int_equal(tamper_and_decrypt("mac:", fields[i], &e), -1);
        assert_int_equal(e.kind, SOPS_ERR_MAC);
    }
    /* lastmodified is the MAC's additional data */
    assert_int_equal(tamper_and_decrypt("lastmodified:", "2021", &e), -1);
    assert_int_equal(e.kind, SOPS_ERR_MAC);
}

static void test_moved_value_fails(void **state)
{
    /* the key path is the additional data: a value copied under another key does not open */
    (void)state;
    struct hp_buf in = {0};
    read_file("testdata/sops/secrets.age.yaml", &in);
    char *s = (char *)in.data;
    char *g = strstr(s, "global_secret: ") + 15;
    char *k = strstr(s, "\nkey: ") + 6;
    struct hp_buf x = {0};
    hp_buf_append(&x, s, (size_t)(k - s));
    hp_buf_append(&x, g, (size_t)(strchr(g, '\n') - g));
    hp_buf_append_str(&x, strchr(k, '\n'));
    struct hp_secbuf out = {0};
    struct hp_error e = {0};
    assert_int_equal(decrypt_yaml(x.data, x.len, &out, &e), -1);
    assert_non_null(strstr(e.msg, "value at key"));
    hp_secbuf_free(&out);
    hp_buf_free(&x);
    hp_buf_free(&in);
}

/* The stores sops picks by name; dotenv and INI are refused by name, before any parsing. */
static void test_store_by_name(void **state)
{
    (void)state;
    assert_int_equal(sops_format_for_path("a/b.yaml"), SOPS_FMT_YAML);
    assert_int_equal(sops_format_for_path("b.yml"), SOPS_FMT_YAML);
    assert_int_equal(sops_format_for_path("b.json"), SOPS_FMT_JSON);
    assert_int_equal(sops_format_for_path("b.env"), SOPS_FMT_DOTENV);
    assert_int_equal(sops_format_for_path("b.ini"), SOPS_FMT_INI);
    assert_int_equal(sops_format_for_path("b.pem"), SOPS_FMT_BINARY);
    const char ini[] = "[db]\npassword = x\n";
    struct sops_doc d;
    struct hp_error e = {0};
    assert_int_equal(sops_doc_load_plain(&d, (const unsigned char *)ini, strlen(ini), SOPS_FMT_INI, &e), -1);
    assert_string_equal(e.msg, "INI files are not supported (sops' INI store; --format binary keeps the file as one value)");
    sops_doc_free(&d);
    assert_int_equal(sops_doc_load_plain(&d, (const unsigned char *)ini, strlen(ini), SOPS_FMT_DOTENV, &e), -1);
    assert_non_null(strstr(e.msg, "dotenv files are not supported"));
    sops_doc_free(&d);
}

/* Timestamps as sops 3.10+ sees them (yaml.v3's layouts, printed by MarshalText), and JSON
 * integers kept exact (sops 3.13's UseNumber). */
static void test_time_and_json_ints(void **state)
{
    (void)state;
    char b[64];
    struct { const char *in, *out; } ok[] = {
        {"2024-01-02", "2024-01-02T00:00:00Z"},
        {"2024-1-2", "2024-01-02T00:00:00Z"},
        {"2001-12-14t21:59:43.10-05:00", "2001-12-14T21:59:43.1-05:00"},
        {"2001-12-14 21:59:43.10", "2001-12-14T21:59:43.1Z"},
        {"2024-1-2T3:04:05+00:00", "2024-01-02T03:04:05Z"},
        {"2024-02-29T00:00:00.000000000Z", "2024-02-29T00:00:00Z"},
    };
    for (size_t i = 0; i < sizeof ok / sizeof ok[0]; i++) {
        assert_true(sops_time_rfc3339(ok[i].in, strlen(ok[i].in), b, sizeof b));
        assert_string_equal(b, ok[i].out);
        assert_int_equal(sops_yaml_resolve(ok[i].in, strlen(ok[i].in)), SOPS_RESOLVE_TIME);
    }
    const char *bad[] = {"2024-13-01", "2023-02-29", "24-01-02", "2024-01-02T25:00:00Z", "2024-01-02T10:00:00",
                         "2024-01-02 10:00:00Z", "2024-01-02x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        assert_false(sops_time_rfc3339(bad[i], strlen(bad[i]), b, sizeof b));
        assert_int_equal(sops_yaml_resolve(bad[i], strlen(bad[i])), SOPS_RESOLVE_STR);
    }
    /* a YAML document: the plain date is a time (encrypted as type time), the quoted one a string */
    const char y[] = "a: 2024-1-2\nb: \"2024-01-02\"\n";
    struct sops_doc d;
    struct hp_error e = {0};
    assert_int_equal(sops_doc_load_plain(&d, (const unsigned char *)y, strlen(y), SOPS_FMT_YAML, &e), 0);
    const struct sops_node *a = sops_map_get(d.tree.docs[0], "a"), *bn = sops_map_get(d.tree.docs[0], "b");
    assert_int_equal(a->type, SOPS_T_TIME);
    assert_memory_equal(a->text, "2024-01-02T00:00:00Z", a->len);
    assert_int_equal(bn->type, SOPS_T_STR);
    sops_doc_free(&d);
    const char j[] = "{\"a\": -9223372036854775808, \"b\": 9007199254740993, \"c\": 1e5, \"d\": 12345678901234567890}";
    assert_int_equal(sops_doc_load_plain(&d, (const unsigned char *)j, strlen(j), SOPS_FMT_JSON, &e), 0);
    assert_int_equal(sops_map_get(d.tree.docs[0], "a")->type, SOPS_T_INT);
    assert_int_equal(sops_map_get(d.tree.docs[0], "b")->type, SOPS_T_INT);
    assert_int_equal(sops_map_get(d.tree.docs[0], "c")->type, SOPS_T_FLOAT);
    assert_int_equal(sops_map_get(d.tree.docs[0], "d")->type, SOPS_T_FLOAT);
    sops_doc_free(&d);
}

/* U+2028/U+2029 are line breaks to libyaml: written raw in a plain scalar, the file we wrote
 * did not parse again. They are escaped; the value reads back the same. */
static void test_line_separator_round_trip(void **state)
{
    (void)state;
    const char y[] = "a: \"\xe2\x80\xa8sep\xe2\x80\xa9\"\n";
    struct sops_doc d, d2;
    struct hp_error e = {0};
    assert_int_equal(sops_doc_load_plain(&d, (const unsigned char *)y, strlen(y), SOPS_FMT_YAML, &e), 0);
    struct hp_secbuf out = {0};
    sops_yaml_emit(&d.tree, &out);
    assert_int_equal(out.len, strlen("a: \"\\Lsep\\P\"\n"));
    assert_memory_equal(out.data, "a: \"\\Lsep\\P\"\n", out.len);
    assert_int_equal(sops_doc_load_plain(&d2, out.data, out.len, SOPS_FMT_YAML, &e), 0);
    const struct sops_node *a = sops_map_get(d2.tree.docs[0], "a");
    assert_int_equal(a->len, 9);
    assert_memory_equal(a->text, "\xe2\x80\xa8sep\xe2\x80\xa9", 9);
    hp_secbuf_free(&out);
    sops_doc_free(&d);
    sops_doc_free(&d2);
}

static void test_not_sops(void **state)
{
    (void)state;
    struct sops_doc d;
    struct hp_error e = {0};
    const char *plain = "a: 1\n";
    assert_int_equal(sops_doc_load_encrypted(&d, (const unsigned char *)plain, strlen(plain), SOPS_FMT_YAML, &e), -1);
    assert_int_equal(e.kind, SOPS_ERR_NOT_SOPS);
    sops_doc_free(&d);
    assert_false(sops_is_encrypted((const unsigned char *)plain, strlen(plain)));
    struct hp_buf in = {0};
    read_file("testdata/sops/secrets.age.yaml", &in);
    assert_true(sops_is_encrypted(in.data, in.len));
    hp_buf_free(&in);
}

/* plaintext file -> encrypt -> emit -> load -> decrypt -> emit == input */
static void round_trip(const char *path, enum sops_format fmt, const char *must_stay_clear)
{
    struct hp_buf in = {0}, enc = {0};
    read_file(path, &in);
    unsigned char key[32];
    randombytes_buf(key, sizeof key);
    struct sops_doc d;
    struct hp_error e = {0};
    if (sops_doc_load_plain(&d, in.data, in.len, fmt, &e) != 0)
        fail_msg("%s", e.msg);
    d.meta.sel.unencrypted_suffix = strdup("_unencrypted");
    if (sops_doc_encrypt(&d, key, &e) != 0)
        fail_msg("%s", e.msg);
    sops_doc_emit_encrypted(&d, false, &enc);
    sops_doc_free(&d);
    const char *et = hp_buf_cstr(&enc);
    assert_null(strstr(et, "s3cr3t"));
    assert_non_null(strstr(et, must_stay_clear));
    assert_non_null(strstr(et, "ENC[AES256_GCM,data:"));
    if (sops_doc_load_encrypted(&d, enc.data, enc.len, fmt, &e) != 0)
        fail_msg("%s", e.msg);
    if (sops_doc_decrypt(&d, key, false, &e) != 0)
        fail_msg("%s", e.msg);
    struct hp_secbuf out = {0};
    assert_int_equal(sops_doc_emit_plain(&d, &out, &e), 0);
    if (out.len != in.len || memcmp(out.data, in.data, in.len) != 0)
        fail_msg("round trip differs:\n%s", hp_secbuf_cstr(&out));
    hp_secbuf_free(&out);
    sops_doc_free(&d);
    hp_buf_free(&in);
    hp_buf_free(&enc);
}

static void test_round_trip_yaml(void **state)
{
    (void)state;
    round_trip("testdata/sops/values.yaml", SOPS_FMT_YAML, "public_unencrypted: visible");
}

static void test_round_trip_json(void **state)
{
    (void)state;
    round_trip("testdata/sops/values.json", SOPS_FMT_JSON, "\"public_unencrypted\": \"visible\"");
}

static void test_round_trip_binary(void **state)
{
    (void)state;
    round_trip("testdata/sops/key.txt", SOPS_FMT_BINARY, "\"data\": \"ENC[");
}

/* The API the deployment code uses: identities from key.txt through the age library. */
static void test_decrypt_mem_with_identity(void **state)
{
    (void)state;
    struct hp_buf in = {0}, keytxt = {0};
    read_file("testdata/sops/secrets.age.yaml", &in);
    read_file("testdata/sops/key.txt", &keytxt);
    struct age_identities *ids = age_identities_new();
    struct hp_error e = {0};
    assert_int_equal(age_identities_add_text(ids, (const char *)keytxt.data, keytxt.len, "key.txt", &e), 0);
    struct hp_secbuf out = {0};
    struct sops_decrypt_opts o = {SOPS_FMT_AUTO, false};
    if (sops_decrypt_mem("secrets.age.yaml", in.data, in.len, ids, &o, &out, &e) != 0)
        fail_msg("%s", e.msg);
    assert_non_null(strstr(hp_secbuf_cstr(&out), "global_secret: global_age\n"));
    hp_secbuf_free(&out);
    /* a name sops maps to the binary store, holding YAML, still decrypts */
    assert_int_equal(sops_decrypt_mem("secrets.enc", in.data, in.len, ids, &o, &out, &e), 0);
    hp_secbuf_free(&out);
    age_identities_free(ids);
    /* no identity: the recipients are listed and the file named */
    ids = age_identities_new();
    assert_int_equal(sops_decrypt_mem("secrets.age.yaml", in.data, in.len, ids, &o, &out, &e), -1);
    assert_int_equal(e.kind, SOPS_ERR_NO_KEY);
    assert_non_null(strstr(e.msg, "secrets.age.yaml: no identity matches"));
    assert_non_null(strstr(e.msg, "age1rh2xsjg8avja92j3jhtttuczgmqkz89lezxt4e3mmp5ukl5j4f9smvteju"));
    assert_int_equal(out.len, 0);
    hp_secbuf_free(&out);
    age_identities_free(ids);
    hp_buf_free(&in);
    hp_buf_free(&keytxt);
}

/* The tree's arena grows its guarded chunks from 4 KiB to 64 KiB; a block larger than the
 * chunk that would come next gets a chunk of its size, one above 16 KiB a chunk of its own.
 * Blocks around those edges, in an order that crosses every chunk size, are zeroed, do not
 * overlap and stay inside guarded memory (an overflow hits the guard page). */
static void test_tree_arena_sizes(void **state)
{
    (void)state;
    static const size_t sizes[] = {5000, 1, 4000, 96, 10000, 4096, 4097, 8191, 16384, 16385, 30000, 8192,
                                   65536, 1, 70000, 16, 16368, 32768, 65520, 3};
    enum { N = sizeof sizes / sizeof *sizes };
    struct sops_tree t;
    sops_tree_init(&t);
    unsigned char *p[N];
    for (int round = 0; round < 3; round++) {
        for (size_t i = 0; i < N; i++) {
            p[i] = sops_tree_alloc(&t, sizes[i]);
            for (size_t j = 0; j < sizes[i]; j++)
                assert_int_equal(p[i][j], 0);
            memset(p[i], (int)(i + 1), sizes[i]);
        }
        for (size_t i = 0; i < N; i++)
            for (size_t j = 0; j < sizes[i]; j++)
                if (p[i][j] != (unsigned char)(i + 1))
                    fail_msg("round %d: block %zu (%zu bytes) overwritten at %zu", round, i, sizes[i], j);
    }
    sops_tree_free(&t);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_real_sops_file_matches_expected_json),
        cmocka_unit_test(test_tampering_fails),
        cmocka_unit_test(test_moved_value_fails),
        cmocka_unit_test(test_not_sops),
        cmocka_unit_test(test_store_by_name),
        cmocka_unit_test(test_time_and_json_ints),
        cmocka_unit_test(test_line_separator_round_trip),
        cmocka_unit_test(test_round_trip_yaml),
        cmocka_unit_test(test_round_trip_json),
        cmocka_unit_test(test_round_trip_binary),
        cmocka_unit_test(test_decrypt_mem_with_identity),
        cmocka_unit_test(test_tree_arena_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
