/* .helmignore: Go filepath.Match vectors (Go's own match_test.go cases) and helm's rule
 * semantics (anchors, directories, negation quirk, default rule, refused patterns). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "secrets/helmignore.h"

struct vec {
    const char *pattern, *name;
    int want; /* 1 match, 0 no match, -1 bad pattern */
};

static const struct vec go_vectors[] = {
    {"abc", "abc", 1}, {"*", "abc", 1}, {"*c", "abc", 1}, {"a*", "a", 1}, {"a*", "abc", 1},
    {"a*", "ab/c", 0}, {"a*/b", "abc/b", 1}, {"a*/b", "a/c/b", 0},
    {"a*b*c*d*e*/f", "axbxcxdxe/f", 1}, {"a*b*c*d*e*/f", "axbxcxdxexxx/f", 1},
    {"a*b*c*d*e*/f", "axbxcxdxe/xxx/f", 0}, {"a*b*c*d*e*/f", "axbxcxdxexxx/fff", 0},
    {"a*b?c*x", "abxbbxdbxebxczzx", 1}, {"a*b?c*x", "abxbbxdbxebxczzy", 0},
    {"ab[c]", "abc", 1}, {"ab[b-d]", "abc", 1}, {"ab[e-g]", "abc", 0}, {"ab[^c]", "abc", 0},
    {"ab[^b-d]", "abc", 0}, {"ab[^e-g]", "abc", 1}, {"a\\*b", "a*b", 1}, {"a\\*b", "ab", 0},
    {"a?b", "a\xe2\x98\xba" "b", 1}, {"a[^a]b", "a\xe2\x98\xba" "b", 1}, {"a???b", "a\xe2\x98\xba" "b", 0},
    {"a[^a][^a][^a]b", "a\xe2\x98\xba" "b", 0}, {"[a-\xce\xb6]*", "\xce\xb1", 1}, {"*[a-\xce\xb6]", "A", 0},
    {"a?b", "a/b", 0}, {"a*b", "a/b", 0}, {"[\\]a]", "]", 1}, {"[\\-]", "-", 1}, {"[x\\-]", "x", 1},
    {"[x\\-]", "-", 1}, {"[x\\-]", "z", 0}, {"[\\-x]", "x", 1}, {"[\\-x]", "-", 1}, {"[\\-x]", "a", 0},
    {"[]a]", "]", -1}, {"[-]", "-", -1}, {"[x-]", "x", -1}, {"[x-]", "-", -1}, {"[x-]", "z", -1},
    {"[-x]", "x", -1}, {"[-x]", "-", -1}, {"[-x]", "a", -1}, {"\\", "a", -1}, {"[a-b-c]", "a", -1},
    {"[", "a", -1}, {"[^", "a", -1}, {"[^bc", "a", -1}, {"a[", "a", -1}, {"a[", "ab", -1},
    {"a[", "x", -1}, {"a/b[", "x", -1}, {"*x", "xxx", 1},
};

static void test_go_match_vectors(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof go_vectors / sizeof go_vectors[0]; i++) {
        int got = helmignore_glob_match(go_vectors[i].pattern, go_vectors[i].name);
        if (got != go_vectors[i].want)
            fail_msg("Match(%s, %s) = %d, want %d", go_vectors[i].pattern, go_vectors[i].name, got,
                     go_vectors[i].want);
    }
}

static struct helmignore *parse(const char *text)
{
    struct hp_error e = {0};
    struct helmignore *hi = helmignore_parse(text, text ? strlen(text) : 0, "x/.helmignore", &e);
    if (!hi)
        fail_msg("parse: %s", e.msg);
    return hi;
}

static void test_rules(void **state)
{
    (void)state;
    struct helmignore *hi = parse("# comment\n\n  *.bak  \n/top.txt\nfiles/raw/*.tmp\nbuild/\n");
    assert_true(helmignore_ignores(hi, "a.bak", false));
    assert_true(helmignore_ignores(hi, "files/deep/x.bak", false)); /* base-name rule */
    assert_true(helmignore_ignores(hi, "top.txt", false));
    assert_false(helmignore_ignores(hi, "files/top.txt", false)); /* anchored at the root */
    assert_true(helmignore_ignores(hi, "files/raw/a.tmp", false));
    assert_false(helmignore_ignores(hi, "files/raw/sub/a.tmp", false));
    assert_true(helmignore_ignores(hi, "build", true));
    assert_false(helmignore_ignores(hi, "build", false)); /* directories only */
    assert_false(helmignore_ignores(hi, "values.yaml", false));
    /* helm's default rule */
    assert_true(helmignore_ignores(hi, "templates/.hidden.yaml", false));
    assert_false(helmignore_ignores(hi, "templates/a.yaml", false));
    assert_false(helmignore_ignores(hi, ".", true));
    helmignore_free(hi);
}

static void test_negation_quirk(void **state)
{
    (void)state;
    /* helm: "!keep.txt" ignores every path that does not match it */
    struct helmignore *hi = parse("!keep.txt\n");
    assert_false(helmignore_ignores(hi, "keep.txt", false));
    assert_true(helmignore_ignores(hi, "other.txt", false));
    helmignore_free(hi);
    hi = parse(NULL);
    assert_false(helmignore_ignores(hi, "anything", false));
    helmignore_free(hi);
}

static void test_refused_patterns(void **state)
{
    (void)state;
    struct hp_error e = {0};
    const char *t = "ok\nfiles/**/x\n";
    assert_null(helmignore_parse(t, strlen(t), "secrets/.helmignore", &e));
    assert_string_equal(e.msg, "secrets/.helmignore: line 2: double-star (**) syntax is not supported");
    t = "[x-\n";
    assert_null(helmignore_parse(t, strlen(t), "secrets/.helmignore", &e));
    assert_string_equal(e.msg, "secrets/.helmignore: line 1: syntax error in pattern \"[x-\"");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_go_match_vectors),
        cmocka_unit_test(test_rules),
        cmocka_unit_test(test_negation_quirk),
        cmocka_unit_test(test_refused_patterns),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
