/* Snapshots of a deployment (deploy/ops/snapshot.h): the record read back from helm is untrusted,
 * so every shape that is not ours is refused in one line; what we write reads back the same; the
 * record keeps no more than --history-max snapshots; helm history's revisions (rollback.h). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <cJSON.h>

#include "deploy/config/errors.h"
#include "deploy/ops/rollback.h"
#include "deploy/ops/snapshot.h"

#define REL(name, rev, stage) "{\"name\":\"" name "\",\"revision\":" #rev ",\"stage\":" #stage "}"
#define SNAP(id, rels) "{\"id\":" #id ",\"time\":\"2026-12-07T00:00:00Z\",\"releases\":[" rels "]}"

static int parse(const char *json, struct deploy_snapshots *s, struct hp_error *e)
{
    return deploy_snapshots_parse(json, strlen(json), s, e);
}

static void test_round_trip(void **state)
{
    (void)state;
    struct deploy_snapshots s;
    struct hp_error e = {0};
    const char *in = "{\"snapshots\":[" SNAP(1, REL("test-iam", 1, 0)) "," SNAP(3, REL("test-panda", 4, 1) ","
                     "{\"name\":\"panda-secrets\",\"revision\":2,\"stage\":-1,\"chart\":\"panda-secrets-0.1.0\","
                     "\"valuesDigest\":\"sha256:ab\"}") "]}";
    assert_int_equal(parse(in, &s, &e), 0);
    assert_int_equal(s.n, 2);
    assert_int_equal(s.v[1].id, 3);
    assert_int_equal(s.v[1].n, 2);
    assert_string_equal(deploy_snapshot_release(&s.v[1], "panda-secrets")->values_digest, "sha256:ab");
    assert_int_equal(deploy_snapshot_release(&s.v[1], "panda-secrets")->stage, DEPLOY_SNAP_STAGE_SECRETS);
    assert_null(deploy_snapshots_find(&s, 2));
    cJSON *j = deploy_snapshots_to_json(&s);
    char *out = cJSON_PrintUnformatted(j);
    struct deploy_snapshots t;
    assert_int_equal(parse(out, &t, &e), 0);
    assert_int_equal(t.n, 2);
    assert_int_equal(deploy_snapshot_release(&t.v[1], "test-panda")->revision, 4);
    assert_string_equal(deploy_snapshot_release(&t.v[1], "panda-secrets")->chart, "panda-secrets-0.1.0");
    free(out);
    cJSON_Delete(j);
    deploy_snapshots_free(&t);
    deploy_snapshots_free(&s);
}

static void test_hostile_records(void **state)
{
    (void)state;
    static const char *const bad[] = {
        "[]",
        "{\"snapshots\":{}}",
        "{\"snapshots\":[" SNAP(1, REL("Not_A_Name", 1, 0)) "]}",             /* helm would refuse the name */
        "{\"snapshots\":[" SNAP(1, REL("test-iam", 0, 0)) "]}",               /* revision < 1 */
        "{\"snapshots\":[" SNAP(1, REL("test-iam", 1.5, 0)) "]}",             /* not an integer */
        "{\"snapshots\":[" SNAP(1, REL("test-iam", 1, -2)) "]}",              /* stage out of range */
        "{\"snapshots\":[" SNAP(1, REL("test-iam", 1, 0) "," REL("test-iam", 2, 0)) "]}", /* twice */
        "{\"snapshots\":[" SNAP(2, REL("test-iam", 1, 0)) "," SNAP(2, REL("test-iam", 1, 0)) "]}", /* same id */
        "{\"snapshots\":[{\"id\":1,\"releases\":[]}]}",                        /* no time */
        "{\"snapshots\":[{\"id\":1,\"time\":\"x\\u001b[31m\",\"releases\":[]}]}", /* a terminal escape */
        "{\"snapshots\":[{\"id\":1,\"time\":\"x\",\"releases\":[" REL("test-iam", 1, 0) ",7]}]}",
        "{\"snapshots\":[{\"id\":1,\"time\":\"x\",\"releases\":[{\"name\":\"a\",\"revision\":\"1\",\"stage\":0}]}]}",
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        struct deploy_snapshots s;
        struct hp_error e = {0};
        if (parse(bad[i], &s, &e) != -1)
            fail_msg("accepted: %s", bad[i]);
        assert_int_equal(e.kind, DEPLOY_ERR_SNAPSHOT);
        assert_null(strchr(e.msg, '\n'));
        assert_int_equal(s.n, 0);
    }
}

static void test_push_caps(void **state)
{
    (void)state;
    struct deploy_snapshots s = {0};
    for (int id = 1; id <= 5; id++) {
        struct deploy_snapshot x = {.id = id, .time = strdup("t")};
        deploy_snapshots_push(&s, &x, 3);
    }
    assert_int_equal(s.n, 3);
    assert_int_equal(s.v[0].id, 3);
    assert_int_equal(s.v[2].id, 5);
    deploy_snapshots_free(&s);
}

static void test_history_revisions(void **state)
{
    (void)state;
    const char *h = "[{\"revision\":3,\"status\":\"superseded\"},{\"revision\":4,\"status\":\"deployed\"}]";
    assert_true(deploy_history_has_revision(h, strlen(h), 3));
    assert_false(deploy_history_has_revision(h, strlen(h), 2)); /* pruned */
    assert_false(deploy_history_has_revision("{}", 2, 3));
    assert_false(deploy_history_has_revision("", 0, 3));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_round_trip),
        cmocka_unit_test(test_hostile_records),
        cmocka_unit_test(test_push_caps),
        cmocka_unit_test(test_history_revisions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
