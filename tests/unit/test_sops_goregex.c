/* sops_goregex_compile: SOPS rules are Go regexps; on keys spanning lines POSIX ERE read them
 * otherwise ("." matched "\n"), so sops and we encrypted different values of the same file.
 * Each `go` row below is what Go's regexp.MatchString answers (checked with Go 1.26). */
#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "sops/goregex.h"

struct row {
    const char *re, *s;
    bool go;
};

static const struct row rows[] = {
    {"^alpha.*$", "alpha x", true},
    {"^alpha.*$", "alpha\nx", false},   /* "." stops at the line break */
    {"^alpha.*$", "alpha\nx\n", false},
    {"^(password|token|name|alpha.*)$", "alpha\nbeta", false},
    {"alpha", "x\nalpha", true},       /* unanchored: still found on a later line */
    {"^alpha$", "x\nalpha", false},    /* "^" is the start of the text, not of a line */
    {"a.b", "a\nb", false},
    {"a.b", "axb", true},
    {"a[.]b", "a.b", true},            /* a "." in brackets is a dot */
    {"a[.]b", "axb", false},
    {"a\\.b", "axb", false},           /* an escaped "." too */
    {"a[^x]b", "a\nb", true},          /* a negated class matches a line break, as in Go */
    {"a[[:alpha:].]b", "a.b", true},
    {"a[[:alpha:].]b", "a\nb", false},
    {"a[]x.]b", "a.b", true},          /* "]" first in brackets is a literal */
};

static void matches_as_go_does(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++) {
        regex_t re;
        assert_int_equal(sops_goregex_compile(&re, rows[i].re), 0);
        bool m = regexec(&re, rows[i].s, 0, NULL, 0) == 0;
        regfree(&re);
        if (m != rows[i].go)
            fail_msg("%s on \"%s\": got %d, Go says %d", rows[i].re, rows[i].s, m, rows[i].go);
    }
}

static void bad_pattern_refused(void **state)
{
    (void)state;
    regex_t re;
    assert_int_not_equal(sops_goregex_compile(&re, "a(b"), 0);
    assert_int_not_equal(sops_goregex_compile(&re, "[a"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(matches_as_go_does),
        cmocka_unit_test(bad_pattern_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
