/* deploy_affix_read: the affix of secrets/values.yaml taken from the SOPS tree (guarded
 * memory), for the shapes a real file takes: plain, quoted, behind an anchor, missing, in a
 * SOPS file (the affix itself encrypted, or left in clear by _unencrypted), in an age file. */
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "age/age.h"
#include "deploy/plan/plan.h"
#include "deploy/plan/values.h"
#include "hp/file.h"
#include "hp/util.h"
#include "secrets/decrypt.h"
#include "sops/sops.h"

#include "free_watch.h"

#define SECRET FREE_WATCH_SECRET

struct fixture {
    char dir[64];
    struct secrets_keyring kr;
    char recipient[128];
};

static int setup(void **state)
{
    struct fixture *f = calloc(1, sizeof *f);
    snprintf(f->dir, sizeof f->dir, "/tmp/hp-affix.XXXXXX");
    if (!mkdtemp(f->dir))
        return -1;
    /* a keyring with one generated identity: no SOPS_AGE_KEY places are consulted */
    f->kr.ids = age_identities_new();
    struct hp_secbuf text = {0};
    age_identities_generate(f->kr.ids, f->recipient, &text);
    hp_secbuf_free(&text);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    struct fixture *f = *state;
    char cmd[128];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", f->dir);
    if (system(cmd) != 0)
        return -1;
    secrets_keyring_free(&f->kr);
    free(f);
    return 0;
}

static char *write_file(struct fixture *f, const char *name, const void *data, size_t len)
{
    char *path = hp_path_join(f->dir, name);
    struct hp_error e = {0};
    if (hp_file_write_atomic(path, data, len, 0600, &e) != 0)
        fail_msg("%s", e.msg);
    return path;
}

/* The affix read from `yaml` written as a plain file; NULL when there is none. */
static char *affix_of_plain(struct fixture *f, const char *yaml)
{
    char *path = write_file(f, "values.yaml", yaml, strlen(yaml));
    char *affix = NULL;
    struct hp_error e = {0};
    if (deploy_affix_read(&f->kr, path, &affix, &e) != 0)
        fail_msg("%s", e.msg);
    free(path);
    return affix;
}

static void expect_affix(struct fixture *f, const char *yaml, const char *want)
{
    char *got = affix_of_plain(f, yaml);
    if (!want && got)
        fail_msg("%s: got affix \"%s\", wanted none", yaml, got);
    if (want && (!got || strcmp(got, want) != 0))
        fail_msg("%s: got affix \"%s\", wanted \"%s\"", yaml, got ? got : "(none)", want);
    free(got);
}

static void test_plain_shapes(void **state)
{
    struct fixture *f = *state;
    expect_affix(f, "affix: dev-\npassword: s3cr3t\n", "dev-");
    expect_affix(f, "password: s3cr3t\naffix: \"-FIXME\"\n", "-FIXME");
    expect_affix(f, "affix: '-x'\n", "-x");
    expect_affix(f, "base: &b prod-\naffix: *b\n", "prod-");        /* alias */
    expect_affix(f, "affix: &a stage-\nother: *a\n", "stage-");      /* anchor on the affix */
    expect_affix(f, "# comment\naffix: a- # trailing\n", "a-");
    expect_affix(f, "affix: \"1e3\"\n", "1e3");
    expect_affix(f, "password: s3cr3t\n", NULL);                   /* missing */
    expect_affix(f, "nested:\n  affix: no-\n", NULL);              /* only the top level counts */
    expect_affix(f, "", NULL);                                     /* empty file */
    expect_affix(f, "affix:\n  - list-\n", NULL);                  /* not a scalar */
}

/* A SOPS file written by our own encrypt path, the affix encrypted or in clear. */
static char *sops_file(struct fixture *f, const char *yaml, const char *unencrypted_suffix)
{
    struct sops_doc d;
    struct hp_error e = {0};
    unsigned char key[32];
    randombytes_buf(key, sizeof key);
    if (sops_doc_load_plain(&d, (const unsigned char *)yaml, strlen(yaml), SOPS_FMT_YAML, &e) != 0)
        fail_msg("%s", e.msg);
    d.meta.sel.unencrypted_suffix = hp_xstrdup(unencrypted_suffix);
    struct hp_strlist r = {0};
    hp_strlist_push(&r, f->recipient);
    if (sops_datakey_seal(&d.meta, &r, key, &e) != 0 || sops_doc_encrypt(&d, key, &e) != 0)
        fail_msg("%s", e.msg);
    struct hp_buf enc = {0};
    sops_doc_emit_encrypted(&d, false, &enc);
    sops_doc_free(&d);
    hp_strlist_free(&r);
    assert_null(strstr(hp_buf_cstr(&enc), "s3cr3t"));
    assert_null(strstr(hp_buf_cstr(&enc), SECRET));
    char *path = write_file(f, "values.yaml", enc.data, enc.len);
    hp_buf_free(&enc);
    return path;
}

