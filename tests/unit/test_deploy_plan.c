/* The deployment plan: bin/install's naming and flags, the catalogue, order, helm dialects. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deploy/config/components.h"
#include "deploy/run/helmver.h"
#include "deploy/plan/plan.h"
#include "deploy/ops/list.h"
#include "deploy/ops/status.h"

#define TREE "testdata/deploy"

static void test_instance_names(void **state)
{
    (void)state;
    char *a = deploy_instance_name("test-", "panda"), *b = deploy_instance_name("-dev", "panda"),
         *c = deploy_instance_name("", "idds");
    assert_string_equal(a, "test-panda");
    assert_string_equal(b, "panda-dev");
    assert_string_equal(c, "idds");
    free(a);
    free(b);
    free(c);
}

static const char *argv_str(struct deploy_release *r)
{
    static char buf[4096];
    buf[0] = '\0';
    for (size_t i = 1; i < r->argv.n; i++) {
        strcat(buf, i > 1 ? " " : "");
        strcat(buf, r->argv.v[i]);
    }
    return buf;
}

static struct deploy_release *find(struct deploy_plan *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->releases[i].name, name) == 0)
            return &p->releases[i];
    fail_msg("no release %s", name);
    return NULL;
}

static void test_default_plan(void **state)
{
    (void)state;
    struct deploy_options o = {.root = TREE, .experiment = "lsst"};
    struct deploy_plan p;
    struct hp_error e = {0};
    assert_int_equal(deploy_plan_build(&p, &o, &e), 0);
    assert_int_equal(p.n, 6);
    assert_int_equal(p.n_stages, 3);
    const char *order[] = {"test-msgsvc", "test-iam", "test-panda", "test-harvester", "test-idds", "test-bigmon"};
    const int depth[] = {0, 0, 1, 2, 2, 2};
    for (size_t i = 0; i < 6; i++) {
        assert_string_equal(p.releases[i].name, order[i]);
        assert_int_equal(p.releases[i].depth, depth[i]);
    }
    struct deploy_release *panda = find(&p, "test-panda");
    assert_int_equal(panda->n_needs, 2);
    assert_int_equal(panda->values.n, 2);
    assert_true(hp_str_has_suffix(panda->values.v[1], "/helm/panda/values/values-lsst.yaml"));
    assert_int_equal(find(&p, "test-harvester")->values.n, 1); /* no values-lsst.yaml there */
    assert_string_equal(panda->sets.v[0], "global.deploymentName=test-panda");
    assert_string_equal(p.affix, "test-");
    deploy_plan_free(&p);
}

static void test_disable_and_dialects(void **state)
{
    (void)state;
    struct deploy_options o = {.root = TREE, .affix = "-x"};
    hp_strlist_split_append(&o.disable, "iam,panda.jedi,harvester.mariadb");
    hp_strlist_push(&o.sets, "a=b");
    struct deploy_plan p;
    struct hp_error e = {0};
    assert_int_equal(deploy_plan_build(&p, &o, &e), 0);
    assert_int_equal(p.n, 5);
    assert_true(hp_strlist_contains(&p.external, "iam"));
    struct deploy_release *panda = find(&p, "panda-x");
    assert_int_equal(panda->n_needs, 1); /* iam is provided elsewhere */
    struct hp_strlist pass = {0};
    hp_strlist_push(&pass, "--create-namespace");
    struct deploy_helm_args h = {.helm = "helm", .helm_major = 3, .action = DEPLOY_INSTALL, .wait = true,
                                 .timeout = "5m", .atomic = true, .namespace_ = "ns", .passthrough = &pass};
    deploy_plan_argv(&p, &h);
    char want[1024];
    snprintf(want, sizeof want,
             "upgrade --install panda-x %s/helm/panda -f %s/helm/panda/values.yaml --set global.deploymentName=panda-x "
             "--set jedi.enabled=false --set a=b --namespace ns --wait --timeout 5m --atomic --create-namespace",
             p.root, p.root);
    assert_string_equal(argv_str(panda), want);
    h.helm_major = 4;
    deploy_plan_argv(&p, &h);
    assert_non_null(strstr(argv_str(panda), " --wait=watcher --timeout 5m --rollback-on-failure "));
    assert_null(strstr(argv_str(panda), "--atomic"));
    assert_non_null(strstr(argv_str(find(&p, "harvester-x")), "--set mariadb.enabled=false"));
    h.action = DEPLOY_TEMPLATE;
    deploy_plan_argv(&p, &h);
    assert_true(hp_str_has_prefix(argv_str(panda), "template panda-x "));
    assert_non_null(strstr(argv_str(panda), " --debug --create-namespace"));
    assert_null(strstr(argv_str(panda), "--wait"));
    h.action = DEPLOY_UNINSTALL;
    h.wait = false;
    deploy_plan_argv(&p, &h);
    assert_string_equal(argv_str(panda), "uninstall panda-x --namespace ns --ignore-not-found --timeout 5m --create-namespace");
    hp_strlist_free(&pass);
    hp_strlist_free(&o.disable);
    hp_strlist_free(&o.sets);
    deploy_plan_free(&p);
}

