/* Where Argo CD fetches from: the root's git origin and branch through the real git command,
 * the clear errors when they are missing, and relative paths. */
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

#include "gitops/apps.h"
#include "gitops/relpath.h"
#include "hp/util.h"

static char tmp[64];

static void sh(const char *fmt, const char *arg)
{
    char *cmd = hp_xasprintf(fmt, arg, arg, arg);
    if (system(cmd) != 0)
        fail_msg("command failed: %s", cmd);
    free(cmd);
}

static int setup(void **state)
{
    (void)state;
    strcpy(tmp, "/tmp/hp-gitops-src.XXXXXX");
    assert_non_null(mkdtemp(tmp));
    /* a repository whose deployment root is a sub-folder, like a site repo holding panda-k8s */
    sh("git -C '%s' init -q -b site-a && mkdir -p '%s/deploy/helm'", tmp);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    sh("rm -rf '%s'", tmp);
    return 0;
}

static void test_no_origin_then_origin(void **state)
{
    (void)state;
    struct gitops_source src = {0};
    struct hp_error e = {0};
    char *root = hp_xasprintf("%s/deploy", tmp);
    assert_int_equal(gitops_source_resolve(root, NULL, NULL, &src, &e), -1);
    assert_int_equal(e.kind, GITOPS_ERR_SOURCE);
    char *want = hp_xasprintf("%s: the git repository has no remote 'origin': pass --repo URL", root);
    assert_string_equal(e.msg, want);
    free(want);

    /* --repo alone is enough; the branch is still read from git */
    assert_int_equal(gitops_source_resolve(root, "https://example.org/site.git", NULL, &src, &e), 0);
    assert_string_equal(src.repo_url, "https://example.org/site.git");
    assert_string_equal(src.revision, "site-a");
    char *rtmp = realpath(tmp, NULL);
    assert_string_equal(src.top, rtmp); /* the repository root, not the deployment root */
    gitops_source_free(&src);

    sh("git -C '%s' remote add origin git@example.org:panda/site.git", tmp);
    assert_int_equal(gitops_source_resolve(root, NULL, NULL, &src, &e), 0);
    assert_string_equal(src.repo_url, "git@example.org:panda/site.git");
    assert_string_equal(src.revision, "site-a");
    gitops_source_free(&src);
    assert_int_equal(gitops_source_resolve(root, NULL, "v1.2.0", &src, &e), 0);
    assert_string_equal(src.revision, "v1.2.0");
    gitops_source_free(&src);
    free(rtmp);
    free(root);
}

static void test_detached_head(void **state)
{
    (void)state;
    sh("cd '%s' && git -c user.name=t -c user.email=t@example.org commit -q --allow-empty -m one && "
       "git checkout -q --detach",
       tmp);
    struct gitops_source src = {0};
    struct hp_error e = {0};
    assert_int_equal(gitops_source_resolve(tmp, "https://example.org/site.git", NULL, &src, &e), -1);
    assert_non_null(strstr(e.msg, ": HEAD is detached (no current branch): pass --revision REV"));
    assert_int_equal(gitops_source_resolve(tmp, "https://example.org/site.git", "main", &src, &e), 0);
    gitops_source_free(&src);
}

static void test_not_a_repository(void **state)
{
    (void)state;
    char *dir = hp_xasprintf("%s.plain", tmp);
    assert_int_equal(mkdir(dir, 0755), 0);
    struct gitops_source src = {0};
    struct hp_error e = {0};
    assert_int_equal(gitops_source_resolve(dir, NULL, NULL, &src, &e), -1);
    assert_non_null(strstr(e.msg, ": not a git work tree, so no repository URL to default to: pass --repo URL"));
    assert_int_equal(gitops_source_resolve(dir, "https://example.org/x.git", NULL, &src, &e), 0);
    assert_string_equal(src.revision, "HEAD");
    gitops_source_free(&src);
    rmdir(dir);
    free(dir);
}

static void test_relpath_of(void **state)
{
    (void)state;
    static const char *const cases[][3] = {
        {"/a/b", "/a/b", "."},
        {"/a", "/a/b/c", "b/c"},
        {"/a/b", "/a", ".."},
        {"/a/b/c", "/a/x/y", "../../x/y"},
        {"/a/bc", "/a/b", "../b"}, /* a common prefix that is not a common folder */
        {"/", "/x", "x"},
        {"/x", "/y", "../y"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *r = gitops_relpath_of(cases[i][0], cases[i][1]);
        if (strcmp(r, cases[i][2]) != 0)
            fail_msg("relpath(%s, %s) = %s, wanted %s", cases[i][0], cases[i][1], r, cases[i][2]);
        free(r);
    }
    assert_true(gitops_relpath_is_outside(".."));
    assert_true(gitops_relpath_is_outside("../x"));
    assert_false(gitops_relpath_is_outside("..x"));
    assert_false(gitops_relpath_is_outside("x/.."));
}

static void test_relpath_inside_resolves_symlinks(void **state)
{
    (void)state;
    sh("mkdir -p '%s/deploy/helm/panda' && ln -s deploy '%s/link'", tmp);
    char *via_link = hp_xasprintf("%s/link/helm/panda", tmp);
    char *rel = NULL;
    struct hp_error e = {0};
    assert_int_equal(gitops_relpath_inside(tmp, via_link, &rel, &e), 0);
    assert_string_equal(rel, "deploy/helm/panda");
    free(rel);
    assert_int_equal(gitops_relpath_inside(via_link, tmp, &rel, &e), -1);
    assert_non_null(strstr(e.msg, "outside the repository"));
    free(via_link);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_no_origin_then_origin),
        cmocka_unit_test(test_detached_head),
        cmocka_unit_test(test_not_a_repository),
        cmocka_unit_test(test_relpath_of),
        cmocka_unit_test(test_relpath_inside_resolves_symlinks),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
