/* helm panda diff/apply: helm-diff's output read into counts and statuses, the diff argv, and
 * apply's choice of releases (plain, --cascade) with the needs among them. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deploy/ops/diff.h"
#include "deploy/plan/plan.h"

#define TREE "testdata/deploy"

static struct deploy_diff_counts parse(const char *s)
{
    struct deploy_diff_counts c;
    deploy_diff_parse(s, strlen(s), &c);
    return c;
}

/* s parsed: ADDED, CHANGED and REMOVED resources. */
static struct deploy_diff_counts expect_counts(const char *s, int added, int changed, int removed)
{
    struct deploy_diff_counts c = parse(s);
    assert_int_equal(c.added, added);
    assert_int_equal(c.changed, changed);
    assert_int_equal(c.removed, removed);
    return c;
}

/* s parsed: the release's status is WANT. */
static void expect_status(const char *s, enum deploy_diff_status want)
{
    struct deploy_diff_counts c = parse(s);
    assert_int_equal(deploy_diff_status_of(&c), want);
}

static void test_parse_default_output(void **state)
{
    (void)state;
    /* helm-diff 3.13's default output, a release that exists */
    const char *out = "default, test-panda, ConfigMap (v1) has changed:\n"
                      "  # Source: panda/templates/cm.yaml\n"
                      "- replicas: 1\n"
                      "+ replicas: 2\n"
                      "default, test-panda-server, Deployment (apps) has been added:\n"
                      "- \n"
                      "+ kind: Deployment\n"
                      "default, test-panda-old, Service (v1) has been removed:\n"
                      "- kind: Service\n"
                      "+ \n"
                      "default, test-panda-db, Secret (v1) has changed:\n"
                      "- password: '-------- # (8 bytes)'\n"
                      "+ password: '++++++++ # (9 bytes)'\n"
                      "default, test-panda-x, StatefulSet (apps) changed ownership:\n"
                      "default, test-panda-y, Job (batch) has changed, but diff is empty after suppression.\n";
    struct deploy_diff_counts c = expect_counts(out, 1, 4, 1);
    assert_false(c.new_release);
    assert_int_equal(deploy_diff_status_of(&c), DEPLOY_DIFF_CHANGED);
}

static void test_parse_new_and_unchanged(void **state)
{
    (void)state;
    const char *out = "********************\n\n\tRelease was not present in Helm.  Diff will show entire contents as "
                      "new.\n\n********************\n"
                      "default, test-iam, ConfigMap (v1) has been added:\n- \n+ kind: ConfigMap\n";
    struct deploy_diff_counts c = expect_counts(out, 1, 0, 0);
    assert_true(c.new_release);
    expect_status(out, DEPLOY_DIFF_NEW);
    /* an empty answer is "no change"; so is any text without a resource header */
    expect_status("", DEPLOY_DIFF_UNCHANGED);
    expect_status("Comparing release=test-iam\n\n", DEPLOY_DIFF_UNCHANGED);
    /* a new release whose chart renders nothing is still new (apply installs it) */
    expect_status("\tRelease was not present in Helm.  Diff will show entire contents as new.\n", DEPLOY_DIFF_NEW);
}

/* The "not present" banner counts only as its own line: quoted in a diff body (an added or
 * context line, a ConfigMap holding helm-diff's output) it made an installed release "new". */
static void test_banner_in_body_is_not_new(void **state)
{
    (void)state;
    const char *out = "default, test-iam, ConfigMap (v1) has changed:\n"
                      "+   \tRelease was not present in Helm.  Diff will show entire contents as new.\n"
                      "  Release was not present in Helm.  Diff will show entire contents as new.\n"
                      "- note: Release was not present in Helm.  Diff will show entire contents as new.\n"
                      "\tRelease was not present in Helm.  Diff will show entire contents as new. (quoted)\n";
    struct deploy_diff_counts c = expect_counts(out, 0, 1, 0);
    assert_false(c.new_release);
    expect_status(out, DEPLOY_DIFF_CHANGED);
    /* coloured, it is still the banner */
    c = parse("\033[33m\tRelease was not present in Helm.  Diff will show entire contents as new.\033[0m\n");
    assert_true(c.new_release);
}