static void expect_build_error(struct deploy_options *o, int kind, const char *needle)
{
    struct deploy_plan p;
    struct hp_error e = {0};
    assert_int_equal(deploy_plan_build(&p, o, &e), -1);
    assert_int_equal(e.kind, kind);
    if (!strstr(e.msg, needle))
        fail_msg("message '%s' lacks '%s'", e.msg, needle);
}

static void test_plan_errors(void **state)
{
    (void)state;
    struct deploy_options o = {.root = TREE};
    hp_strlist_push(&o.enable, "pandaa");
    expect_build_error(&o, DEPLOY_ERR_COMPONENT, "unknown component 'pandaa'");
    hp_strlist_free(&o.enable);
    hp_strlist_push(&o.disable, "panda.nosub");
    expect_build_error(&o, DEPLOY_ERR_COMPONENT, "panda has no sub-component 'nosub' (known: server, jedi, postgres)");
    hp_strlist_free(&o.disable);
    hp_strlist_push(&o.disable, "panda.");
    expect_build_error(&o, DEPLOY_ERR_COMPONENT, "expected COMPONENT or COMPONENT.SUB");
    hp_strlist_free(&o.disable);
    o.root = "/";
    expect_build_error(&o, DEPLOY_ERR_ROOT, "no deployment root");
}

/* helm's release-name rule, case by case as helm 3.17.2 and 4.1.4 answered `helm template NAME` */
static void test_release_name_rule(void **state)
{
    (void)state;
    static const char *const good[] = {"a", "1", "test-panda", "a.b-c", "panda-dev", "a-b.c-d.e",
                                       "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" /* 53 */};
    static const char *const bad[] = {"", "panda-FIXME", "x-", "-x", "a_b", "a..b", "a.b.", ".a", "a.-b", "A",
                                      "pandä", "a b",
                                      "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa" /* 54 */};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++)
        if (!deploy_release_name_valid(good[i]))
            fail_msg("'%s' is a valid release name for helm", good[i]);
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (deploy_release_name_valid(bad[i]))
            fail_msg("'%s' is refused by helm", bad[i]);
}

/* the affix of the real panda-k8s secrets/values.yaml: one error naming the release, the affix
 * and where it came from, while planning */
static void test_bad_affix(void **state)
{
    (void)state;
    struct deploy_options o = {.root = TREE, .affix = "-FIXME"};
    expect_build_error(&o, DEPLOY_ERR_NAME,
                       "release name 'msgsvc-FIXME' (component msgsvc, affix '-FIXME' from -a) is not a valid helm "
                       "release name");
    o.affix = "a-very-long-affix-that-makes-every-release-name-too-long-";
    expect_build_error(&o, DEPLOY_ERR_NAME, "at most 53 characters");
    o.affix = "Dev-";
    expect_build_error(&o, DEPLOY_ERR_NAME, "release name 'Dev-msgsvc'");
}

static void test_catalogue_file(void **state)
{
    (void)state;
    struct deploy_catalogue c = {0};
    struct hp_error e = {0};
    const char *good = "components:\n  iam-db: {}\n  iam: {needs: [iam-db]}\n  ui: {needs: [panda], default: false}\n";
    assert_int_equal(deploy_catalogue_apply_file(&c, "f", (const unsigned char *)"components: {}\n", 14, &e), 0);
    deploy_catalogue_free(&c);
    /* the defaults come from deploy_catalogue_load; here start from a bare catalogue */
    const char *base = "components:\n  panda: {}\n  iam: {}\n";
    assert_int_equal(deploy_catalogue_apply_file(&c, "f", (const unsigned char *)base, strlen(base), &e), 0);
    assert_int_equal(deploy_catalogue_apply_file(&c, "f", (const unsigned char *)good, strlen(good), &e), 0);
    struct deploy_component *iam = deploy_catalogue_find(&c, "iam"), *ui = deploy_catalogue_find(&c, "ui");
    assert_int_equal(iam->needs.n, 1);
    assert_string_equal(iam->needs.v[0], "iam-db");
    assert_false(ui->by_default);
    assert_string_equal(ui->chart, "helm/ui");
    struct {
        const char *text, *needle;
    } bad[] = {
        {"components:\n  x: {needs: y}\n", "components.x.needs must be a list"},
        {"components:\n  x: {neds: [y]}\n", "unknown key 'neds'"},
        {"components:\n  x: {needs: [nosuch]}\n", "needs unknown component 'nosuch'"},
        {"components:\n  X_Y: {}\n", "must be lower-case"},
        {"components:\n  x: {chart: ../../etc}\n", "inside the root"},
        {"components: [a, b]\n", "'components' must be a mapping"},
        {"components:\n  x: {default: maybe}\n", "default must be true or false"},
        {"components: {\n", "f: line "},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        assert_int_equal(deploy_catalogue_apply_file(&c, "f", (const unsigned char *)bad[i].text, strlen(bad[i].text), &e), -1);
        if (!strstr(e.msg, bad[i].needle))
            fail_msg("case %zu: '%s' lacks '%s'", i, e.msg, bad[i].needle);
    }
    deploy_catalogue_free(&c);
}

