/* helm's view of a release's resources (src/deploy/run/resview.c): real `helm status -o json`
 * output of helm 3.17 (--show-resources) and helm 4.1 during a wait (testdata/resview), and the
 * pod reasons the diagnosis names: a waiting container, a crashed one, the scheduler's refusal. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "deploy/run/resview.h"
#include "hp/file.h"
#include "hp/util.h"

static void parse_file(const char *path, struct resview *v)
{
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *s = hp_xmalloc(1 << 20);
    size_t n = fread(s, 1, (1 << 20) - 1, f);
    fclose(f);
    struct hp_error e = {0};
    assert_int_equal(resview_parse(s, n, v, &e), 0);
    free(s);
}

/* Catches: the Deployment counted ready (readyReplicas ignored), the ConfigMap waited for, the
 * related pods not read (helm 3 and 4 alike, "v1/Pod(related)" PodLists). */
static void test_helm_views(void **state)
{
    (void)state;
    const char *files[] = {"testdata/resview/helm3-pending.json", "testdata/resview/helm4-pending.json"};
    for (size_t f = 0; f < 2; f++) {
        struct resview v;
        parse_file(files[f], &v);
        assert_string_equal(v.status, "pending-install");
        assert_int_equal(v.n_items, 1);
        assert_string_equal(v.items[0].kind, "Deployment");
        assert_string_equal(v.items[0].name, "web");
        assert_int_equal(v.items[0].ready, 0);
        assert_int_equal(v.items[0].desired, 2);
        assert_false(v.items[0].ok);
        assert_int_equal(resview_waiting(&v), 1);
        assert_int_equal(v.n_pods, 2);
        assert_string_equal(v.pods[0].reason, "Pending");
        resview_free(&v);
    }
}

static const char *const PODS =
    "{\"info\":{\"status\":\"failed\",\"resources\":{"
    "\"v1/StatefulSet\":[{\"kind\":\"StatefulSet\",\"metadata\":{\"name\":\"db\",\"generation\":2},"
    "  \"spec\":{\"replicas\":1},\"status\":{\"observedGeneration\":2,\"readyReplicas\":1}}],"
    "\"v1/PersistentVolumeClaim\":[{\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"data\"},"
    "  \"status\":{\"phase\":\"Pending\"}}],"
    "\"v1/Pod(related)\":[{\"kind\":\"PodList\",\"items\":["
    " {\"metadata\":{\"name\":\"crash\"},\"status\":{\"phase\":\"Running\",\"containerStatuses\":[{\"name\":\"main\","
    "   \"restartCount\":5,\"state\":{\"waiting\":{\"reason\":\"CrashLoopBackOff\",\"message\":\"back-off 5m0s\"}},"
    "   \"lastState\":{\"terminated\":{\"exitCode\":1}}}]}},"
    " {\"metadata\":{\"name\":\"pull\"},\"status\":{\"phase\":\"Pending\",\"containerStatuses\":[{\"name\":\"web\","
    "   \"state\":{\"waiting\":{\"reason\":\"ImagePullBackOff\",\"message\":\"Back-off pulling image\"}}}]}},"
    " {\"metadata\":{\"name\":\"nowhere\"},\"status\":{\"phase\":\"Pending\",\"conditions\":[{\"type\":\"PodScheduled\","
    "   \"status\":\"False\",\"reason\":\"Unschedulable\",\"message\":\"0/1 nodes are available\"}]}},"
    " {\"metadata\":{\"name\":\"fine\"},\"status\":{\"phase\":\"Running\",\"conditions\":[{\"type\":\"Ready\",\"status\":\"True\"}]}},"
    " {\"metadata\":{\"name\":\"done\"},\"status\":{\"phase\":\"Succeeded\"}}"
    "]}]}}}";

/* Catches: a ready StatefulSet named as waiting, an unbound claim not named, the waiting reason,
 * the crash, the scheduler's message lost, a Ready or finished pod named. */
static void test_reasons(void **state)
{
    (void)state;
    struct resview v;
    struct hp_error e = {0};
    assert_int_equal(resview_parse(PODS, strlen(PODS), &v, &e), 0);
    assert_int_equal(v.n_items, 2);
    assert_true(v.items[0].ok);
    assert_false(v.items[1].ok);
    assert_string_equal(v.items[1].kind, "PersistentVolumeClaim");
    assert_int_equal(v.n_pods, 3);
    assert_string_equal(v.pods[0].name, "crash");
    assert_string_equal(v.pods[0].reason, "CrashLoopBackOff");
    assert_string_equal(v.pods[0].container, "main");
    assert_true(v.pods[0].crashed);
    assert_int_equal(v.pods[0].restarts, 5);
    assert_string_equal(v.pods[1].reason, "ImagePullBackOff");
    assert_false(v.pods[1].crashed);
    assert_string_equal(v.pods[2].reason, "Unschedulable");
    assert_string_equal(v.pods[2].message, "0/1 nodes are available");
    resview_free(&v);
}

/* Catches: a non-object accepted; hostile numbers (negative, huge, wrong types) trusted. */
static void test_hostile(void **state)
{
    (void)state;
    struct resview v;
    struct hp_error e = {0};
    assert_int_equal(resview_parse("[1]", 3, &v, &e), -1);
    const char *odd = "{\"info\":{\"resources\":{\"x\":[{\"kind\":\"Deployment\",\"metadata\":{\"name\":\"d\"},"
                      "\"spec\":{\"replicas\":1e300},\"status\":{\"readyReplicas\":-4}}],\"y\":5,\"z\":[7]}}}";
    assert_int_equal(resview_parse(odd, strlen(odd), &v, &e), 0);
    assert_int_equal(v.n_items, 1);
    assert_int_equal(v.items[0].desired, 1);
    assert_int_equal(v.items[0].ready, 0);
    resview_free(&v);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_helm_views),
        cmocka_unit_test(test_reasons),
        cmocka_unit_test(test_hostile),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
