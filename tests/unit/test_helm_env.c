/* Which helm runs: HELM_BIN as helm sets it (often the bare "helm"), resolved once through the
 * absolute entries of PATH, never from the current directory (issue 11). Each case builds a
 * scratch tree: a good helm in an absolute directory, and trap helms in the current directory
 * and in a relative directory, which must never be chosen. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "helm/env.h"
#include "hp/util.h"

struct tree {
    char root[64];  /* scratch folder, also the current directory during a test */
    char *good;     /* <root>/bin: holds the helm to find */
    char *good_helm;
    char *oldcwd;
    char *oldpath; /* a case sets PATH; teardown puts it back */
};

static void write_exe(const char *path, mode_t mode)
{
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\nexit 0\n", f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static int setup(void **state)
{
    struct tree *t = calloc(1, sizeof *t);
    snprintf(t->root, sizeof t->root, "/tmp/hp-helmenv.XXXXXX");
    if (!mkdtemp(t->root))
        return -1;
    t->oldcwd = getcwd(NULL, 0);
    t->oldpath = hp_xstrdup(getenv("PATH") ? getenv("PATH") : "/usr/bin:/bin");
    t->good = hp_xasprintf("%s/bin", t->root);
    t->good_helm = hp_xasprintf("%s/helm", t->good);
    mkdir(t->good, 0755);
    write_exe(t->good_helm, 0755);
    /* traps: ./helm, rel/helm, a directory called helm, a helm that is not executable */
    char *p = hp_xasprintf("%s/helm", t->root);
    write_exe(p, 0755);
    free(p);
    p = hp_xasprintf("%s/rel", t->root);
    mkdir(p, 0755);
    free(p);
    p = hp_xasprintf("%s/rel/helm", t->root);
    write_exe(p, 0755);
    free(p);
    p = hp_xasprintf("%s/dirhelm", t->root);
    mkdir(p, 0755);
    free(p);
    p = hp_xasprintf("%s/dirhelm/helm", t->root);
    mkdir(p, 0755);
    free(p);
    p = hp_xasprintf("%s/noexec", t->root);
    mkdir(p, 0755);
    free(p);
    p = hp_xasprintf("%s/noexec/helm", t->root);
    write_exe(p, 0644);
    free(p);
    if (chdir(t->root) != 0)
        return -1;
    *state = t;
    return 0;
}

static int teardown(void **state)
{
    struct tree *t = *state;
    if (chdir(t->oldcwd) != 0)
        return -1;
    setenv("PATH", t->oldpath, 1);
    unsetenv("HELM_BIN");
    free(t->oldpath);
    char *cmd = hp_xasprintf("rm -rf '%s'", t->root);
    int rc = system(cmd);
    free(cmd);
    free(t->good);
    free(t->good_helm);
    free(t->oldcwd);
    free(t);
    return rc == 0 ? 0 : -1;
}

static void expect_resolved(const char *helm_bin, const char *path, const char *want)
{
    char *got = hp_helmenv_resolve_bin(helm_bin, path);
    if (!want) {
        if (got)
            fail_msg("HELM_BIN=%s PATH=%s: wanted none, got %s", helm_bin ? helm_bin : "(unset)", path, got);
        return;
    }
    if (!got || strcmp(got, want) != 0)
        fail_msg("HELM_BIN=%s PATH=%s: wanted %s, got %s", helm_bin ? helm_bin : "(unset)", path, want,
                 got ? got : "(none)");
    free(got);
}

/* an empty entry before the real one: the old code took it as "." and chose ./helm */
static void test_empty_entry_is_not_cwd(void **state)
{
    struct tree *t = *state;
    char *path = hp_xasprintf(":%s", t->good);
    expect_resolved("helm", path, t->good_helm);
    expect_resolved(NULL, path, t->good_helm);
    free(path);
    path = hp_xasprintf("/nonexistent::%s:", t->good);
    expect_resolved("helm", path, t->good_helm);
    free(path);
    expect_resolved("helm", ":", NULL);
    expect_resolved("helm", "", NULL);
}

static void test_relative_entry_is_skipped(void **state)
{
    struct tree *t = *state;
    char *path = hp_xasprintf("rel:.:./rel:%s", t->good);
    expect_resolved("helm", path, t->good_helm);
    free(path);
    expect_resolved("helm", "rel:.", NULL);
}

static void test_only_executable_files(void **state)
{
    struct tree *t = *state;
    char *path = hp_xasprintf("%s/dirhelm:%s/noexec:%s", t->root, t->root, t->good);
    expect_resolved("helm", path, t->good_helm);
    free(path);
    path = hp_xasprintf("%s/dirhelm:%s/noexec", t->root, t->root);
    expect_resolved("helm", path, NULL);
    free(path);
}

static void test_name_with_slash_is_that_file(void **state)
{
    struct tree *t = *state;
    char *want = hp_xasprintf("%s/rel/helm", t->root);
    expect_resolved("rel/helm", "/usr/bin", want);
    expect_resolved("./rel/helm", "/usr/bin", want);
    free(want);
    expect_resolved("/opt/helm/helm", "", "/opt/helm/helm");
    /* trailing slash on a PATH entry: one separator */
    char *path = hp_xasprintf("%s/", t->good);
    expect_resolved("helm", path, t->good_helm);
    free(path);
}

/* the whole load: HELM_BIN=helm as helm sets it becomes one absolute path */
static void test_load_resolves_once(void **state)
{
    struct tree *t = *state;
    char *path = hp_xasprintf(":rel:%s", t->good);
    setenv("PATH", path, 1);
    setenv("HELM_BIN", "helm", 1);
    struct hp_helmenv env;
    struct hp_error e = {0};
    hp_helmenv_load(&env);
    assert_non_null(env.bin);
    assert_string_equal(env.bin, t->good_helm);
    assert_true(env.bin_from_path);
    assert_int_equal(hp_helmenv_require_bin(&env, &e), 0);
    hp_helmenv_free(&env);

    /* no helm in an absolute entry: a clear error, not ./helm */
    setenv("PATH", ":rel", 1);
    hp_helmenv_load(&env);
    assert_null(env.bin);
    assert_true(hp_helmenv_require_bin(&env, &e) < 0);
    assert_non_null(strstr(e.msg, "HELM_BIN=helm: no executable 'helm'"));
    hp_helmenv_free(&env);

    unsetenv("HELM_BIN");
    hp_helmenv_load(&env);
    assert_null(env.bin);
    assert_true(hp_helmenv_require_bin(&env, &e) < 0);
    assert_non_null(strstr(e.msg, "helm not found"));
    hp_helmenv_free(&env);

    setenv("HELM_BIN", "/nonexistent/helm", 1);
    hp_helmenv_load(&env);
    assert_true(hp_helmenv_require_bin(&env, &e) < 0);
    assert_string_equal(e.msg, "HELM_BIN=/nonexistent/helm is not an executable file");
    hp_helmenv_free(&env);
    free(path);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(test_empty_entry_is_not_cwd, setup, teardown),
        cmocka_unit_test_setup_teardown(test_relative_entry_is_skipped, setup, teardown),
        cmocka_unit_test_setup_teardown(test_only_executable_files, setup, teardown),
        cmocka_unit_test_setup_teardown(test_name_with_slash_is_that_file, setup, teardown),
        cmocka_unit_test_setup_teardown(test_load_resolves_once, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