static void test_subcomponents(void **state)
{
    (void)state;
    const char *chart = "apiVersion: v2\nname: x\ndependencies:\n  - name: postgresql\n    alias: db\n  - name: rest\n";
    struct hp_strlist subs = {0};
    struct hp_error e = {0};
    assert_int_equal(deploy_chart_subcomponents("Chart.yaml", (const unsigned char *)chart, strlen(chart), &subs, &e), 0);
    assert_int_equal(subs.n, 2);
    assert_string_equal(subs.v[0], "db");
    assert_string_equal(subs.v[1], "rest");
    hp_strlist_free(&subs);
}

static void test_helm_versions(void **state)
{
    (void)state;
    assert_int_equal(deploy_helm_parse_major("v3.17.2"), 3);
    assert_int_equal(deploy_helm_parse_major("v4.1.4\n"), 4);
    assert_int_equal(deploy_helm_parse_major("garbage"), -1);
    assert_int_equal(deploy_helm_parse_major(""), -1);
}

/* helm status -o json as real helm prints it (no chart: helm 3's and 4's status action drop it),
 * then the chart and app version from real helm list JSON (catches: the chart left "-" with real
 * helm, i.e. read from status only; a release's row given another release's chart). */
static void test_status_parse(void **state)
{
    (void)state;
    const char *j = "{\"name\":\"test-panda\",\"info\":{\"first_deployed\":\"t0\",\"last_deployed\":\"t\","
                    "\"deleted\":\"\",\"description\":\"Upgrade complete\",\"status\":\"deployed\"},"
                    "\"config\":{},\"manifest\":\"---\\n\",\"version\":7,\"namespace\":\"ns\"}";
    struct deploy_status st;
    struct hp_error e = {0};
    assert_int_equal(deploy_status_parse(j, strlen(j), &st, &e), 0);
    assert_string_equal(st.status, "deployed");
    assert_int_equal(st.revision, 7);
    assert_null(st.chart);
    const char *list = "[{\"name\":\"test-iam\",\"namespace\":\"ns\",\"revision\":\"2\",\"updated\":\"2026-12-02 "
                       "00:12:01.5 +0000 UTC\",\"status\":\"deployed\",\"chart\":\"iam-0.2.0\",\"app_version\":\"\"},"
                       "{\"name\":\"test-panda\",\"namespace\":\"ns\",\"revision\":\"7\",\"updated\":\"2026-12-02 "
                       "00:12:01.5 +0000 UTC\",\"status\":\"deployed\",\"chart\":\"panda-0.1.0\",\"app_version\":\"1.0.0\"}]";
    const char *names[] = {"test-panda", "test-iam", "test-bigmon"};
    struct deploy_listed l[3];
    assert_int_equal(deploy_list_parse(list, strlen(list), names, 3, l), 0);
    assert_true(l[0].found && l[1].found && !l[2].found);
    deploy_status_add_listed(&st, &l[0]);
    assert_string_equal(st.chart, "panda-0.1.0");
    assert_string_equal(st.app_version, "1.0.0");
    assert_string_equal(l[1].chart, "iam-0.2.0");
    assert_null(l[1].app_version); /* empty: none */
    assert_string_equal(l[0].status, "deployed"); /* the last revision's state (apply: is an upgrade owed?) */
    assert_true(deploy_listed_installed(&l[0]));
    assert_false(deploy_listed_installed(&l[2]));
    deploy_status_free(&st);
    assert_int_equal(deploy_status_parse(j, strlen(j), &st, &e), 0);
    deploy_status_add_listed(&st, &l[2]); /* not listed: nothing */
    deploy_status_add_listed(&st, NULL);  /* helm list did not answer */
    assert_null(st.chart);
    deploy_status_free(&st);
    for (size_t i = 0; i < 3; i++) {
        free(l[i].chart);
        free(l[i].app_version);
        free(l[i].status);
    }
    assert_int_equal(deploy_list_parse("{}", 2, names, 3, l), -1);
    assert_int_equal(deploy_status_parse("[1]", 3, &st, &e), -1);
    struct runner_job job = {.state = RUNNER_FAILED, .exit_code = 1};
    hp_buf_append_str(&job.err, "Error: release: not found\n");
    deploy_status_from_job(&job, &st);
    assert_string_equal(st.status, "not installed");
    deploy_status_free(&st);
    hp_buf_free(&job.err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_instance_names), cmocka_unit_test(test_default_plan),
        cmocka_unit_test(test_disable_and_dialects), cmocka_unit_test(test_plan_errors),
        cmocka_unit_test(test_catalogue_file), cmocka_unit_test(test_subcomponents),
        cmocka_unit_test(test_helm_versions), cmocka_unit_test(test_status_parse),
        cmocka_unit_test(test_release_name_rule), cmocka_unit_test(test_bad_affix),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
