/* Releases left pending by an interrupted helm (deploy/ops/pending.h): which states are stuck, how
 * helm's refusal is recognised, which helm call unlocks each one, and the status query against a
 * stand-in helm. */
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

#include "deploy/ops/pending.h"
#include "deploy/plan/plan.h"

#define TREE "testdata/deploy"

static void test_states(void **state)
{
    (void)state;
    assert_true(deploy_status_is_pending("pending-install"));
    assert_true(deploy_status_is_pending("pending-upgrade"));
    assert_true(deploy_status_is_pending("pending-rollback"));
    assert_false(deploy_status_is_pending("deployed"));
    assert_false(deploy_status_is_pending("failed"));
    assert_false(deploy_status_is_pending("not installed"));
    assert_false(deploy_status_is_pending(NULL));
}

static void test_locked_job(void **state)
{
    (void)state;
    struct runner_job j = {.state = RUNNER_FAILED};
    const char *msg = "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress\n";
    hp_buf_append(&j.err, msg, strlen(msg));
    assert_true(deploy_job_locked(&j));
    j.state = RUNNER_OK; /* only a failure counts */
    assert_false(deploy_job_locked(&j));
    hp_buf_free(&j.err);
    j.state = RUNNER_FAILED;
    msg = "Error: context deadline exceeded\n";
    hp_buf_append(&j.err, msg, strlen(msg));
    assert_false(deploy_job_locked(&j));
    hp_buf_free(&j.err);
}

static const char *joined(struct hp_strlist *a)
{
    static char buf[1024];
    buf[0] = '\0';
    for (size_t i = 1; i < a->n; i++) {
        strcat(buf, i > 1 ? " " : "");
        strcat(buf, a->v[i]);
    }
    return buf;
}

static size_t index_of(struct deploy_plan *p, const char *name)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->releases[i].name, name) == 0)
            return i;
    fail_msg("no release %s", name);
    return 0;
}

static void test_recovery_argv(void **state)
{
    (void)state;
    struct deploy_options o = {.root = TREE};
    struct deploy_plan p;
    struct hp_error e = {0};
    assert_int_equal(deploy_plan_build(&p, &o, &e), 0);
    struct hp_strlist pass = {0};
    hp_strlist_push(&pass, "--create-namespace");
    struct deploy_helm_args h = {.helm = "helm", .helm_major = 3, .action = DEPLOY_INSTALL, .wait = true,
                                 .timeout = "5m", .namespace_ = "panda", .passthrough = &pass};
    struct hp_strlist a = {0};
    struct deploy_stuck s = {index_of(&p, "test-iam"), "pending-install", NULL, 0};
    deploy_pending_recovery_argv(&p, &s, &h, &a);
    assert_string_equal(a.v[0], "helm");
    /* nothing to roll back to: uninstall; the install's extra helm flags stay out */
    assert_string_equal(joined(&a), "uninstall test-iam --namespace panda --ignore-not-found --wait --timeout 5m");
    s = (struct deploy_stuck){index_of(&p, "test-panda"), "pending-upgrade", NULL, 0};
    deploy_pending_recovery_argv(&p, &s, &h, &a);
    assert_string_equal(joined(&a), "rollback test-panda --namespace panda --wait --timeout 5m");
    h.helm_major = 4;
    s.status = "pending-rollback";
    deploy_pending_recovery_argv(&p, &s, &h, &a);
    assert_string_equal(joined(&a), "rollback test-panda --namespace panda --wait=watcher --timeout 5m");

    struct deploy_stuck two[] = {{index_of(&p, "test-iam"), "pending-install", NULL, 0},
                                 {index_of(&p, "test-panda"), "pending-upgrade", NULL, 0}};
    char *names = deploy_pending_names(&p, two, 2);
    assert_string_equal(names, "test-iam (pending-install), test-panda (pending-upgrade)");
    free(names);
    hp_strlist_free(&a);
    hp_strlist_free(&pass);
    deploy_plan_free(&p);
}

/* deploy_pending_find asks `helm status NAME --namespace ns --output json` of every release: a
 * stand-in helm answers per release (and fails the call if the install's extra flags reach it). */
