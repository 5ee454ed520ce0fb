/* src/helm/env.c, the basic fields: what helm hands a plugin through its environment, read
 * once (PATH resolution of helm itself is tests/unit/test_helm_env.c's). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "helm/env.h"

static const char *const VARS[] = {"HELM_BIN", "HELM_NAMESPACE", "HELM_KUBECONTEXT", "HELM_DEBUG", "HELM_PLUGIN_DIR",
                                   "HELM_PLUGIN_NAME", "HELM_PLUGINS", "KUBECONFIG", "HELM_KUBETOKEN",
                                   "HELM_KUBEINSECURE_SKIP_TLS_VERIFY", "HELM_MAX_HISTORY", NULL};

static void clear(void)
{
    for (size_t i = 0; VARS[i]; i++)
        unsetenv(VARS[i]);
}

/* Catches: a field read from another variable, an empty variable taken as set. */
static void test_fields(void **state)
{
    (void)state;
    clear();
    setenv("HELM_BIN", "/opt/helm/bin/helm", 1);
    setenv("HELM_NAMESPACE", "panda", 1);
    setenv("HELM_KUBECONTEXT", "atlas", 1);
    setenv("KUBECONFIG", "/k/config", 1);
    setenv("HELM_MAX_HISTORY", "7", 1);
    setenv("HELM_PLUGINS", "", 1);
    struct hp_helmenv env;
    hp_helmenv_load(&env);
    assert_string_equal(env.bin, "/opt/helm/bin/helm");
    assert_string_equal(env.namespace_, "panda");
    assert_string_equal(env.kube_context, "atlas");
    assert_string_equal(env.kubeconfig, "/k/config");
    assert_string_equal(env.max_history, "7");
    assert_null(env.plugins);
    assert_null(env.plugin_dir);
    assert_false(env.under_helm);
    hp_helmenv_free(&env);
}

/* strconv.ParseBool's true forms; anything else is false (catches: "false" or "0" read as
 * true, "TRUE"/"True"/"t"/"1" read as false). */
static void test_bools(void **state)
{
    (void)state;
    static const char *const yes[] = {"1", "t", "T", "true", "TRUE", "True", NULL};
    static const char *const no[] = {"0", "f", "false", "FALSE", "yes", "", NULL};
    struct hp_helmenv env;
    for (size_t i = 0; yes[i]; i++) {
        clear();
        setenv("HELM_DEBUG", yes[i], 1);
        setenv("HELM_KUBEINSECURE_SKIP_TLS_VERIFY", yes[i], 1);
        hp_helmenv_load(&env);
        assert_true(env.debug);
        assert_true(env.kube_insecure_skip_tls_verify);
        hp_helmenv_free(&env);
    }
    for (size_t i = 0; no[i]; i++) {
        clear();
        setenv("HELM_DEBUG", no[i], 1);
        hp_helmenv_load(&env);
        assert_false(env.debug);
        hp_helmenv_free(&env);
    }
}

/* Run by helm: either plugin variable says so (catches: only one of them checked). */
static void test_under_helm(void **state)
{
    (void)state;
    struct hp_helmenv env;
    clear();
    setenv("HELM_PLUGIN_NAME", "panda", 1);
    hp_helmenv_load(&env);
    assert_true(env.under_helm);
    assert_string_equal(env.plugin_name, "panda");
    hp_helmenv_free(&env);
    clear();
    setenv("HELM_PLUGIN_DIR", "/plugins/panda", 1);
    hp_helmenv_load(&env);
    assert_true(env.under_helm);
    hp_helmenv_free(&env);
}

/* `helm panda env` prints NAME=value lines and never the token itself (catches: the token
 * printed, a field printed under another name). */
static void test_print(void **state)
{
    (void)state;
    clear();
    setenv("HELM_BIN", "/opt/helm", 1);
    setenv("HELM_NAMESPACE", "panda", 1);
    setenv("HELM_KUBETOKEN", "s3cr3t-token", 1);
    struct hp_helmenv env;
    hp_helmenv_load(&env);
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    hp_helmenv_print(&env, f);
    fclose(f);
    assert_non_null(strstr(text, "HELM_BIN=/opt/helm"));
    assert_non_null(strstr(text, "\nHELM_NAMESPACE=panda\n"));
    assert_non_null(strstr(text, "\nHELM_KUBETOKEN=(set)\n"));
    assert_null(strstr(text, "s3cr3t"));
    assert_non_null(strstr(text, "\nHELM_DEBUG=false\n"));
    free(text);
    hp_helmenv_free(&env);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_fields),
        cmocka_unit_test(test_bools),
        cmocka_unit_test(test_under_helm),
        cmocka_unit_test(test_print),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
