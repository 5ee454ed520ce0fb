/* The walk of helm's JSON shared by resview.c, status.c and diagnose.c (src/deploy/run/helmjson.c). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "deploy/config/errors.h"
#include "deploy/run/helmjson.h"

/* Catches: an array, a scalar or broken bytes taken for helm's object; the error's kind or words
 * changed (status and the progress line print them); info.status not handed back, or handed back
 * when it is not a string. */
static void test_object(void **state)
{
    (void)state;
    const char *bad[] = {"[1]", "\"x\"", "7", "{", ""};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct hp_error e = {0};
        const char *status = "stale";
        assert_null(helmjson_status_object(bad[i], strlen(bad[i]), &status, &e));
        assert_null(status);
        assert_int_equal(e.kind, DEPLOY_ERR_HELM);
        assert_string_equal(e.msg, "helm status printed no JSON object");
    }
    struct hp_error e = {0};
    const char *status = "stale";
    cJSON *o = helmjson_status_object("{\"info\":{}}", 11, &status, &e);
    assert_non_null(o);
    assert_null(status);
    cJSON_Delete(o);
    const char *j = "{\"info\":{\"status\":\"pending-install\"}}";
    o = helmjson_status_object(j, strlen(j), &status, &e);
    assert_non_null(o);
    assert_string_equal(status, "pending-install");
    cJSON_Delete(o);
    j = "{\"info\":{\"status\":7}}";
    o = helmjson_status_object(j, strlen(j), &status, &e);
    assert_null(status);
    cJSON_Delete(o);
}

/* Catches: the second step skipped or applied to the wrong object, a number or an object taken
 * for a string, a missing step followed into NULL. */
static void test_walk(void **state)
{
    (void)state;
    const char *j = "{\"info\":{\"status\":\"deployed\",\"n\":3,\"o\":{}},\"name\":\"r\",\"status\":\"top\"}";
    struct hp_error e = {0};
    const char *status;
    cJSON *o = helmjson_status_object(j, strlen(j), &status, &e);
    assert_non_null(o);
    assert_string_equal(helmjson_str(o, "info", "status"), "deployed");
    assert_string_equal(helmjson_str(o, "name", NULL), "r");
    assert_string_equal(helmjson_str(o, "status", NULL), "top");
    assert_null(helmjson_str(o, "info", "n"));
    assert_null(helmjson_str(o, "info", "o"));
    assert_null(helmjson_str(o, "info", NULL));
    assert_null(helmjson_str(o, "missing", "status"));
    assert_null(helmjson_str(NULL, "info", "status"));
    assert_true(cJSON_IsNumber(helmjson_at(o, "info", "n")));
    assert_true(cJSON_IsObject(helmjson_at(o, "info", NULL)));
    assert_null(helmjson_at(o, "name", "x"));
    cJSON_Delete(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_object),
        cmocka_unit_test(test_walk),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