static void test_find(void **state)
{
    (void)state;
    char dir[] = "/tmp/hp-pending.XXXXXX";
    assert_non_null(mkdtemp(dir));
    char helm[256];
    snprintf(helm, sizeof helm, "%s/helm", dir);
    FILE *f = fopen(helm, "w");
    assert_non_null(f);
    fputs("#!/bin/sh\n"
          "[ \"$1 $3 $4 $5 $6 $7\" = 'status --namespace panda --output json ' ] || { echo \"Error: bad argv: $*\" >&2; exit 1; }\n"
          "case $2 in\n"
          "test-iam) echo '{\"info\":{\"status\":\"pending-install\"},\"version\":1}' ;;\n"
          "test-panda) echo '{\"info\":{\"status\":\"pending-upgrade\"},\"version\":2}' ;;\n"
          "test-idds) echo 'Error: release: not found' >&2; exit 1 ;;\n"
          "test-bigmon) echo 'Error: Kubernetes cluster unreachable' >&2; exit 1 ;;\n"
          "*) echo '{\"info\":{\"status\":\"deployed\"},\"version\":3}' ;;\n"
          "esac\n",
          f);
    fclose(f);
    chmod(helm, 0755);

    struct deploy_options o = {.root = TREE};
    struct deploy_plan p;
    struct hp_error e = {0};
    assert_int_equal(deploy_plan_build(&p, &o, &e), 0);
    struct hp_strlist pass = {0};
    hp_strlist_push(&pass, "--create-namespace");
    struct deploy_helm_args h = {.helm = helm, .helm_major = 3, .action = DEPLOY_INSTALL, .wait = true,
                                 .namespace_ = "panda", .passthrough = &pass};
    struct deploy_stuck *s;
    size_t n;
    /* the failed calls (not installed, unreachable) make the run "some failed", not an error */
    assert_int_equal(deploy_pending_find(&p, &h, 2, &s, &n, &e), RUNNER_SOME_FAILED);
    assert_int_equal(n, 2);
    char *names = deploy_pending_names(&p, s, n);
    assert_string_equal(names, "test-iam (pending-install), test-panda (pending-upgrade)"); /* plan order */
    free(names);
    deploy_stuck_free(s, n);

    unlink(helm);
    rmdir(dir);
    hp_strlist_free(&pass);
    deploy_plan_free(&p);
}

/* helm's --timeout (a Go duration) and its RFC 3339 times, as --recover-pending reads them */
static void test_durations_and_times(void **state)
{
    (void)state;
    double d;
    assert_int_equal(deploy_duration_seconds("10m", &d), 0);
    assert_true(d == 600);
    assert_int_equal(deploy_duration_seconds("1h30m", &d), 0);
    assert_true(d == 5400);
    assert_int_equal(deploy_duration_seconds("1.5h", &d), 0);
    assert_true(d == 5400);
    assert_int_equal(deploy_duration_seconds("5m0s", &d), 0);
    assert_true(d == 300);
    assert_int_equal(deploy_duration_seconds("300ms", &d), 0);
    assert_true(d > 0.299 && d < 0.301);
    assert_int_equal(deploy_duration_seconds("0", &d), 0);
    assert_true(d == 0);
    assert_int_equal(deploy_duration_seconds("10", &d), -1); /* no unit */
    assert_int_equal(deploy_duration_seconds("10x", &d), -1);
    assert_int_equal(deploy_duration_seconds("", &d), -1);
    assert_int_equal(deploy_duration_seconds("m", &d), -1);

    double t;
    assert_int_equal(deploy_time_parse("1970-01-01T00:01:40Z", &t), 0);
    assert_true(t == 100);
    assert_int_equal(deploy_time_parse("2026-12-07T00:12:37.5Z", &t), 0);
    assert_true(t == 1796602357.5);
    assert_int_equal(deploy_time_parse("2026-12-07T01:12:37.5+01:00", &t), 0); /* the same instant */
    assert_true(t == 1796602357.5);
    assert_int_equal(deploy_time_parse("2026-12-06T23:12:37.5-01:00", &t), 0);
    assert_true(t == 1796602357.5);
    assert_int_equal(deploy_time_parse("2026-12-07 00:12:37 +0000 UTC", &t), -1);
    assert_int_equal(deploy_time_parse("2026-12-07T00:12:37", &t), -1); /* no zone */
    assert_int_equal(deploy_time_parse(NULL, &t), -1);

    /* recent: younger than the window, or of unknown age */
    struct deploy_stuck s[] = {{0, "pending-upgrade", "1970-01-01T00:01:40Z", 2},
                               {1, "pending-install", "1970-01-01T00:00:00Z", 1},
                               {2, "pending-rollback", NULL, 3}};
    size_t idx[3];
    assert_int_equal(deploy_pending_recent(s, 3, 1000, 901, idx), 2); /* 900 s old: within 901 */
    assert_int_equal(idx[0], 0);
    assert_int_equal(idx[1], 2);
    assert_int_equal(deploy_pending_recent(s, 3, 1000, 900, idx), 1); /* exactly the window: not recent */
    assert_int_equal(idx[0], 2);
    assert_int_equal(deploy_pending_recent(s, 3, 1000, 1001, idx), 3);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_states),
        cmocka_unit_test(test_locked_job),
        cmocka_unit_test(test_recovery_argv),
        cmocka_unit_test(test_find),
        cmocka_unit_test(test_durations_and_times),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
