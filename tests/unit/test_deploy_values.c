/* src/deploy/plan/values.c: encrypted values files reach helm as /dev/fd/N of a memfile holding the
 * plaintext; plain files stay paths; failures are DEPLOY_ERR_SECRETS. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "deploy/plan/values.h"
#include "secrets/memfile.h"
#include "secrets_fixture.h"

/* A plan of one release NAME with the values files VALUES and helm's argv ARGV (both NULL-ended). */
static struct deploy_release *one_release(struct deploy_plan *plan, const char *name, const char *const *values,
                                          const char *const *argv)
{
    *plan = (struct deploy_plan){.n = 1, .releases = hp_xcalloc(1, sizeof *plan->releases)};
    struct deploy_release *r = &plan->releases[0];
    r->name = hp_xstrdup(name);
    for (size_t i = 0; values[i]; i++)
        hp_strlist_push(&r->values, values[i]);
    for (size_t i = 0; argv[i]; i++)
        hp_strlist_push(&r->argv, argv[i]);
    return r;
}

/* What helm would read from the descriptor is WANT. */
static void assert_fd_holds(int fd, const char *want)
{
    char buf[64] = {0};
    assert_int_equal(pread(fd, buf, sizeof buf - 1, 0), (ssize_t)strlen(want));
    assert_string_equal(buf, want);
}

/* Catches: was_encrypted wrong for either kind, the error kind passed up unmapped (a
 * SECRETS_ERR_NO_IDENTITY would then map to the wrong exit code). */
static void test_read(void **state)
{
    (void)state;
    struct secrets_keyring kr = {0};
    struct hp_secbuf out = {0};
    struct hp_error e = {0};
    bool enc = true;
    char *plain = fx_write(&fx, "values.yaml", "replicas: 2\n", 12);
    char *sops = fx_sops_file(&fx, "values-secret.yaml", "password: hunter2\n");
    assert_int_equal(deploy_values_read(&kr, plain, &out, &enc, &e), 0);
    assert_false(enc);
    assert_string_equal(hp_secbuf_cstr(&out), "replicas: 2\n");
    hp_secbuf_free(&out);
    assert_int_equal(deploy_values_read(&kr, sops, &out, &enc, &e), -1); /* no identity yet */
    assert_int_equal(e.kind, DEPLOY_ERR_SECRETS);
    assert_false(enc);
    secrets_keyring_free(&kr); /* a keyring loads once: a new one with the identity */
    hp_strlist_push(&kr.files, fx.identity_file);
    assert_int_equal(deploy_values_read(&kr, sops, &out, &enc, &e), 0);
    assert_true(enc);
    assert_string_equal(hp_secbuf_cstr(&out), "password: hunter2\n");
    hp_secbuf_free(&out);
    secrets_keyring_free(&kr);
    free(plain);
    free(sops);
}

/* Catches: a plain file turned into a memfile, the wrong -f argument replaced, the memfile
 * not holding the plaintext, the memfile not kept on the release for the runner. */
static void test_prepare_swaps_encrypted_only(void **state)
{
    (void)state;
    char *plain = fx_write(&fx, "values.yaml", "a: 1\n", 5);
    char *sops = fx_sops_file(&fx, "values-test.yaml", "b: secret\n");
    struct deploy_plan plan;
    struct deploy_release *r = one_release(&plan, "test-panda", (const char *const[]){plain, sops, NULL},
                                           (const char *const[]){"helm", "upgrade", "--install", "-f", plain, "-f", sops,
                                                                 "--set", "x=1", NULL});
    struct secrets_keyring kr = {0};
    hp_strlist_push(&kr.files, fx.identity_file);
    struct hp_error e = {0};
    assert_int_equal(deploy_values_prepare(&kr, &plan, &e), 0);
    assert_int_equal(r->n_secret_files, 1);
    assert_string_equal(r->argv.v[4], plain);
    assert_string_equal(r->argv.v[6], r->secret_files[0].path);
    assert_string_not_equal(r->argv.v[6], sops);
    /* what helm would read there is the plaintext */
    assert_fd_holds(r->secret_files[0].fd, "b: secret\n");
    secrets_keyring_free(&kr);
    deploy_plan_free(&plan);
    free(plain);
    free(sops);
}

/* Catches: a second run of the plan (apply's upgrade after its diff) decrypting the file again
 * (it would read the file as changed since, here removed: an error), a handed-out descriptor
 * that is the kept memfile itself (the runner closes it), the second hand-out's bytes differing. */
static void test_prepare_twice_decrypts_once(void **state)
{
    (void)state;
    char *sops = fx_sops_file(&fx, "values-once.yaml", "c: once\n");
    struct deploy_plan plan;
    struct deploy_release *r = one_release(&plan, "test-iam", (const char *const[]){sops, NULL},
                                           (const char *const[]){"helm", "diff", "upgrade", "-f", sops, NULL});
    struct secrets_keyring kr = {0};
    hp_strlist_push(&kr.files, fx.identity_file);
    struct hp_error e = {0};
    assert_int_equal(deploy_values_prepare(&kr, &plan, &e), 0);
    assert_int_equal(r->n_secret_files, 1);
    assert_int_not_equal(r->secret_files[0].fd, r->values_mf[0].fd);
    close(r->secret_files[0].fd); /* as the runner does once the diff started */
    r->secret_files[0].fd = -1;
    assert_int_equal(unlink(sops), 0);
    hp_strlist_free(&r->argv); /* the upgrade's argv */
    const char *argv2[] = {"helm", "upgrade", "--install", "-f", sops};
    for (size_t i = 0; i < sizeof argv2 / sizeof *argv2; i++)
        hp_strlist_push(&r->argv, argv2[i]);
    assert_int_equal(deploy_values_prepare(&kr, &plan, &e), 0);
    assert_int_equal(r->n_secret_files, 1);
    assert_string_equal(r->argv.v[4], r->secret_files[0].path);
    assert_fd_holds(r->secret_files[0].fd, "c: once\n");
    secrets_keyring_free(&kr);
    deploy_plan_free(&plan);
    free(sops);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_read),
        cmocka_unit_test(test_prepare_swaps_encrypted_only),
        cmocka_unit_test(test_prepare_twice_decrypts_once),
    };
    return cmocka_run_group_tests(tests, fx_group_setup, fx_group_teardown);
}
