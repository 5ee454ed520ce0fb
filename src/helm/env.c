/* Reads helm's plugin environment once (see include/helm/env.h). */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "helm/env.h"
#include "hp/file.h"
#include "hp/util.h"

static char *getenv_dup(const char *name)
{
    const char *v = getenv(name);
    return v && *v ? hp_xstrdup(v) : NULL;
}

static bool getenv_bool(const char *name)
{
    const char *v = getenv(name);
    /* helm sets "true"/"false"; strconv.ParseBool also takes 1/t/T/TRUE/True */
    return v && (strcmp(v, "1") == 0 || strcasecmp(v, "true") == 0 || strcmp(v, "t") == 0 || strcmp(v, "T") == 0);
}

char *hp_helmenv_resolve_bin(const char *helm_bin, const char *path)
{
    if (!helm_bin || !*helm_bin)
        return hp_path_search("helm", path);
    if (!strchr(helm_bin, '/'))
        return hp_path_search(helm_bin, path); /* helm sets its own argv[0]: usually "helm" */
    if (helm_bin[0] == '/')
        return hp_xstrdup(helm_bin);
    /* a relative path with a slash: fixed now, so a later chdir cannot change which file runs */
    char *cwd = getcwd(NULL, 0);
    if (!cwd)
        return hp_xstrdup(helm_bin);
    char *abs = hp_xasprintf("%s/%s", cwd, hp_str_has_prefix(helm_bin, "./") ? helm_bin + 2 : helm_bin);
    free(cwd);
    return abs;
}

/* The variables helm hands a plugin, in the order `helm panda env` prints them, each with
 * its field: one row per variable for reading, printing and freeing. HELM_BIN is apart
 * (resolved, and printed with where it came from). */
enum var_kind {
    VAR_TEXT,   /* char *: the value, NULL when unset or empty */
    VAR_SECRET, /* char *, printed as "(set)" */
    VAR_BOOL,   /* bool: strconv.ParseBool's true forms */
};
struct var {
    const char *name;
    size_t off;
    enum var_kind kind;
};
#define VAR(name, field, kind) {name, offsetof(struct hp_helmenv, field), kind}
static const struct var vars[] = {
    VAR("HELM_NAMESPACE", namespace_, VAR_TEXT),
    VAR("HELM_KUBECONTEXT", kube_context, VAR_TEXT),
    VAR("HELM_DEBUG", debug, VAR_BOOL),
    VAR("HELM_PLUGIN_DIR", plugin_dir, VAR_TEXT),
    VAR("HELM_PLUGIN_NAME", plugin_name, VAR_TEXT),
    VAR("HELM_PLUGINS", plugins, VAR_TEXT),
    VAR("HELM_DATA_HOME", data_home, VAR_TEXT),
    VAR("HELM_CONFIG_HOME", config_home, VAR_TEXT),
    VAR("HELM_CACHE_HOME", cache_home, VAR_TEXT),
    VAR("HELM_REGISTRY_CONFIG", registry_config, VAR_TEXT),
    VAR("HELM_REPOSITORY_CONFIG", repository_config, VAR_TEXT),
    VAR("HELM_REPOSITORY_CACHE", repository_cache, VAR_TEXT),
    VAR("HELM_KUBEAPISERVER", kube_apiserver, VAR_TEXT),
    VAR("HELM_KUBEASUSER", kube_as_user, VAR_TEXT),
    VAR("HELM_KUBEASGROUPS", kube_as_groups, VAR_TEXT),
    VAR("HELM_KUBECAFILE", kube_ca_file, VAR_TEXT),
    VAR("HELM_KUBETOKEN", kube_token, VAR_SECRET),
    VAR("HELM_KUBETLS_SERVER_NAME", kube_tls_server_name, VAR_TEXT),
    VAR("HELM_KUBEINSECURE_SKIP_TLS_VERIFY", kube_insecure_skip_tls_verify, VAR_BOOL),
    VAR("HELM_BURST_LIMIT", burst_limit, VAR_TEXT),
    VAR("HELM_QPS", qps, VAR_TEXT),
    VAR("HELM_MAX_HISTORY", max_history, VAR_TEXT),
    VAR("KUBECONFIG", kubeconfig, VAR_TEXT),
};
#undef VAR
#define NVARS (sizeof vars / sizeof *vars)

static char **text_field(struct hp_helmenv *env, const struct var *v) { return (char **)((char *)env + v->off); }
static bool *bool_field(struct hp_helmenv *env, const struct var *v) { return (bool *)((char *)env + v->off); }
static const char *text_of(const struct hp_helmenv *env, const struct var *v)
{
    return *(char *const *)((const char *)env + v->off);
}
static bool bool_of(const struct hp_helmenv *env, const struct var *v)
{
    return *(const bool *)((const char *)env + v->off);
}

void hp_helmenv_load(struct hp_helmenv *env)
{
    memset(env, 0, sizeof *env);
    env->bin_given = getenv_dup("HELM_BIN");
    env->bin_from_path = !env->bin_given || !strchr(env->bin_given, '/');
    env->bin = hp_helmenv_resolve_bin(env->bin_given, getenv("PATH"));
    for (size_t i = 0; i < NVARS; i++) {
        if (vars[i].kind == VAR_BOOL)
            *bool_field(env, &vars[i]) = getenv_bool(vars[i].name);
        else
            *text_field(env, &vars[i]) = getenv_dup(vars[i].name);
    }
    env->under_helm = env->plugin_name || env->plugin_dir;
}

int hp_helmenv_require_bin(const struct hp_helmenv *env, struct hp_error *e)
{
    if (!env->bin_from_path) {
        /* HELM_BIN names a file: it must be one we can run */
        if (hp_path_is_executable_file(env->bin))
            return 0;
        return hp_error_set(e, HP_ERR_GENERIC, "HELM_BIN=%s is not an executable file", env->bin_given);
    }
    if (env->bin)
        return 0;
    if (env->bin_given)
        return hp_error_set(e, HP_ERR_GENERIC, "HELM_BIN=%s: no executable '%s' in the absolute directories of PATH "
                                  "(empty and relative PATH entries are not searched)",
                            env->bin_given, env->bin_given);
    return hp_error_set(e, HP_ERR_GENERIC, "helm not found: HELM_BIN is not set and there is no 'helm' in the absolute "
                              "directories of PATH (run this as 'helm panda ...' or set HELM_BIN)");
}

void hp_helmenv_print(const struct hp_helmenv *env, FILE *out)
{
    fprintf(out, "HELM_BIN=%s%s\n", env->bin ? env->bin : "", env->bin_from_path && env->bin ? " (from PATH)" : "");
    for (size_t i = 0; i < NVARS; i++) {
        const char *v = vars[i].kind == VAR_BOOL ? (bool_of(env, &vars[i]) ? "true" : "false") : text_of(env, &vars[i]);
        if (v && vars[i].kind == VAR_SECRET)
            v = "(set)";
        fprintf(out, "%s=%s\n", vars[i].name, v ? v : "");
    }
}

void hp_helmenv_free(struct hp_helmenv *env)
{
    for (size_t i = 0; i < NVARS; i++) {
        if (vars[i].kind != VAR_BOOL) {
            free(*text_field(env, &vars[i]));
            *text_field(env, &vars[i]) = NULL;
        }
    }
    free(env->bin);
    free(env->bin_given);
    env->bin = env->bin_given = NULL;
}
