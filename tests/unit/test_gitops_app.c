/* The Application writer: fixed key order, strings that stay strings through a YAML reader,
 * byte-identical output. Read back with libyaml's parser (a reader other than the emitter). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <yaml.h>

#include "gitops/app.h"

static const struct gitops_settings settings = {
    "https://github.com/PanDAWMS/panda-k8s.git", "main", "default", "argocd", "https://kubernetes.default.svc", true,
};

/* Every scalar of the first document with its style, in document order. */
struct scalars {
    char **v;
    int *quoted;
    size_t n;
};

static void parse_scalars(const struct hp_buf *b, struct scalars *s)
{
    yaml_parser_t p;
    yaml_event_t ev;
    memset(s, 0, sizeof *s);
    assert_true(yaml_parser_initialize(&p));
    yaml_parser_set_input_string(&p, b->data, b->len);
    for (;;) {
        assert_true(yaml_parser_parse(&p, &ev));
        if (ev.type == YAML_SCALAR_EVENT) {
            s->v = realloc(s->v, (s->n + 1) * sizeof *s->v);
            s->quoted = realloc(s->quoted, (s->n + 1) * sizeof *s->quoted);
            s->v[s->n] = strdup((const char *)ev.data.scalar.value);
            s->quoted[s->n] = ev.data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
            s->n++;
        }
        int end = ev.type == YAML_STREAM_END_EVENT;
        yaml_event_delete(&ev);
        if (end)
            break;
    }
    yaml_parser_delete(&p);
}

static void free_scalars(struct scalars *s)
{
    for (size_t i = 0; i < s->n; i++)
        free(s->v[i]);
    free(s->v);
    free(s->quoted);
}

/* The scalar that follows key `k` (its value, when the value is a scalar). */
static size_t value_at(const struct scalars *s, const char *k)
{
    for (size_t i = 0; i + 1 < s->n; i++)
        if (strcmp(s->v[i], k) == 0)
            return i + 1;
    fail_msg("key %s not found", k);
    return 0;
}

static void test_needs_quotes(void **state)
{
    (void)state;
    const char *quoted[] = {"", "0", "1", "-1", "+1", "007", "1.5", ".5", "1e3", "0x1F", "0o17", "1_000", "1:30",
                            "true", "False", "yes", "No", "on", "OFF", "y", "N", "null", "~", "NULL", ".inf",
                            "-.inf", ".NaN", "<<", "="};
    const char *plain[] = {"test-panda", "values.yaml", "global.deploymentName", "panda", "https://x", "nope",
                           "yess", "v1", "1.2.3-beta", "argocd", "0 and more"};
    for (size_t i = 0; i < sizeof quoted / sizeof *quoted; i++)
        if (!gitops_scalar_needs_quotes(quoted[i]))
            fail_msg("'%s' would be written plain", quoted[i]);
    for (size_t i = 0; i < sizeof plain / sizeof *plain; i++)
        if (gitops_scalar_needs_quotes(plain[i]))
            fail_msg("'%s' would be quoted", plain[i]);
}

static void test_child_document(void **state)
{
    (void)state;
    struct hp_strlist vf = {0}, ps = {0};
    hp_strlist_push(&vf, "values.yaml");
    hp_strlist_push(&vf, "values/values-lsst.yaml");
    hp_strlist_push(&ps, "global.deploymentName=test-panda");
    hp_strlist_push(&ps, "jedi.enabled=false");
    hp_strlist_push(&ps, "odd=a: b # not a comment");
    hp_strlist_push(&ps, "count=0");
    hp_strlist_push(&ps, "empty=");
    hp_strlist_push(&ps, "utf=Grüße");
    struct gitops_app app = {.name = "test-panda", .path = "helm/panda", .namespace_ = "panda", .release = "test-panda", .value_files = &vf, .params = &ps, .wave = 1};
    struct hp_buf b = {0};
    struct hp_error e = {0};
    assert_int_equal(gitops_app_write(&app, &settings, &b, &e), 0);

    struct scalars s;
    parse_scalars(&b, &s);
    /* the key order, exactly */
    const char *expect[] = {"apiVersion", "argoproj.io/v1alpha1", "kind", "Application", "metadata", "name",
                            "test-panda", "namespace", "argocd", "annotations", "argocd.argoproj.io/sync-wave", "1",
                            "spec", "project", "default", "source", "repoURL", settings.repo_url, "targetRevision",
                            "main", "path", "helm/panda", "helm", "releaseName", "test-panda", "valueFiles",
                            "values.yaml", "values/values-lsst.yaml", "parameters", "name", "global.deploymentName",
                            "value", "test-panda", "name", "jedi.enabled", "value", "false", "name", "odd", "value",
                            "a: b # not a comment", "name", "count", "value", "0", "name", "empty", "value", "", "name",
                            "utf", "value", "Grüße", "destination", "server", "https://kubernetes.default.svc",
                            "namespace", "panda", "syncPolicy", "automated", "prune", "true", "selfHeal", "true"};
    assert_int_equal(s.n, sizeof expect / sizeof *expect);
    for (size_t i = 0; i < s.n; i++)
        assert_string_equal(s.v[i], expect[i]);
    /* strings that a reader would turn into numbers or booleans are quoted... */
    assert_true(s.quoted[value_at(&s, "argocd.argoproj.io/sync-wave")]);
    assert_true(s.quoted[value_at(&s, "jedi.enabled") + 1]); /* "false" */
    assert_true(s.quoted[value_at(&s, "count") + 1]);        /* "0" */
    assert_true(s.quoted[value_at(&s, "empty") + 1]);        /* "" */
    /* ...the sync flags are real booleans, and ordinary strings stay plain */
    assert_false(s.quoted[value_at(&s, "prune")]);
    assert_false(s.quoted[value_at(&s, "selfHeal")]);
    assert_false(s.quoted[value_at(&s, "path")]);
    assert_true(strstr((const char *)b.data, "Grüße") != NULL); /* UTF-8 kept, not escaped */

    /* byte-identical when written again */
    struct hp_buf b2 = {0};
    assert_int_equal(gitops_app_write(&app, &settings, &b2, &e), 0);
    assert_int_equal(b.len, b2.len);
    assert_memory_equal(b.data, b2.data, b.len);
    free_scalars(&s);
    hp_buf_free(&b);
    hp_buf_free(&b2);
    hp_strlist_free(&vf);
    hp_strlist_free(&ps);
}

