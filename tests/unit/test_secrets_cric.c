/* CRIC checks: which files count, the byte offset and line/column of a JSON error, and the
 * mandatory files. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "secrets/cric.h"

static void test_is_cric_json(void **state)
{
    (void)state;
    assert_true(cric_is_cric_json("files/cric_jsons/sites.json"));
    assert_false(cric_is_cric_json("files/cric_jsons/sub/sites.json"));
    assert_false(cric_is_cric_json("files/cric_jsons/README.md"));
    assert_false(cric_is_cric_json("files/sites.json"));
}

static int check(const char *json, struct hp_error *e)
{
    return cric_check_json("d/x.json", (const unsigned char *)json, strlen(json), e);
}

static void test_json_errors(void **state)
{
    (void)state;
    struct hp_error e = {0};
    assert_int_equal(check("{\"a\": [1, 2, {\"b\": null}]}\n", &e), 0);
    assert_int_equal(check("{\"a\": 1,,}", &e), -1);
    assert_int_equal(e.kind, CRIC_ERR_JSON);
    /* cJSON stops one past the second ',' (it steps over the quote it expected there) */
    assert_string_equal(e.msg, "d/x.json: invalid JSON at byte 9 (line 1, column 10)");
    assert_int_equal(check("{\n  \"a\": 1\n  \"b\": 2\n}", &e), -1);
    assert_string_equal(e.msg, "d/x.json: invalid JSON at byte 13 (line 3, column 3)");
    assert_int_equal(check("{\"a\": 1} trailing", &e), -1);
    assert_string_equal(e.msg, "d/x.json: invalid JSON at byte 9 (line 1, column 10)");
    assert_int_equal(check("{\"a\": ", &e), -1);
    assert_string_equal(e.msg, "d/x.json: invalid JSON at byte 6 (line 1, column 7): unexpected end");
    assert_int_equal(check("", &e), -1);
    assert_string_equal(e.msg, "d/x.json: invalid JSON: the file is empty");
    /* a NUL inside the data is an error at its offset, not the end of the document */
    static const unsigned char nul[] = {'{', '}', 0, ' '};
    assert_int_equal(cric_check_json("d/x.json", nul, sizeof nul, &e), -1);
    assert_string_equal(e.msg, "d/x.json: invalid JSON at byte 2 (line 1, column 3): NUL byte");
}

static void test_required(void **state)
{
    (void)state;
    struct hp_error e = {0};
    const char *all[] = {"files/cric_jsons/ddm_endpoints.json", "files/cric_jsons/panda_queues.json",
                         "files/cric_jsons/sites.json", "files/cric_jsons/extra.json"};
    assert_int_equal(cric_check_required(all, 4, "r/secrets/files/cric_jsons", &e), 0);
    const char *some[] = {"files/cric_jsons/sites.json", "files/cric_jsons/ddm_endpoints.json"};
    assert_int_equal(cric_check_required(some, 2, "r/secrets/files/cric_jsons", &e), -1);
    assert_int_equal(e.kind, CRIC_ERR_MISSING);
    assert_non_null(strstr(e.msg, "r/secrets/files/cric_jsons: panda_queues.json is missing"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_is_cric_json),
        cmocka_unit_test(test_json_errors),
        cmocka_unit_test(test_required),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