static void test_sops_affix(void **state)
{
    struct fixture *f = *state;
    const char *cases[][2] = {{"_unencrypted", "affix: enc-\npassword: s3cr3t\n"},     /* affix encrypted */
                              {"affix", "affix: clear-\npassword: s3cr3t\n"}};       /* affix left in clear */
    const char *want[] = {"enc-", "clear-"};
    for (int i = 0; i < 2; i++) {
        char *path = sops_file(f, cases[i][1], cases[i][0]);
        struct hp_buf raw = {0};
        struct hp_error e = {0};
        assert_int_equal(hp_file_read(path, &raw, &e), 0);
        if (i == 0)
            assert_null(strstr(hp_buf_cstr(&raw), "enc-")); /* really encrypted on disk */
        hp_buf_free(&raw);
        char *affix = NULL;
        if (deploy_affix_read(&f->kr, path, &affix, &e) != 0)
            fail_msg("%s", e.msg);
        assert_non_null(affix);
        assert_string_equal(affix, want[i]);
        free(affix);
        free(path);
    }
}

static void test_sops_wrong_key_and_age(void **state)
{
    struct fixture *f = *state;
    char *path = sops_file(f, "affix: enc-\n", "_unencrypted");
    struct secrets_keyring other = {0};
    char r[128];
    struct hp_secbuf text = {0};
    other.ids = age_identities_new();
    age_identities_generate(other.ids, r, &text);
    hp_secbuf_free(&text);
    char *affix = NULL;
    struct hp_error e = {0};
    assert_int_equal(deploy_affix_read(&other, path, &affix, &e), -1);
    assert_null(affix);
    assert_int_equal(e.kind, DEPLOY_ERR_SECRETS);
    assert_non_null(strstr(e.msg, path));
    secrets_keyring_free(&other);
    free(path);

    /* an age-encrypted secrets/values.yaml */
    struct age_recipients *rs = age_recipients_new();
    assert_int_equal(age_recipients_add(rs, f->recipient, &e), 0);
    struct hp_buf enc = {0};
    const char *yaml = "password: s3cr3t\naffix: age-\n";
    assert_int_equal(age_encrypt_mem(rs, (const unsigned char *)yaml, strlen(yaml), false, &enc, &e), 0);
    age_recipients_free(rs);
    path = write_file(f, "values.yaml", enc.data, enc.len);
    hp_buf_free(&enc);
    assert_int_equal(deploy_affix_read(&f->kr, path, &affix, &e), 0);
    assert_non_null(affix);
    assert_string_equal(affix, "age-");
    free(affix);
    free(path);
}

/* Reading the affix must leave no other value of the file in freed ordinary heap: not from
 * a SOPS file (the old code parsed the whole decrypted text with libyaml's document loader and
 * freed it unwiped), not from a plain one (libyaml's buffers and events are wiped). */
static void test_no_plaintext_in_freed_heap(void **state)
{
    struct fixture *f = *state;
    if (!FREE_WATCH)
        skip();
    char *paths[2];
    paths[0] = sops_file(f, "affix: enc-\npassword: " SECRET "\nlist:\n  - " SECRET "-2\n", "_unencrypted");
    /* plain: written through the same helper's file name */
    const char *plain = "affix: p-\npassword: " SECRET "\n";
    char *affix = NULL;
    struct hp_error e = {0};
    for (int i = 0; i < 2; i++) {
        if (i == 1)
            paths[1] = write_file(f, "values.yaml", plain, strlen(plain));
        free_watch_start();
        int rc = deploy_affix_read(&f->kr, paths[i], &affix, &e);
        int leaked = free_watch_stop();
        if (rc != 0)
            fail_msg("%s", e.msg);
        assert_string_equal(affix, i == 0 ? "enc-" : "p-");
        free(affix);
        if (leaked)
            fail_msg("%s: %d freed blocks still held the secret", i == 0 ? "SOPS" : "plain", leaked);
        free(paths[i]);
    }
}

static void test_malformed_is_config_error(void **state)
{
    struct fixture *f = *state;
    char *path = write_file(f, "values.yaml", "affix: [unclosed\n", 17);
    char *affix = NULL;
    struct hp_error e = {0};
    assert_int_equal(deploy_affix_read(&f->kr, path, &affix, &e), -1);
    assert_int_equal(e.kind, DEPLOY_ERR_CONFIG);
    assert_non_null(strstr(e.msg, path));
    free(path);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_plain_shapes),
        cmocka_unit_test(test_sops_affix),
        cmocka_unit_test(test_sops_wrong_key_and_age),
        cmocka_unit_test(test_malformed_is_config_error),
        cmocka_unit_test(test_no_plaintext_in_freed_heap),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