/* Every helm-diff argv names the output format our parser reads and the colour: HELM_DIFF_OUTPUT
 * and HELM_DIFF_COLOR can then change nothing (helm-diff reads them only for a flag not given). */
static void test_flags_name_format_and_colour(void **state)
{
    (void)state;
    struct hp_strlist a = {0};
    struct deploy_diff_flags f = {.context = -1};
    deploy_diff_flags_argv(&a, &f);
    assert_int_equal(a.n, 3);
    assert_string_equal(a.v[0], "--output");
    assert_string_equal(a.v[1], "diff");
    assert_string_equal(a.v[2], "--no-color");
    hp_strlist_free(&a);
    f.colour = true;
    deploy_diff_flags_argv(&a, &f);
    assert_string_equal(a.v[2], "--color");
    hp_strlist_free(&a);
}

static void test_parse_body_is_not_a_header(void **state)
{
    (void)state;
    /* a values line that ends like a header is part of the body: it starts with "+ ", "- " or "  " */
    const char *out = "default, test-iam, ConfigMap (v1) has changed:\n"
                      "+ note: this has been added:\n"
                      "- note: this has been removed:\n"
                      "  why: it has changed:\n"
                      "+\n"
                      "-\n";
    struct deploy_diff_counts c = expect_counts(out, 0, 1, 0);
    /* a header alone on a line without a key is not one (" has changed:" needs a resource before it) */
    c = parse(" has changed:\n");
    assert_int_equal(c.changed, 0);
}

static void test_parse_colour_crlf_simple(void **state)
{
    (void)state;
    /* helm-diff --color: each header wrapped in ANSI codes; CRLF line ends; no final newline */
    const char *out = "\033[33mdefault, a, ConfigMap (v1) has changed:\033[0m\r\n"
                      "\033[31m- x: 1\033[0m\r\n"
                      "\033[32m+ x: 2\033[0m\r\n"
                      "\033[32mdefault, b, Secret (v1) has been added:\033[0m";
    struct deploy_diff_counts c = expect_counts(out, 1, 1, 0);
    /* --output simple, should it reach helm-diff anyway */
    expect_counts("default, a, ConfigMap (v1) to be changed.\ndefault, b, Secret (v1) to be removed.\n"
                  "default, c, Service (v1) to be added.\nPlan: 1 to add, 1 to change, 1 to destroy, 0 to change ownership.\n",
                  1, 1, 1);
    /* NUL bytes and a lone ESC do not stop or confuse the reader */
    const char raw[] = "x\0y\n\033default, a, Pod (v1) has been removed:\n\033[";
    deploy_diff_parse(raw, sizeof raw - 1, &c);
    assert_int_equal(c.removed, 1);
}

