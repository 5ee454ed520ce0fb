/* The shared option parser: every command's flags go through it. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "cli/opts.h"

static const struct hp_cmdinfo ci = {"helm panda test", "[flags] ARGS", "test", NULL, true};

static void test_flags_and_positionals(void **state)
{
    (void)state;
    bool quiet = false, dry = false;
    const char *root = NULL;
    int par = 0;
    struct hp_strlist en = {0}, sets = {0}, pos = {0}, pass = {0};
    const struct hp_opt opts[] = {
        {HP_OPT_BOOL, 'q', "quiet", &quiet, NULL, ""},
        {HP_OPT_BOOL, 0, "dry-run", &dry, NULL, ""},
        {HP_OPT_STRING, 'C', "root", &root, "DIR", ""},
        {HP_OPT_INT, 0, "parallel", &par, "N", ""},
        {HP_OPT_CSV, 'c', "enable", &en, "LIST", ""},
        {HP_OPT_LIST, 0, "set", &sets, "K=V", ""},
        {0},
    };
    char *argv[] = {"test", "a", "-q", "--root=/x", "-c", "panda,idds", "-cbigmon", "--parallel", "3",
                    "--dry-run", "--set", "x=1", "--set=y=2", "b", "--", "--atomic", "-q", NULL};
    int r = hp_opts_parse(&ci, opts, 17, argv, &pos, &pass);
    assert_int_equal(r, HP_OPTS_OK);
    assert_true(quiet);
    assert_true(dry);
    assert_string_equal(root, "/x");
    assert_int_equal(par, 3);
    assert_int_equal(en.n, 3);
    assert_string_equal(en.v[2], "bigmon");
    assert_int_equal(sets.n, 2);
    assert_string_equal(sets.v[1], "y=2");
    assert_int_equal(pos.n, 2);
    assert_string_equal(pos.v[1], "b");
    assert_int_equal(pass.n, 2);
    assert_string_equal(pass.v[0], "--atomic");
    hp_strlist_free(&en);
    hp_strlist_free(&sets);
    hp_strlist_free(&pos);
    hp_strlist_free(&pass);
}

static void test_errors(void **state)
{
    (void)state;
    int n = 0;
    bool b = false;
    const struct hp_opt opts[] = {{HP_OPT_INT, 'p', "parallel", &n, "N", ""}, {HP_OPT_BOOL, 'b', "bee", &b, NULL, ""}, {0}};
    char *a1[] = {"test", "--nope", NULL};
    assert_int_equal(hp_opts_parse(&ci, opts, 2, a1, NULL, NULL), HP_OPTS_ERROR);
    char *a2[] = {"test", "--parallel", NULL};
    assert_int_equal(hp_opts_parse(&ci, opts, 2, a2, NULL, NULL), HP_OPTS_ERROR);
    char *a3[] = {"test", "--parallel=x", NULL};
    assert_int_equal(hp_opts_parse(&ci, opts, 2, a3, NULL, NULL), HP_OPTS_ERROR);
    char *a4[] = {"test", "stray", NULL};
    assert_int_equal(hp_opts_parse(&ci, opts, 2, a4, NULL, NULL), HP_OPTS_ERROR);
    char *a5[] = {"test", "-z", NULL};
    assert_int_equal(hp_opts_parse(&ci, opts, 2, a5, NULL, NULL), HP_OPTS_ERROR);
    char *a6[] = {"test", "--bee=maybe", NULL};
    assert_int_equal(hp_opts_parse(&ci, opts, 2, a6, NULL, NULL), HP_OPTS_ERROR);
    char *a7[] = {"test", "--bee=true", "-p7", NULL};
    assert_int_equal(hp_opts_parse(&ci, opts, 3, a7, NULL, NULL), HP_OPTS_OK);
    assert_true(b);
    assert_int_equal(n, 7);
    static const struct hp_cmdinfo nopass = {"helm panda x", "", "x", NULL, false};
    char *a8[] = {"test", "--", "y", NULL};
    assert_int_equal(hp_opts_parse(&nopass, opts, 3, a8, NULL, NULL), HP_OPTS_ERROR);
}

/* hp_opts_command settles --help and usage errors into the command's exit code. */
static void test_command_exit_codes(void **state)
{
    (void)state;
    bool b = false;
    const struct hp_opt opts[] = {{HP_OPT_BOOL, 'b', "bee", &b, NULL, ""}, {0}};
    char *ok[] = {"test", "-b", NULL};
    assert_int_equal(hp_opts_command(&ci, opts, 2, ok, NULL, NULL), HP_OPTS_GO_ON);
    assert_true(b);
    char *help[] = {"test", "--help", NULL};
    assert_int_equal(hp_opts_command(&ci, opts, 2, help, NULL, NULL), HP_EXIT_OK);
    char *bad[] = {"test", "--nope", NULL};
    assert_int_equal(hp_opts_command(&ci, opts, 2, bad, NULL, NULL), HP_EXIT_USAGE);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags_and_positionals),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_command_exit_codes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
