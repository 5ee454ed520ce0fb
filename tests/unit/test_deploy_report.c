/* The run report (src/deploy/run/report.c): result names, helm's error line, the text summary
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

#include "deploy/run/report.h"
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

/* helm's multi-error form (go-multierror, as helm 3 prints an object the API server rejects):
 * the "Error:" line alone says only "1 error occurred:"; the note carries the first item, one
 * line, trimmed, cut at the buffer (catches: the old code, which stopped at the "Error:" line; a
 * later item instead of the first; the item's tab or trailing blanks kept; an ordinary "Error:"
 * line taking a "* ..." line that follows it). */
static void test_error_line_multi(void **state)
{
    (void)state;
    struct runner_job j;
    char buf[200];
    job(&j, "test-msgsvc", RUNNER_FAILED, 1,
        "Error: 1 error occurred:\n"
        "\t* ConfigMap \"test-msgsvc-msgsvc-Not_A_Valid_Name\" is invalid: metadata.name: Invalid value: "
        "\"test-msgsvc-msgsvc-Not_A_Valid_Name\": a lowercase RFC 1123 subdomain must consist of lower case "
        "alphanumeric characters, '-' or '.', and must start and end with an alphanumeric character (e.g. "
        "'example.com', regex used for validation is '[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*')\n"
        "\n\n");
    report_error_line(&j, buf, sizeof buf);
    const char *want = "Error: 1 error occurred: * ConfigMap \"test-msgsvc-msgsvc-Not_A_Valid_Name\" is invalid: "
                       "metadata.name: Invalid value: ";
    assert_memory_equal(buf, want, strlen(want));
    assert_int_equal(strlen(buf), sizeof buf - 1); /* cut at the buffer, one line */
    assert_null(strchr(buf, '\n'));
    assert_null(strchr(buf, '\t'));
    hp_buf_free(&j.err);
    job(&j, "x", RUNNER_FAILED, 1,
        "Error: UPGRADE FAILED: 2 errors occurred:\r\n\t* Deployment.apps \"x\" is invalid: spec.replicas: bad  \r\n"
        "\t* Service \"x\" is invalid: spec.ports: Required value\n\n");
    report_error_line(&j, buf, sizeof buf);
    assert_string_equal(buf, "Error: UPGRADE FAILED: 2 errors occurred: * Deployment.apps \"x\" is invalid: spec.replicas: bad");
    hp_buf_free(&j.err);
    job(&j, "x", RUNNER_FAILED, 1, "Error: INSTALLATION FAILED: boom\n\t* not an item of it\n");
    report_error_line(&j, buf, sizeof buf);
    assert_string_equal(buf, "Error: INSTALLATION FAILED: boom");
    hp_buf_free(&j.err);
    job(&j, "x", RUNNER_FAILED, 1, "Error: 1 error occurred:\n"); /* no item: the line as it is */
    report_error_line(&j, buf, sizeof buf);
    assert_string_equal(buf, "Error: 1 error occurred:");
    hp_buf_free(&j.err);
    /* and the summary's note */
    struct runner_job jobs[1];
    job(&jobs[0], "x", RUNNER_FAILED, 1, "Error: 1 error occurred:\n\t* Deployment.apps \"x\" is invalid: spec\n\n");
    char note[300];
    report_note(jobs, &jobs[0], note, sizeof note);
    assert_string_equal(note, "exit 1: Error: 1 error occurred: * Deployment.apps \"x\" is invalid: spec");
    hp_buf_free(&jobs[0].err);
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
        cmocka_unit_test(test_error_line_multi),
        cmocka_unit_test(test_summary_text),
        cmocka_unit_test(test_summary_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