static void test_status_names(void **state)
{
    (void)state;
    assert_string_equal(deploy_diff_status_name(DEPLOY_DIFF_NEW), "new");
    assert_string_equal(deploy_diff_status_name(DEPLOY_DIFF_CHANGED), "changed");
    assert_string_equal(deploy_diff_status_name(DEPLOY_DIFF_UNCHANGED), "unchanged");
    assert_string_equal(deploy_diff_status_name(DEPLOY_DIFF_FAILED), "failed");
    struct runner_job j = {0};
    struct deploy_diff_result d;
    j.state = RUNNER_FAILED;
    hp_buf_append_str(&j.out, "default, a, Pod (v1) has been added:\n");
    deploy_diff_from_job(&j, -1, &d);
    assert_int_equal(d.status, DEPLOY_DIFF_FAILED); /* a failed helm-diff's output is not trusted */
    j.state = RUNNER_OK;
    deploy_diff_from_job(&j, -1, &d);
    assert_int_equal(d.status, DEPLOY_DIFF_CHANGED);
    deploy_diff_from_job(&j, 1, &d);
    assert_int_equal(d.status, DEPLOY_DIFF_CHANGED);
    deploy_diff_from_job(&j, 0, &d); /* helm has no such release: new, banner or not */
    assert_int_equal(d.status, DEPLOY_DIFF_NEW);
    assert_int_equal(d.counts.added, 1);
    struct hp_buf h = {0};
    deploy_diff_header(&h, "test-a", "a", &j, -1);
    assert_string_equal(hp_buf_cstr(&h), "=== test-a (a): changed, 1 added, 0 changed, 0 removed\n");
    hp_buf_free(&h);
    deploy_diff_header(&h, "test-a", "a", &j, 0);
    assert_string_equal(hp_buf_cstr(&h), "=== test-a (a): new, 1 added, 0 changed, 0 removed\n");
    hp_buf_free(&h);
    /* a release whose last revision is not deployed is owed an upgrade, whatever helm-diff says */
    struct runner_job quiet = {.state = RUNNER_OK};
    deploy_diff_from_job(&quiet, 1, &d);
    assert_int_equal(d.status, DEPLOY_DIFF_UNCHANGED);
    deploy_diff_mark_owed(&d, "deployed");
    assert_int_equal(d.status, DEPLOY_DIFF_UNCHANGED);
    assert_string_equal(d.owed, "");
    deploy_diff_mark_owed(&d, NULL); /* helm list did not answer */
    assert_int_equal(d.status, DEPLOY_DIFF_UNCHANGED);
    deploy_diff_mark_owed(&d, "failed");
    assert_int_equal(d.status, DEPLOY_DIFF_CHANGED);
    assert_string_equal(d.owed, "failed");
    deploy_diff_from_job(&quiet, 0, &d); /* new stays new */
    deploy_diff_mark_owed(&d, "uninstalled");
    assert_int_equal(d.status, DEPLOY_DIFF_NEW);
    assert_string_equal(d.owed, "");
    deploy_diff_header_owed(&h, "test-a", "a", &quiet, 1, "pending-upgrade");
    assert_string_equal(hp_buf_cstr(&h),
                        "=== test-a (a): changed, 0 added, 0 changed, 0 removed; last revision pending-upgrade, not "
                        "deployed: upgrade owed\n");
    hp_buf_free(&h);
    /* helm list's JSON */
    const char *names[] = {"test-a", "test-b", "test.c"};
    bool found[3] = {false, false, false};
    const char *list = "[{\"name\":\"test-b\",\"revision\":\"1\"},{\"name\":\"other\"},{\"name\":7},{}]";
    assert_int_equal(deploy_diff_parse_list(list, strlen(list), names, 3, found), 0);
    assert_false(found[0]);
    assert_true(found[1]);
    assert_false(found[2]);
    assert_int_equal(deploy_diff_parse_list("{}", 2, names, 3, found), -1);
    assert_int_equal(deploy_diff_parse_list("", 0, names, 3, found), -1);
    hp_buf_free(&j.out);
}

static void test_disable_validation_rule(void **state)
{
    (void)state;
    assert_true(deploy_diff_needs_disable_validation(4, "3.13.2"));
    assert_true(deploy_diff_needs_disable_validation(4, "v3.9.0"));
    assert_false(deploy_diff_needs_disable_validation(4, "3.14.1")); /* knows helm 4 */
    assert_false(deploy_diff_needs_disable_validation(4, "v3.15.0"));
    assert_false(deploy_diff_needs_disable_validation(3, "3.13.2")); /* helm 3 takes --validate */
    assert_false(deploy_diff_needs_disable_validation(4, "dev"));    /* unreadable: left alone */
    assert_false(deploy_diff_needs_disable_validation(4, "0.0.1"));  /* not helm-diff 3.x */
    assert_false(deploy_diff_needs_disable_validation(4, NULL));
    struct hp_strlist a = {0};
    struct deploy_diff_flags f = {.context = -1, .disable_validation = true};
    deploy_diff_flags_argv(&a, &f);
    assert_int_equal(a.n, 4); /* --output diff --no-color --disable-validation */
    assert_string_equal(a.v[3], "--disable-validation");
    hp_strlist_free(&a);
}

static void test_diff_argv(void **state)
{
    (void)state;
    struct deploy_options o = {.root = TREE};
    struct deploy_plan p;
    struct hp_error e = {0};
    assert_int_equal(deploy_plan_build(&p, &o, &e), 0);
    struct deploy_diff_flags f = {.show_secrets = true, .context = 3, .three_way_merge = true};
    struct deploy_helm_args h = {.helm = "helm", .action = DEPLOY_DIFF, .namespace_ = "ns", .diff = &f};
    deploy_plan_argv(&p, &h);
    struct deploy_release *r = &p.releases[2];
    assert_string_equal(r->name, "test-panda");
    char got[2048] = "", want[2048];
    for (size_t i = 1; i < r->argv.n; i++) {
        strcat(got, i > 1 ? " " : "");
        strcat(got, r->argv.v[i]);
    }
    snprintf(want, sizeof want,
             "diff upgrade --allow-unreleased --reset-values test-panda %s/helm/panda -f %s/helm/panda/values.yaml --set "
             "global.deploymentName=test-panda --namespace ns --output diff --show-secrets --three-way-merge --context 3 "
             "--no-color",
             p.root, p.root);
    assert_string_equal(got, want);
    deploy_plan_free(&p);
}

