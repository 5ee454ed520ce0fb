/* hp_yaml_would_resolve_to_non_string: the table below was checked against real readers
 * (node's yaml 2.x in 1.2 core and 1.1 modes, PyYAML, and Go's yaml.v2/v3 rules): every
 * `quoted` entry is read as a non-string by at least one of them (or, for a few, by Go
 * alone), every `plain` entry is a string to all. tests/integration/t_secrets_safety.sh runs
 * the same kind of list through `secrets decrypt` and the readers themselves. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "hp/yaml_scalar.h"

static const char *const quoted[] = {
    /* null */
    "", "~", "null", "Null", "NULL",
    /* booleans, YAML 1.1 and 1.2, every case */
    "y", "Y", "n", "N", "yes", "Yes", "YES", "no", "No", "NO", "on", "On", "ON", "off", "Off", "OFF", "true",
    "True", "TRUE", "false", "False", "FALSE", "tRuE",
    /* integers in every base, any range */
    "0", "-0", "+0", "00", "08", "0777", "123456789012345678901234567890", "+1_000", "1_000", "1__0", "1_", "0_",
    "+_1", "0x1F", "0X1F", "-0x1F", "0x_0A_74_AE", "0o17", "0O17", "-0o17", "0b101", "-0b101",
    "0b1010_0111_0100_1010_1110", "0b_", "0x_",
    /* YAML 1.1 sexagesimal */
    "1:20", "190:20:30", "12:30:45", "-1:20", "1:20.5", "+1:20.5", "10:30",
    /* floats, any range */
    "1e3895", "-1e3895", "1e5", "1E5", "1e+5", "1.0e+5", "1.", ".5", "._5", "3.14159", "6.8523015e+5",
    "685.230_15e+03", "685_230.15", "1_000_000.5e-3", "-0.0", "0.", "1e1_0", "1_.5",
    /* node's yaml 1.1 reads these as NaN */
    ".", "+.", "e5", "E5", "-e5", ".e5",
    /* special floats */
    ".inf", "-.inf", "+.INF", ".Inf", ".nan", ".NaN", ".NAN", "-.nan",
    /* timestamps (YAML 1.1, Go's yaml.v2) */
    "2001-12-14", "2001-1-2", "2001-12-14t21:59:43.10-05:00", "2001-12-14 21:59:43.10 -5",
    /* YAML 1.1 merge and value keys */
    "<<", "=",
};

static const char *const plain[] = {
    "test-panda", "values.yaml", "v1", "v1.2", "1.2.3", "1.5.0-rc1", "0.1.0", "0.0.0.0", "127.0.0.1", "1.2e3.4",
    "123abc", "0xZZ", "0b2", "1e", "1e5e", "1:60", "24:00x", "1-2", "2001-12-14x", "20011-12-14", "inf", "nan",
    "Infinity", "NaN", "echo", "eval", "ee5", "e", "E", "yess", "nope", "nulls", "-", "--", "_1", "https://x",
    "0 and more", "a: b",
};

static void test_quoted(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof quoted / sizeof *quoted; i++)
        if (!hp_yaml_would_resolve_to_non_string(quoted[i], strlen(quoted[i])))
            fail_msg("\"%s\" would be written plain", quoted[i]);
}

static void test_plain(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        if (hp_yaml_would_resolve_to_non_string(plain[i], strlen(plain[i])))
            fail_msg("\"%s\" would be quoted", plain[i]);
}

/* The length is the length: text after it (a NUL, more digits) is not looked at. */
static void test_length_bound(void **state)
{
    (void)state;
    assert_true(hp_yaml_would_resolve_to_non_string("12abc", 2));
    assert_false(hp_yaml_would_resolve_to_non_string("1.2.3", 5));
    assert_true(hp_yaml_would_resolve_to_non_string("1.2.3", 3));
    assert_true(hp_yaml_would_resolve_to_non_string("1\0x", 1));
    assert_false(hp_yaml_would_resolve_to_non_string("1\0x", 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_quoted),
        cmocka_unit_test(test_plain),
        cmocka_unit_test(test_length_bound),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
