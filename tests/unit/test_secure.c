/* hp_secure_process and the wiping of ordinary buffers: core dumps off (read back from the
 * kernel), cJSON's allocations wiped when freed (the CRIC check parses decrypted JSON), hp_buf
 * wiped when it grows and when it is freed (helm's captured output holds rendered Secrets). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <cmocka.h>

#include <cJSON.h>

#include "free_watch.h"
#include "hp/buf.h"
#include "hp/secure.h"
#include "secrets/cric.h"

static void test_core_dumps_off(void **state)
{
    (void)state;
    hp_secure_process();
    assert_int_equal(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    struct rlimit rl;
    assert_int_equal(getrlimit(RLIMIT_CORE, &rl), 0);
    assert_int_equal(rl.rlim_cur, 0);
    assert_int_equal(rl.rlim_max, 0);
}

/* The CRIC check's cJSON tree holds every decrypted string: after hp_secure_process its
 * frees wipe. (Runs after test_core_dumps_off, which installed the hooks.) */
static void test_cric_check_leaves_no_plaintext(void **state)
{
    (void)state;
    if (!FREE_WATCH)
        skip();
    hp_secure_process();
    const char *json = "{\"sites\": [{\"name\": \"CERN\", \"password\": \"" FREE_WATCH_SECRET "\"}], "
                       "\"token\": \"" FREE_WATCH_SECRET "-" FREE_WATCH_SECRET "-long-enough-to-grow\"}";
    struct hp_error e = {0};
    free_watch_start();
    int rc = cric_check_json("sites.json", (const unsigned char *)json, strlen(json), &e);
    int leaked = free_watch_stop();
    assert_int_equal(rc, 0);
    if (leaked)
        fail_msg("%d freed cJSON blocks still held the secret", leaked);
    /* and printing (cJSON's realloc-free print path with our hooks) */
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "password", FREE_WATCH_SECRET);
    free_watch_start();
    char *txt = cJSON_PrintUnformatted(o);
    cJSON_free(txt);
    cJSON_Delete(o);
    leaked = free_watch_stop();
    if (leaked)
        fail_msg("%d freed cJSON print blocks still held the secret", leaked);
}

static void test_hp_buf_wiped(void **state)
{
    (void)state;
    if (!FREE_WATCH)
        skip();
    struct hp_buf b = {0};
    free_watch_start();
    hp_buf_append_str(&b, "kind: Secret\ndata:\n  password: " FREE_WATCH_SECRET "\n");
    for (int i = 0; i < 200; i++) /* grow through several reallocations */
        hp_buf_append_str(&b, "  more: rendered-manifest-line\n");
    hp_buf_free(&b);
    int leaked = free_watch_stop();
    if (leaked)
        fail_msg("%d freed hp_buf blocks still held the secret", leaked);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_core_dumps_off),
        cmocka_unit_test(test_cric_check_leaves_no_plaintext),
        cmocka_unit_test(test_hp_buf_wiped),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