/* The default plan: msgsvc(0) iam(1) -> panda(2) -> harvester(3) idds(4) bigmon(5). */
static void build_default(struct deploy_plan *p)
{
    struct deploy_options o = {.root = TREE};
    struct hp_error e = {0};
    assert_int_equal(deploy_plan_build(p, &o, &e), 0);
    assert_int_equal(p->n, 6);
}

static void test_apply_select(void **state)
{
    (void)state;
    struct deploy_plan p;
    build_default(&p);
    enum deploy_diff_status st[6] = {DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_CHANGED, DEPLOY_DIFF_UNCHANGED,
                                     DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_NEW, DEPLOY_DIFF_UNCHANGED};
    bool up[6];
    deploy_apply_select(&p, st, false, up);
    const bool plain[6] = {false, true, false, false, true, false};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(up[i], plain[i]);
    /* --cascade: iam changed -> panda -> harvester, idds, bigmon; msgsvc stays */
    deploy_apply_select(&p, st, true, up);
    const bool cascade[6] = {false, true, true, true, true, true};
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(up[i], cascade[i]);
    /* a change at the bottom cascades nowhere */
    enum deploy_diff_status leaf[6] = {DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_UNCHANGED,
                                       DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_CHANGED};
    deploy_apply_select(&p, leaf, true, up);
    for (size_t i = 0; i < 6; i++)
        assert_int_equal(up[i], i == 5);
    /* a failed diff is never upgraded */
    enum deploy_diff_status failed[6] = {DEPLOY_DIFF_FAILED, DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_UNCHANGED,
                                         DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_UNCHANGED, DEPLOY_DIFF_UNCHANGED};
    deploy_apply_select(&p, failed, true, up);
    for (size_t i = 0; i < 6; i++)
        assert_false(up[i]);
    deploy_plan_free(&p);
}

static void test_apply_needs_look_through(void **state)
{
    (void)state;
    struct deploy_plan p;
    build_default(&p);
    size_t out[6];
    /* iam and harvester change, panda in between does not: harvester still waits for iam */
    bool up[6] = {false, true, false, true, false, false};
    assert_int_equal(deploy_apply_needs(&p, up, 3, out), 1);
    assert_int_equal(out[0], 1);
    /* msgsvc and iam both change: harvester waits for both, each once */
    bool both[6] = {true, true, false, true, false, false};
    size_t n = deploy_apply_needs(&p, both, 3, out);
    assert_int_equal(n, 2);
    assert_true((out[0] == 0 && out[1] == 1) || (out[0] == 1 && out[1] == 0));
    /* panda changes too: harvester waits for panda only (panda waits for the rest) */
    bool chain[6] = {true, true, true, true, false, false};
    assert_int_equal(deploy_apply_needs(&p, chain, 3, out), 1);
    assert_int_equal(out[0], 2);
    /* nothing above changes: no needs */
    bool alone[6] = {false, false, false, true, false, false};
    assert_int_equal(deploy_apply_needs(&p, alone, 3, out), 0);
    deploy_plan_free(&p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse_default_output),   cmocka_unit_test(test_parse_new_and_unchanged),
        cmocka_unit_test(test_parse_body_is_not_a_header), cmocka_unit_test(test_banner_in_body_is_not_new),
        cmocka_unit_test(test_flags_name_format_and_colour), cmocka_unit_test(test_parse_colour_crlf_simple),
        cmocka_unit_test(test_status_names),           cmocka_unit_test(test_diff_argv),
        cmocka_unit_test(test_disable_validation_rule),
        cmocka_unit_test(test_apply_select),           cmocka_unit_test(test_apply_needs_look_through),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
