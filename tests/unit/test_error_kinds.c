/* The registry of error kinds (hp/error_kinds.h): every module's kinds lie in its own range,
 * the ranges do not overlap, and the one kind -> exit code mapping (cli/exit.h). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <fcntl.h>
#include <unistd.h>

#include "age/age.h"
#include "age/io.h"
#include "cli/exit.h"
#include "deploy/plan/plan.h"
#include "gitops/apps.h"
#include "gitops/git.h"
#include "hp/error.h"
#include "hp/file.h"
#include "hp/util.h"
#include "secrets/cric.h"
#include "secrets/decrypt.h"
#include "sops/sops.h"

/* One row per module: its base, its first and last kind. A new last kind goes here. */
static const struct {
    const char *module;
    int base, first, last;
} ranges[] = {
    {"hp", HP_ERR_BASE_HP, HP_ERR_GENERIC, HP_ERR_WRITE},
    {"age", HP_ERR_BASE_AGE, AGE_ERR_ARMOR, AGE_ERR_KEY},
    {"sops", HP_ERR_BASE_SOPS, SOPS_ERR_NOT_SOPS, SOPS_ERR_IO},
    {"secrets", HP_ERR_BASE_SECRETS, SECRETS_ERR_NO_IDENTITY, SECRETS_ERR_NO_IDENTITY},
    {"cric", HP_ERR_BASE_CRIC, CRIC_ERR_MISSING, CRIC_ERR_JSON},
    {"deploy", HP_ERR_BASE_DEPLOY, DEPLOY_ERR_ROOT, DEPLOY_ERR_SNAPSHOT},
    {"gitops", HP_ERR_BASE_GITOPS, GITOPS_ERR_SOURCE, GITOPS_ERR_WRITE},
    {"gitops git", HP_ERR_BASE_GITOPS_GIT, GITOPS_GIT_NOT_REPO, GITOPS_GIT_DETACHED},
};
#define N_RANGES (sizeof ranges / sizeof ranges[0])

static void test_each_module_in_its_range(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_RANGES; i++) {
        print_message("%s: [%d, %d]\n", ranges[i].module, ranges[i].first, ranges[i].last);
        assert_true(ranges[i].first > 0);
        assert_int_equal(ranges[i].first, ranges[i].base);
        assert_true(ranges[i].last >= ranges[i].first);
        assert_int_equal(ranges[i].last / HP_ERR_RANGE, ranges[i].base / HP_ERR_RANGE);
    }
}

static void test_ranges_disjoint(void **state)
{
    (void)state;
    for (size_t i = 0; i < N_RANGES; i++)
        for (size_t j = i + 1; j < N_RANGES; j++)
            if (ranges[i].base / HP_ERR_RANGE == ranges[j].base / HP_ERR_RANGE)
                fail_msg("%s and %s share a hundred", ranges[i].module, ranges[j].module);
    /* the two that collided once */
    assert_int_not_equal(GITOPS_GIT_NOT_REPO, CRIC_ERR_MISSING);
    assert_int_not_equal(HP_ERR_GENERIC, AGE_ERR_ARMOR);
}

static int code(int kind, int otherwise)
{
    struct hp_error e = {.kind = kind};
    return hp_exit_code(&e, otherwise);
}

/* What each command decided by itself before the mapping was one. */
static void test_exit_codes(void **state)
{
    (void)state;
    /* install/template: planning */
    for (int k = DEPLOY_ERR_ROOT; k <= DEPLOY_ERR_CONFIG; k++)
        assert_int_equal(code(k, HP_EXIT_FAIL), HP_EXIT_USAGE);
    assert_int_equal(code(DEPLOY_ERR_SECRETS, HP_EXIT_FAIL), HP_EXIT_FAIL);
    assert_int_equal(code(HP_ERR_GENERIC, HP_EXIT_FAIL), HP_EXIT_FAIL);
    /* install: finding helm and its version */
    assert_int_equal(code(DEPLOY_ERR_INTERRUPTED, HP_EXIT_USAGE), HP_EXIT_INTERRUPTED);
    assert_int_equal(code(DEPLOY_ERR_HELM, HP_EXIT_USAGE), HP_EXIT_USAGE);
    assert_int_equal(code(HP_ERR_GENERIC, HP_EXIT_USAGE), HP_EXIT_USAGE);
    /* gitops: rendering */
    assert_int_equal(code(GITOPS_ERR_WRITE, HP_EXIT_USAGE), HP_EXIT_FAIL);
    for (int k = GITOPS_ERR_SOURCE; k <= GITOPS_ERR_INPUT; k++)
        assert_int_equal(code(k, HP_EXIT_USAGE), HP_EXIT_USAGE);
    for (int k = GITOPS_GIT_NOT_REPO; k <= GITOPS_GIT_DETACHED; k++)
        assert_int_equal(code(k, HP_EXIT_USAGE), HP_EXIT_USAGE);
    assert_int_equal(code(DEPLOY_ERR_SECRETS, HP_EXIT_USAGE), HP_EXIT_USAGE);
    /* secrets install: loading the chart */
    assert_int_equal(code(CRIC_ERR_MISSING, HP_EXIT_FAIL), HP_EXIT_USAGE);
    assert_int_equal(code(CRIC_ERR_JSON, HP_EXIT_FAIL), HP_EXIT_FAIL);
    assert_int_equal(code(SECRETS_ERR_NO_IDENTITY, HP_EXIT_FAIL), HP_EXIT_FAIL);
    assert_int_equal(code(AGE_ERR_NO_MATCH, HP_EXIT_FAIL), HP_EXIT_FAIL);
    assert_int_equal(code(HP_ERR_WRITE, HP_EXIT_USAGE), HP_EXIT_FAIL);
}

/* Where writing fails, the kind is HP_ERR_WRITE (secrets encrypt/decrypt name the output by
 * it); where reading fails, it is not. */
static void test_write_kind(void **state)
{
    (void)state;
    struct hp_error e = {0};
    struct age_fd ro = {open("/dev/null", O_RDONLY | O_CLOEXEC)};
    assert_true(ro.fd >= 0);
    struct age_sink sink = age_sink_fd(&ro);
    assert_int_equal(sink.write(sink.ctx, (const unsigned char *)"x", 1, &e), -1);
    assert_int_equal(e.kind, HP_ERR_WRITE);
    close(ro.fd);
    hp_error_clear(&e);
    assert_int_equal(hp_file_write_atomic("/nonexistent-hp-dir/out", "x", 1, 0600, &e), -1);
    assert_int_equal(e.kind, HP_ERR_WRITE);
    struct hp_buf b = {0};
    assert_int_equal(hp_file_read("/nonexistent-hp-dir/in", &b, &e), -1);
    assert_int_equal(e.kind, HP_ERR_GENERIC);
    hp_buf_free(&b);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_each_module_in_its_range),
        cmocka_unit_test(test_ranges_disjoint),
        cmocka_unit_test(test_exit_codes),
        cmocka_unit_test(test_write_kind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
