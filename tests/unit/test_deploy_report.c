/* The run report (src/deploy/report.c): result names, helm's error line, the text summary
 * and its JSON form, from runner jobs alone. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include <cmocka.h>

#include "deploy/report.h"
#include "hp/buf.h"

static void job(struct runner_job *j, const char *name, enum runner_state st, int code, const char *err)
{
    memset(j, 0, sizeof *j);
    j->name = name;
    j->state = st;
    j->exit_code = code;
    j->seconds = 1.5;
    if (err)
        hp_buf_append_str(&j->err, err);
}

/* Catches: the verb not used for success, an interrupted failure reported as "failed". */
static void test_result_names(void **state)
{
    (void)state;
    struct report r;
    report_init(&r, stderr, true, "deployed");
    struct runner_job j;
    job(&j, "a", RUNNER_OK, 0, NULL);
    assert_string_equal(report_result_name(&r, &j), "deployed");
    j.state = RUNNER_FAILED;
    assert_string_equal(report_result_name(&r, &j), "failed");
    j.interrupted = true;
    assert_string_equal(report_result_name(&r, &j), "interrupted");
    j.state = RUNNER_SKIPPED;
    assert_string_equal(report_result_name(&r, &j), "skipped");
    j.state = RUNNER_NOT_STARTED;
    assert_string_equal(report_result_name(&r, &j), "not started");
}

/* helm's "Error:" line wins over later lines; without one, the last non-empty line (catches:
 * the first line taken, the "Error:" preference dropped, a trailing blank line returned). */
static void test_error_line(void **state)
{
    (void)state;
    struct runner_job j;
    char buf[128];
    job(&j, "a", RUNNER_FAILED, 1, "walk.go:74: found symbolic link\nError: INSTALLATION FAILED: boom\nmore\n");
    report_error_line(&j, buf, sizeof buf);
    assert_string_equal(buf, "Error: INSTALLATION FAILED: boom");
    hp_buf_free(&j.err);
    job(&j, "a", RUNNER_FAILED, 1, "first\nlast words\n\n");
    report_error_line(&j, buf, sizeof buf);
    assert_string_equal(buf, "last words");
    hp_buf_free(&j.err);
    job(&j, "a", RUNNER_FAILED, 1, NULL);
    report_error_line(&j, buf, sizeof buf);
    assert_string_equal(buf, "");
}

static char *summary_text(const struct report *tmpl, const struct runner_job *jobs, size_t n, int result)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    struct report r = *tmpl;
    r.out = f;
    report_summary(&r, jobs, n, result);
    fclose(f);
    return text;
}

/* The table: every release with its result and note, and the count line (catches: skipped
 * jobs without their blocking need, the count including failures, -q hiding a failure). */
static void test_summary_text(void **state)
{
    (void)state;
    struct runner_job jobs[3];
    job(&jobs[0], "db", RUNNER_FAILED, 1, "Error: UPGRADE FAILED: timed out\n");
    job(&jobs[1], "server", RUNNER_SKIPPED, 0, NULL);
    jobs[1].blocked_by = 0;
    job(&jobs[2], "ui", RUNNER_OK, 0, NULL);
    struct report r;
    report_init(&r, stderr, true, "deployed");
    r.colour = false;
    char *t = summary_text(&r, jobs, 3, RUNNER_SOME_FAILED);
    assert_non_null(strstr(t, "exit 1: Error: UPGRADE FAILED: timed out"));
    assert_non_null(strstr(t, "needs db (failed)"));
    assert_non_null(strstr(t, "1 of 3 deployed; FAILED"));
    free(t);
    /* quiet and all fine: nothing at all */
    for (int i = 0; i < 3; i++)
        jobs[i].state = RUNNER_OK;
    t = summary_text(&r, jobs, 3, RUNNER_ALL_OK);
    assert_string_equal(t, "");
    free(t);
    for (int i = 0; i < 3; i++)
        hp_buf_free(&jobs[i].err);
}

/* The JSON form (catches: a missing blockedBy/error field, the wrong overall result). */
static void test_summary_json(void **state)
{
    (void)state;
    struct runner_job jobs[2];
    job(&jobs[0], "db", RUNNER_FAILED, 2, "Error: nope\n");
    job(&jobs[1], "server", RUNNER_SKIPPED, 0, NULL);
    jobs[1].blocked_by = 0;
    const char *labels[] = {"panda-db", "panda"};
    struct report r;
    report_init(&r, stderr, true, "rendered");
    r.labels = labels;
    cJSON *o = report_summary_json(&r, jobs, 2, RUNNER_INTERRUPTED);
    char *s = cJSON_PrintUnformatted(o);
    assert_non_null(strstr(s, "\"result\":\"interrupted\""));
    assert_non_null(strstr(s, "\"name\":\"db\",\"component\":\"panda-db\",\"result\":\"failed\",\"exitCode\":2"));
    assert_non_null(strstr(s, "\"error\":\"Error: nope\""));
    assert_non_null(strstr(s, "\"name\":\"server\",\"component\":\"panda\",\"result\":\"skipped\",\"blockedBy\":\"db\""));
    free(s);
    cJSON_Delete(o);
    hp_buf_free(&jobs[0].err);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_result_names),
        cmocka_unit_test(test_error_line),
        cmocka_unit_test(test_summary_text),
        cmocka_unit_test(test_summary_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
