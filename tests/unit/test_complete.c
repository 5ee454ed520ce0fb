/* The completion engine on a deployment tree made in a temporary folder, and its two YAML
 * readers on bytes in memory. */
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

#include "complete/complete.h"
#include "complete/tree.h"
#include "hp/file.h"

static char root[] = "/tmp/hp-complete.XXXXXX";

static void put(const char *rel, const char *text)
{
    char *path = hp_path_join(root, rel);
    char *dir = hp_xstrdup(path);
    for (char *p = dir + strlen(root) + 1; (p = strchr(p, '/')); p++) {
        *p = 0;
        mkdir(dir, 0700);
        *p = '/';
    }
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic(path, text, strlen(text), 0600, &e), 0);
    free(dir);
    free(path);
}

static int setup(void **state)
{
    (void)state;
    if (!mkdtemp(root))
        return -1;
    put("secrets/values.yaml", "affix: test-\n");
    put("secrets/values-belle.yml", "");
    put("helm/panda/Chart.yaml", "apiVersion: v2\nname: panda\ndependencies:\n"
                                 "  - name: server\n  - {name: jedi}\n  - name: pg\n    alias: postgres\n");
    put("helm/panda/values.yaml", "server: {enabled: true}\nmonitor:\n  enabled: false\nreplicas: 1\n"
                                  "postgres:\n  enabled: true\n");
    put("helm/panda/values/values-lsst.yaml", "");
    put("helm/panda/values/values-sphenix.yaml", "");
    put("helm/panda/values/notes.txt", "");
    put("helm/iam/Chart.yaml", "name: iam\n");
    put("helm/iam/values/values-lsst.yaml", "");
    put("helm/broken/Chart.yaml", "dependencies: [\n");
    put("helm/empty/README", "not a chart\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = hp_xasprintf("rm -rf '%s'", root);
    int r = system(cmd);
    free(cmd);
    return r == 0 ? 0 : -1;
}

/* joins the candidates with spaces, for one readable comparison */
static char *joined(const struct hp_strlist *l)
{
    struct hp_buf b = {0};
    for (size_t i = 0; i < l->n; i++)
        hp_buf_appendf(&b, "%s%s", i ? " " : "", l->v[i]);
    char *s = hp_xstrdup(b.len ? hp_buf_cstr(&b) : "");
    hp_buf_free(&b);
    return s;
}

static void expect(unsigned directive, const char *want, int n, ...)
{
    char *words[16];
    va_list ap;
    va_start(ap, n);
    for (int i = 0; i < n; i++)
        words[i] = va_arg(ap, char *);
    va_end(ap);
    struct complete_result r;
    complete_words(n, words, &r);
    char *got = joined(&r.cands);
    assert_string_equal(got, want);
    assert_int_equal(r.directive, directive);
    free(got);
    complete_result_free(&r);
}

static void test_tree_scan(void **state)
{
    (void)state;
    struct hp_strlist l = {0};
    complete_components(root, &l);
    char *s = joined(&l);
    assert_string_equal(s, "broken iam panda");
    free(s);
    hp_strlist_free(&l);

    complete_subcomponents(root, "panda", &l);
    s = joined(&l);
    assert_string_equal(s, "server jedi postgres");
    free(s);
    hp_strlist_free(&l);

    complete_subcomponents(root, "broken", &l); /* unparsable: nothing, no crash */
    assert_int_equal(l.n, 0);
    complete_subcomponents(root, "../secrets", &l); /* never leaves helm/ */
    assert_int_equal(l.n, 0);

    complete_experiments(root, &l);
    s = joined(&l);
    assert_string_equal(s, "belle lsst sphenix");
    free(s);
    hp_strlist_free(&l);
}

static void test_find_root(void **state)
{
    (void)state;
    char real[4096];
    assert_non_null(realpath(root, real));
    char *deep = hp_xasprintf("%s/helm/panda/values", root);
    char *r = complete_find_root(deep); /* -C below the root: upward from there */
    assert_non_null(r);
    assert_string_equal(r, real);
    free(r);
    assert_null(complete_find_root("/nonexistent/dir"));
    setenv("PANDA_K8S_DIR", root, 1);
    r = complete_find_root(NULL);
    assert_non_null(r);
    assert_string_equal(r, real);
    free(r);
    unsetenv("PANDA_K8S_DIR");

    char old[4096];
    assert_non_null(getcwd(old, sizeof old));
    assert_int_equal(chdir(deep), 0);
    r = complete_find_root(NULL);
    assert_non_null(r);
    assert_string_equal(r, real);
    free(r);
    assert_int_equal(chdir("/"), 0);
    assert_null(complete_find_root(NULL));
    assert_int_equal(chdir(old), 0);
    free(deep);
}

static void test_values(void **state)
{
    (void)state;
    setenv("PANDA_K8S_DIR", root, 1);
    expect(6, "broken iam panda", 3, "install", "-c", "");
    expect(6, "iam,panda", 3, "install", "--enable", "iam,p");
    expect(6, "iam,panda,broken", 3, "install", "-c", "iam,panda,");
    expect(6, "iam,broken iam,panda", 3, "install", "-c", "iam,");
    expect(6, "panda panda.server panda.jedi panda.postgres", 3, "install", "-d", "panda");
    expect(6, "panda.server", 3, "install", "-d", "panda.s");
    expect(6, "iam,panda.jedi", 3, "install", "-qd", "iam,panda.j");
    expect(6, "", 3, "install", "-d", "nosuch.");
    expect(4, "belle lsst sphenix", 3, "template", "-e", "");
    expect(4, "belle lsst sphenix", 3, "diff", "-e", "");
    expect(6, "broken iam panda", 3, "apply", "-c", "");
    expect(4, "lsst", 2, "template", "--experiment=l");
    expect(4, "lsst", 2, "template", "-e=l");
    expect(4, "-elsst", 2, "template", "-el");
    expect(4, "lsst", 4, "secrets", "install", "-e", "l");
    expect(16, "", 3, "install", "-C", "");
    expect(4, "", 2, "install", "--ena");      /* flag names: helm's completion.yaml */
    expect(4, "", 3, "install", "-a", "");     /* a value we cannot know */
    expect(4, "", 2, "install", "");           /* no positionals */
    expect(0, "", 3, "secrets", "decrypt", ""); /* FILE: the shell completes files */
    expect(0, "", 4, "secrets", "install", "-f", "");
    expect(0, "", 4, "secrets", "decrypt", "--identity", "");
    expect(0, "", 4, "secrets", "keygen", "-o", "");
    expect(16, "", 3, "gitops", "-o", "");
    expect(4, "json text", 3, "status", "-o", "");
    expect(4, "json text", 3, "diff", "-o", "");
    expect(4, "json", 3, "apply", "--output", "j");
    expect(4, "json", 2, "install", "--output=j");
    expect(4, "manual", 3, "gitops", "--sync", "m");
    expect(4, "lsst", 4, "secrets", "diff", "--experiment", "l");
    expect(4, "", 4, "secrets", "diff", "--environment", "l"); /* no such flag */
    expect(0, "", 4, "install", "--", "-c", ""); /* after --: helm's arguments */
    expect(4, "", 0);
    expect(4, "", 1, "install");
    /* -C among the words wins over PANDA_K8S_DIR */
    expect(6, "", 5, "install", "-C", "/nonexistent", "-c", "");
    char *eq = hp_xasprintf("--root=%s", root);
    setenv("PANDA_K8S_DIR", "/nonexistent", 1);
    expect(6, "iam", 4, "install", eq, "-c", "i");
    free(eq);
    unsetenv("PANDA_K8S_DIR");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_tree_scan),
        cmocka_unit_test(test_find_root),
        cmocka_unit_test(test_values),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
