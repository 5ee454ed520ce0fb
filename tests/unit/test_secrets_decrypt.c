/* src/secrets/decrypt.c: what counts as encrypted, that keys are loaded only for encrypted
 * input and only once per keyring, and the plaintext of age and SOPS inputs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "secrets/decrypt.h"
#include "secrets_fixture.h"

static struct hp_buf slurp(const char *path)
{
    struct hp_buf b = {0};
    struct hp_error e = {0};
    assert_int_equal(hp_file_read(path, &b, &e), 0);
    return b;
}

/* Catches: the ".age" name rule dropped, an age header not recognised without the name, a
 * `sops:` key alone (no mac, no lastmodified) taken for a SOPS document. */
static void test_classify(void **state)
{
    (void)state;
    static const char plain[] = "a: 1\n";
    static const char fake[] = "a: 1\nsops:\n  version: 3.7.1\n";
    assert_int_equal(secrets_classify("x.yaml", (const unsigned char *)plain, strlen(plain)), SECRETS_PLAIN);
    assert_int_equal(secrets_classify("x.age", (const unsigned char *)plain, strlen(plain)), SECRETS_AGE);
    assert_int_equal(secrets_classify("x.yaml", (const unsigned char *)fake, strlen(fake)), SECRETS_PLAIN);
    char *age = fx_age_file(&fx, "noname", "secret");
    struct hp_buf b = slurp(age);
    assert_int_equal(secrets_classify("noname", b.data, b.len), SECRETS_AGE);
    hp_buf_free(&b);
    char *sops = fx_sops_file(&fx, "s.txt", "password: hunter2\n");
    b = slurp(sops);
    assert_int_equal(secrets_classify("s.txt", b.data, b.len), SECRETS_SOPS);
    hp_buf_free(&b);
    free(age);
    free(sops);
}

/* Plain input passes through and never loads keys (catches: identities loaded before the
 * input is classified: a deployment without secrets would run SOPS_AGE_KEY_CMD). */
static void test_plain_loads_no_keys(void **state)
{
    (void)state;
    struct secrets_keyring kr = {0};
    struct hp_secbuf out = {0};
    struct hp_error e = {0};
    enum secrets_input_kind kind;
    setenv("SOPS_AGE_KEY_CMD", "exit 3", 1); /* would fail the load if it ran */
    char *p = fx_write(&fx, "plain.yaml", "a: 1\n", 5);
    assert_int_equal(secrets_read_plaintext(&kr, p, &out, &kind, &e), 0);
    assert_int_equal(kind, SECRETS_PLAIN);
    assert_null(kr.ids);
    assert_int_equal(out.len, 5);
    assert_memory_equal(out.data, "a: 1\n", 5);
    unsetenv("SOPS_AGE_KEY_CMD");
    hp_secbuf_free(&out);
    secrets_keyring_free(&kr);
    free(p);
}

/* Catches: an empty keyring not refused by name, or refused with another kind. */
static void test_no_identity(void **state)
{
    (void)state;
    struct secrets_keyring kr = {0};
    struct hp_secbuf out = {0};
    struct hp_error e = {0};
    enum secrets_input_kind kind;
    char *p = fx_age_file(&fx, "lonely.age", "x");
    assert_int_equal(secrets_read_plaintext(&kr, p, &out, &kind, &e), -1);
    assert_int_equal(e.kind, SECRETS_ERR_NO_IDENTITY);
    assert_non_null(strstr(e.msg, "lonely.age"));
    assert_int_equal(out.len, 0);
    secrets_keyring_free(&kr);
    free(p);
}

/* Both encrypted kinds decrypt; the keyring loads once (catches: a
 * reload per file, which runs SOPS_AGE_KEY_CMD again and doubles the identities). */
static void test_decrypt_age_and_sops_once(void **state)
{
    (void)state;
    struct secrets_keyring kr = {0};
    /* the identity comes from a command that counts its runs */
    char *count = hp_path_join(fx.dir, "runs");
    char *cmd = hp_xasprintf("echo run >> %s; cat %s", count, fx.identity_file);
    setenv("SOPS_AGE_KEY_CMD", cmd, 1);
    struct hp_secbuf out = {0};
    struct hp_error e = {0};
    enum secrets_input_kind kind;
    char *a = fx_age_file(&fx, "tls.key.age", "-----BEGIN KEY-----\n");
    assert_int_equal(secrets_read_plaintext(&kr, a, &out, &kind, &e), 0);
    assert_int_equal(kind, SECRETS_AGE);
    assert_string_equal(hp_secbuf_cstr(&out), "-----BEGIN KEY-----\n");
    hp_secbuf_free(&out);
    assert_non_null(kr.ids);
    assert_int_equal(age_identities_count(kr.ids), 1);
    char *s = fx_sops_file(&fx, "values.yaml", "db:\n  password: hunter2\n");
    assert_int_equal(secrets_read_plaintext(&kr, s, &out, &kind, &e), 0);
    assert_int_equal(kind, SECRETS_SOPS);
    assert_string_equal(hp_secbuf_cstr(&out), "db:\n    password: hunter2\n");
    assert_int_equal(age_identities_count(kr.ids), 1);
    unsetenv("SOPS_AGE_KEY_CMD");
    struct hp_buf runs = slurp(count);
    assert_int_equal(runs.len, strlen("run\n")); /* once for both files */
    hp_buf_free(&runs);
    hp_secbuf_free(&out);
    secrets_keyring_free(&kr);
    free(a);
    free(s);
    free(count);
    free(cmd);
}

/* A wrong key: the error names the file (catches: the age path losing its file name). */
static void test_wrong_key_names_file(void **state)
{
    (void)state;
    struct fixture other;
    memcpy(&other, &fx, sizeof other);
    struct age_identities *ids = age_identities_new();
    struct hp_secbuf txt = {0};
    age_identities_generate(ids, other.recipient, &txt);
    age_identities_free(ids);
    hp_secbuf_free(&txt);
    char *p = fx_age_file(&other, "theirs.age", "x");
    struct secrets_keyring kr = {0};
    hp_strlist_push(&kr.files, fx.identity_file);
    struct hp_secbuf out = {0};
    struct hp_error e = {0};
    enum secrets_input_kind kind;
    assert_int_equal(secrets_read_plaintext(&kr, p, &out, &kind, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_NO_MATCH);
    assert_non_null(strstr(e.msg, "theirs.age"));
    secrets_keyring_free(&kr);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_classify),
        cmocka_unit_test(test_plain_loads_no_keys),
        cmocka_unit_test(test_no_identity),
        cmocka_unit_test(test_decrypt_age_and_sops_once),
        cmocka_unit_test(test_wrong_key_names_file),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
