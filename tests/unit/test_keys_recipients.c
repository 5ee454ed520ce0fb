/* keys/recipients.h: where a file's recipients and selection come from when it is encrypted
 * (flags, SOPS_AGE_RECIPIENTS, .sops.yaml, the default suffix) and the -R file parser. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "hp/file.h"
#include "hp/util.h"
#include "keys/recipients.h"

static char dir[] = "/tmp/hp-rcpt-XXXXXX";

static char *put(const char *name, const char *text)
{
    char *p = hp_xasprintf("%s/%s", dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    return p;
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    unsetenv("SOPS_AGE_RECIPIENTS");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = hp_xasprintf("rm -rf '%s'", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    return 0;
}

static void test_flags_then_env_then_rule(void **state)
{
    (void)state;
    free(put(".sops.yaml", "creation_rules:\n  - age: age1rule\n    mac_only_encrypted: true\n"));
    char *file = hp_xasprintf("%s/values.yaml", dir);
    struct sops_rule r;
    struct hp_error e = {0};

    assert_int_equal(keys_recipients_for(file, NULL, NULL, &r, &e), 0);
    assert_int_equal(r.age.n, 1);
    assert_string_equal(r.age.v[0], "age1rule");
    assert_string_equal(r.sel.unencrypted_suffix, "_unencrypted");
    assert_true(r.sel.mac_only_encrypted); /* the rule's, without a selection string (edit lost it once) */
    sops_rule_free(&r);

    setenv("SOPS_AGE_RECIPIENTS", "age1a,age1b", 1);
    assert_int_equal(keys_recipients_for(file, NULL, NULL, &r, &e), 0);
    assert_int_equal(r.age.n, 2);
    assert_string_equal(r.age.v[1], "age1b");
    sops_rule_free(&r);

    struct hp_strlist given = {0};
    hp_strlist_push(&given, "age1flag");
    struct sops_select sel = {.encrypted_regex = "^pass"};
    assert_int_equal(keys_recipients_for(file, &given, &sel, &r, &e), 0);
    assert_int_equal(r.age.n, 1);
    assert_string_equal(r.age.v[0], "age1flag");
    assert_null(r.sel.unencrypted_suffix);
    assert_string_equal(r.sel.encrypted_regex, "^pass");
    assert_true(r.sel.mac_only_encrypted);
    sops_rule_free(&r);
    hp_strlist_free(&given);
    unsetenv("SOPS_AGE_RECIPIENTS");
    free(file);
}

static void test_no_rule_no_recipients(void **state)
{
    (void)state;
    char *sub = hp_xasprintf("%s/other", dir);
    assert_int_equal(mkdir(sub, 0700), 0);
    free(put("other/.sops.yaml", "creation_rules:\n  - path_regex: nothing\n    age: age1x\n"));
    char *file = hp_xasprintf("%s/v.yaml", sub);
    struct sops_rule r;
    struct hp_error e = {0};
    assert_int_equal(keys_recipients_for(file, NULL, NULL, &r, &e), 0);
    assert_int_equal(r.age.n, 0);
    assert_non_null(r.config_path);
    assert_false(r.sel.mac_only_encrypted);
    sops_rule_free(&r);
    free(file);
    free(sub);
}

static void test_file_parser(void **state)
{
    (void)state;
    char *p = put("r.txt", "# comment\n\n  age1one \r\n\tage1two\t\n   # indented comment\nage1three");
    struct keys_recipients_file f;
    struct hp_error e = {0};
    assert_int_equal(keys_recipients_file_read(p, &f, &e), 0);
    assert_false(f.empty);
    assert_int_equal(f.lines.n, 3);
    assert_string_equal(f.lines.v[0], "age1one");
    assert_string_equal(f.lines.v[1], "age1two");
    assert_string_equal(f.lines.v[2], "age1three");
    assert_int_equal(f.lineno[0], 3);
    assert_int_equal(f.lineno[1], 4);
    assert_int_equal(f.lineno[2], 6);
    keys_recipients_file_free(&f);
    free(p);
    p = put("empty.txt", "");
    assert_int_equal(keys_recipients_file_read(p, &f, &e), 0);
    assert_true(f.empty);
    assert_int_equal(f.lines.n, 0);
    keys_recipients_file_free(&f);
    free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_flags_then_env_then_rule),
        cmocka_unit_test(test_no_rule_no_recipients),
        cmocka_unit_test(test_file_parser),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
