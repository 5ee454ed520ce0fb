/* The diagnosis of a failed wait (src/deploy/ops/diagnose.c, diagnose_print.c): kubectl's events
 * (real output of the e2e cluster, testdata/diagnose/events.json) read and ordered, and the text
 * and JSON naming what was not ready, the pod's reason and its last events. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cJSON.h>
#include <cmocka.h>

#include "deploy/ops/diagnose.h"
#include "hp/util.h"

static char *slurp(const char *path, size_t *n)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *s = hp_xmalloc(1 << 20);
    *n = fread(s, 1, (1 << 20) - 1, f);
    s[*n] = '\0';
    fclose(f);
    return s;
}

/* Catches: events left in kubectl's order (not by time), events without an object kept, a list
 * that is not kubectl's accepted. */
static void test_events(void **state)
{
    (void)state;
    size_t n;
    char *s = slurp("testdata/diagnose/events.json", &n);
    struct diag_events ev;
    struct hp_error e = {0};
    assert_int_equal(diag_events_parse(s, n, &ev, &e), 0);
    assert_int_equal(ev.n, 4);
    for (size_t i = 1; i < ev.n; i++)
        assert_true(strcmp(ev.v[i - 1].time, ev.v[i].time) <= 0);
    assert_string_equal(ev.v[ev.n - 1].reason, "BackOff");
    assert_string_equal(ev.v[ev.n - 1].type, "Warning");
    diag_events_free(&ev);
    free(s);
    assert_int_equal(diag_events_parse("{\"items\":{}}", 12, &ev, &e), -1);
}

static const char *const STATUS =
    "{\"info\":{\"status\":\"failed\",\"resources\":{"
    "\"v1/Deployment\":[{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":1},\"status\":{}}],"
    "\"v1/Pod(related)\":[{\"kind\":\"PodList\",\"items\":[{\"metadata\":{\"name\":\"web-1\"},\"status\":{"
    "\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"main\",\"restartCount\":4,"
    "\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off\"}},"
    "\"lastState\":{\"terminated\":{\"exitCode\":1}}}]}}]}]}}}";

static const char *const EVENTS =
    "{\"items\":["
    "{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web-1\"},\"type\":\"Warning\",\"reason\":\"BackOff\","
    " \"message\":\"Back-off restarting\",\"lastTimestamp\":\"2026-01-01T00:00:09Z\",\"count\":3},"
    "{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"web-1\"},\"type\":\"Normal\",\"reason\":\"Scheduled\","
    " \"message\":\"assigned\",\"eventTime\":\"2026-01-01T00:00:01.000001Z\"},"
    "{\"involvedObject\":{\"kind\":\"Pod\",\"name\":\"other\"},\"type\":\"Warning\",\"reason\":\"Nope\","
    " \"message\":\"not this pod\",\"lastTimestamp\":\"2026-01-01T00:00:05Z\"}]}";

static void diagnoses(struct diagnoses *d, struct runner_job *j, bool no_kubectl)
{
    struct hp_error e = {0};
    memset(j, 0, sizeof *j);
    j->name = "test-iam";
    j->state = RUNNER_FAILED;
    memset(d, 0, sizeof *d);
    d->v = hp_xcalloc(1, sizeof *d->v);
    d->n = 1;
    d->v[0].looked = true;
    assert_int_equal(resview_parse(STATUS, strlen(STATUS), &d->v[0].view, &e), 0);
    d->no_kubectl = no_kubectl;
    if (!no_kubectl)
        assert_int_equal(diag_events_parse(EVENTS, strlen(EVENTS), &d->events, &e), 0);
}

static char *printed(const struct diagnoses *d, const struct runner_job *j)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    deploy_diagnose_print(d, j, f);
    fclose(f);
    return buf;
}

/* Catches: the not-ready Deployment, the pod's reason or its own events not named, another
 * pod's event named, the missing kubectl not said (or said twice). */
static void test_print(void **state)
{
    (void)state;
    struct diagnoses d;
    struct runner_job j;
    diagnoses(&d, &j, false);
    char *s = printed(&d, &j);
    assert_non_null(strstr(s, "test-iam: not ready: Deployment/web 0/1"));
    assert_non_null(strstr(s, "pod web-1: CrashLoopBackOff (container main, 4 restarts): back-off"));
    const char *sched = strstr(s, "Normal Scheduled: assigned"), *backoff = strstr(s, "Warning BackOff: Back-off restarting (x3)");
    assert_non_null(sched);
    assert_non_null(backoff);
    assert_true(sched < backoff);
    assert_null(strstr(s, "not this pod"));
    assert_null(strstr(s, "kubectl"));
    free(s);
    deploy_diagnose_free(&d);

    diagnoses(&d, &j, true);
    s = printed(&d, &j);
    size_t said = 0;
    for (const char *k = s; (k = strstr(k, "kubectl is not on PATH")) != NULL; k++)
        said++;
    assert_int_equal(said, 1);
    assert_non_null(strstr(s, "pod web-1: CrashLoopBackOff"));
    free(s);
    deploy_diagnose_free(&d);
}

/* Catches: the diagnosis missing from -o json, or put on another release. */
static void test_json(void **state)
{
    (void)state;
    struct diagnoses d;
    struct runner_job j;
    diagnoses(&d, &j, false);
    cJSON *o = cJSON_Parse("{\"releases\":[{\"name\":\"test-iam\"}]}");
    deploy_diagnose_json(&d, o);
    cJSON *x = cJSON_GetObjectItem(cJSON_GetArrayItem(cJSON_GetObjectItem(o, "releases"), 0), "diagnosis");
    assert_non_null(x);
    cJSON *pod = cJSON_GetArrayItem(cJSON_GetObjectItem(x, "pods"), 0);
    assert_string_equal(cJSON_GetObjectItem(pod, "reason")->valuestring, "CrashLoopBackOff");
    assert_int_equal(cJSON_GetArraySize(cJSON_GetObjectItem(pod, "events")), 2);
    cJSON *nr = cJSON_GetArrayItem(cJSON_GetObjectItem(x, "notReady"), 0);
    assert_string_equal(cJSON_GetObjectItem(nr, "name")->valuestring, "web");
    cJSON_Delete(o);
    deploy_diagnose_free(&d);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_events),
        cmocka_unit_test(test_print),
        cmocka_unit_test(test_json),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
