/* gitops/adopt.h: the block appended to helm-panda.yaml as text, and the reader on one file. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "gitops/adopt.h"

static int append(const char *have, struct hp_buf *out, struct hp_error *e)
{
    struct hp_buf h = {0}, block = {0};
    hp_buf_append_str(&h, have);
    hp_buf_append_str(&block, "  s:\n    namespace: x\n");
    int rc = gitops_adopt_append("hp.yaml", &h, "s", &block, out, e);
    hp_buf_free(&h);
    hp_buf_free(&block);
    return rc;
}

static void test_append(void **state)
{
    (void)state;
    struct hp_buf out = {0};
    struct hp_error e = {0};
    /* no sites: yet: a new one, the text before kept as it is (no newline at its end: one added) */
    assert_int_equal(append("components: {ui: {default: false}}  # c", &out, &e), 0);
    assert_string_equal(hp_buf_cstr(&out), "components: {ui: {default: false}}  # c\nsites:\n  s:\n    namespace: x\n");
    hp_buf_free(&out);
    /* sites: last: under it, comments and all kept */
    assert_int_equal(append("sites:\n  a:\n    namespace: y   # a's\n# end\n", &out, &e), 0);
    assert_string_equal(hp_buf_cstr(&out), "sites:\n  a:\n    namespace: y   # a's\n# end\n  s:\n    namespace: x\n");
    hp_buf_free(&out);
    assert_int_equal(append("sites:\n", &out, &e), 0);
    assert_string_equal(hp_buf_cstr(&out), "sites:\n  s:\n    namespace: x\n");
    hp_buf_free(&out);
    /* refused: sites: not last, a flow mapping, the site there already */
    assert_int_equal(append("sites:\n  a: {}\ncomponents: {}\n", &out, &e), -1);
    assert_non_null(strstr(e.msg, "hp.yaml: sites: is not the last key"));
    assert_int_equal(append("sites: {a: {}}\n", &out, &e), -1);
    assert_non_null(strstr(e.msg, "flow mapping"));
    assert_int_equal(append("sites:\n  s:\n    namespace: z\n", &out, &e), -1);
    assert_non_null(strstr(e.msg, "sites.s exists already"));
    assert_int_equal(out.len, 0);
}

static void test_reader_problems(void **state)
{
    (void)state;
    struct gitops_adopt a = {0};
    struct hp_error e = {0};
    const char *text = "kind: ConfigMap\n---\nkind: Application\nmetadata: {name: p}\nspec: {sources: []}\n---\n"
                       "kind: ImageUpdater\nmetadata: {name: u}\nspec: {applicationRefs: [{namePattern: a}, {namePattern: b}]}\n";
    assert_int_equal(gitops_adopt_add(&a, "f.yaml", (const unsigned char *)text, strlen(text), &e), 0);
    assert_int_equal(a.n_apps, 0);
    assert_int_equal(a.problems.n, 3);
    assert_string_equal(a.problems.v[0], "f.yaml: kind: neither an Application nor an ImageUpdater: not adopted");
    assert_non_null(strstr(a.problems.v[1], "f.yaml: spec.source: not a single Helm chart"));
    assert_non_null(strstr(a.problems.v[2], "f.yaml: spec.applicationRefs: not one namePattern"));
    assert_int_equal(a.take_over.n, 1); /* no header of ours */
    assert_int_equal(gitops_adopt_add(&a, "g.yaml", (const unsigned char *)"a: [", 4, &e), -1);
    assert_true(strncmp(e.msg, "g.yaml: line ", 13) == 0);
    gitops_adopt_free(&a);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_append),
        cmocka_unit_test(test_reader_problems),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