static void test_parent_manual_sync(void **state)
{
    (void)state;
    struct gitops_settings manual = settings;
    manual.sync_auto = false;
    struct gitops_app app = {.name = "test-panda-apps", .path = "argocd-apps/test-panda-apps/apps", .namespace_ = "argocd", .release = NULL, .value_files = NULL, .params = NULL, .wave = -1};
    struct hp_buf b = {0};
    struct hp_error e = {0};
    assert_int_equal(gitops_app_write(&app, &manual, &b, &e), 0);
    const char *text = hp_buf_cstr(&b);
    assert_null(strstr(text, "helm:"));
    assert_null(strstr(text, "sync-wave"));
    assert_null(strstr(text, "syncPolicy"));
    assert_non_null(strstr(text, "    path: argocd-apps/test-panda-apps/apps\n"));
    hp_buf_free(&b);
}

static void test_bad_parameter(void **state)
{
    (void)state;
    struct hp_strlist ps = {0};
    hp_strlist_push(&ps, "no-equals-sign");
    struct gitops_app app = {.name = "x", .path = "helm/x", .namespace_ = "ns", .release = "x", .value_files = NULL, .params = &ps, .wave = 0};
    struct hp_buf b = {0};
    struct hp_error e = {0};
    assert_int_equal(gitops_app_write(&app, &settings, &b, &e), -1);
    assert_non_null(strstr(e.msg, "x: --set 'no-equals-sign' is not NAME=VALUE"));
    hp_buf_free(&b);
    hp_strlist_free(&ps);
}

static void test_invalid_utf8_is_an_error(void **state)
{
    (void)state;
    /* a stray byte; and what libyaml's emitter lets through but its reader refuses (found by
     * the fuzzer): a 4-byte form past U+10FFFF, a surrogate, an overlong form */
    static const char *const bad[] = {"bad\xff", "tab\367\227\232\210e", "s\xed\xa0\x80", "o\xc0\xaf"};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct gitops_app app = {.name = "app", .path = "helm/x", .namespace_ = "ns", .release = bad[i], .value_files = NULL, .params = NULL, .wave = 0};
        struct hp_buf b = {0};
        struct hp_error e = {0};
        assert_int_equal(gitops_app_write(&app, &settings, &b, &e), -1);
        assert_non_null(strstr(e.msg, "app: cannot write the Application: a value is not valid UTF-8"));
        hp_buf_free(&b);
    }
}

/* Line breaks YAML knows besides LF (CR, NEL, LS, PS) come back as they were, in a quoted
 * style: a plain scalar would end at them or fold them. */
static void test_line_breaks_kept(void **state)
{
    (void)state;
    struct hp_strlist ps = {0};
    hp_strlist_push(&ps, "a=x\xe2\x80\xa8y");
    hp_strlist_push(&ps, "b=\xe2\x80\xa9");
    hp_strlist_push(&ps, "c=cr\rhere");
    hp_strlist_push(&ps, "d=n\xc2\x85" "el");
    struct gitops_app app = {.name = "app", .path = "helm/x", .namespace_ = "ns", .release = "rel", .value_files = NULL, .params = &ps, .wave = 0};
    struct hp_buf b = {0};
    struct hp_error e = {0};
    assert_int_equal(gitops_app_write(&app, &settings, &b, &e), 0);
    struct scalars sc;
    parse_scalars(&b, &sc);
    static const char *const want[] = {"x\xe2\x80\xa8y", "\xe2\x80\xa9", "cr\rhere", "n\302\205el"};
    size_t found = 0;
    for (size_t i = 0; i + 1 < sc.n; i++)
        for (size_t k = 0; k < 4; k++)
            if (strcmp(sc.v[i], "value") == 0 && strcmp(sc.v[i + 1], want[k]) == 0 && sc.quoted[i + 1])
                found++;
    assert_int_equal(found, 4);
    free_scalars(&sc);
    hp_buf_free(&b);
    hp_strlist_free(&ps);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_needs_quotes),
        cmocka_unit_test(test_child_document),
        cmocka_unit_test(test_parent_manual_sync),
        cmocka_unit_test(test_bad_parameter),
        cmocka_unit_test(test_invalid_utf8_is_an_error),
        cmocka_unit_test(test_line_breaks_kept),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
