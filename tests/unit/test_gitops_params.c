/* --set arguments split as helm splits them, so each Argo CD parameter is one key. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "gitops/apps.h"
#include "gitops/params.h"

static void expect_split(const char *set, const char *const *want, size_t n)
{
    struct hp_strlist out = {0};
    struct hp_error e = {0};
    if (gitops_split_set(set, &out, &e) != 0)
        fail_msg("%s: %s", set, e.msg);
    assert_int_equal(out.n, n);
    for (size_t i = 0; i < n; i++)
        assert_string_equal(out.v[i], want[i]);
    hp_strlist_free(&out);
}

static void test_split(void **state)
{
    (void)state;
    expect_split("global.deploymentName=test-panda", (const char *[]){"global.deploymentName=test-panda"}, 1);
    expect_split("a=1,b=two", (const char *[]){"a=1", "b=two"}, 2);
    expect_split("a=x\\,y,b=2", (const char *[]){"a=x\\,y", "b=2"}, 2);  /* escaped comma: one value */
    expect_split("l={a,b},c=3", (const char *[]){"l={a,b}", "c=3"}, 2); /* a helm list stays whole */
    expect_split("u=https://x/?a=b", (const char *[]){"u=https://x/?a=b"}, 1);
    expect_split("e=", (const char *[]){"e="}, 1);
}

static void test_bad_parts(void **state)
{
    (void)state;
    const char *bad[] = {"a=1,b", "=1", "a=1,,b=2", "novalue", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct hp_strlist out = {0};
        struct hp_error e = {0};
        assert_int_equal(gitops_split_set(bad[i], &out, &e), -1);
        assert_int_equal(e.kind, GITOPS_ERR_INPUT);
        assert_non_null(strstr(e.msg, "is not NAME=VALUE"));
        hp_strlist_free(&out);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_split),
        cmocka_unit_test(test_bad_parts),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
