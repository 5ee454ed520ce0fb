/* Reads helm's plugin environment once (see include/helm/env.h). */
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

void hp_helmenv_load(struct hp_helmenv *env)
{
    memset(env, 0, sizeof *env);
    env->bin_given = getenv_dup("HELM_BIN");
    env->bin_from_path = !env->bin_given || !strchr(env->bin_given, '/');
    env->bin = hp_helmenv_resolve_bin(env->bin_given, getenv("PATH"));
    env->namespace_ = getenv_dup("HELM_NAMESPACE");
    env->kube_context = getenv_dup("HELM_KUBECONTEXT");
    env->debug = getenv_bool("HELM_DEBUG");
    env->plugin_dir = getenv_dup("HELM_PLUGIN_DIR");
    env->plugin_name = getenv_dup("HELM_PLUGIN_NAME");
    env->plugins = getenv_dup("HELM_PLUGINS");
    env->kubeconfig = getenv_dup("KUBECONFIG");
    env->data_home = getenv_dup("HELM_DATA_HOME");
    env->config_home = getenv_dup("HELM_CONFIG_HOME");
    env->cache_home = getenv_dup("HELM_CACHE_HOME");
    env->registry_config = getenv_dup("HELM_REGISTRY_CONFIG");
    env->repository_config = getenv_dup("HELM_REPOSITORY_CONFIG");
    env->repository_cache = getenv_dup("HELM_REPOSITORY_CACHE");
    env->kube_apiserver = getenv_dup("HELM_KUBEAPISERVER");
    env->kube_as_user = getenv_dup("HELM_KUBEASUSER");
    env->kube_as_groups = getenv_dup("HELM_KUBEASGROUPS");
    env->kube_ca_file = getenv_dup("HELM_KUBECAFILE");
    env->kube_token = getenv_dup("HELM_KUBETOKEN");
    env->kube_tls_server_name = getenv_dup("HELM_KUBETLS_SERVER_NAME");
    env->kube_insecure_skip_tls_verify = getenv_bool("HELM_KUBEINSECURE_SKIP_TLS_VERIFY");
    env->burst_limit = getenv_dup("HELM_BURST_LIMIT");
    env->qps = getenv_dup("HELM_QPS");
    env->max_history = getenv_dup("HELM_MAX_HISTORY");
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
#define P(name, v) fprintf(out, "%s=%s\n", name, (v) ? (v) : "")
    fprintf(out, "HELM_BIN=%s%s\n", env->bin ? env->bin : "", env->bin_from_path && env->bin ? " (from PATH)" : "");
    P("HELM_NAMESPACE", env->namespace_);
    P("HELM_KUBECONTEXT", env->kube_context);
    P("HELM_DEBUG", env->debug ? "true" : "false");
    P("HELM_PLUGIN_DIR", env->plugin_dir);
    P("HELM_PLUGIN_NAME", env->plugin_name);
    P("HELM_PLUGINS", env->plugins);
    P("HELM_DATA_HOME", env->data_home);
    P("HELM_CONFIG_HOME", env->config_home);
    P("HELM_CACHE_HOME", env->cache_home);
    P("HELM_REGISTRY_CONFIG", env->registry_config);
    P("HELM_REPOSITORY_CONFIG", env->repository_config);
    P("HELM_REPOSITORY_CACHE", env->repository_cache);
    P("HELM_KUBEAPISERVER", env->kube_apiserver);
    P("HELM_KUBEASUSER", env->kube_as_user);
    P("HELM_KUBEASGROUPS", env->kube_as_groups);
    P("HELM_KUBECAFILE", env->kube_ca_file);
    P("HELM_KUBETOKEN", env->kube_token ? "(set)" : NULL);
    P("HELM_KUBETLS_SERVER_NAME", env->kube_tls_server_name);
    P("HELM_KUBEINSECURE_SKIP_TLS_VERIFY", env->kube_insecure_skip_tls_verify ? "true" : "false");
    P("HELM_BURST_LIMIT", env->burst_limit);
    P("HELM_QPS", env->qps);
    P("HELM_MAX_HISTORY", env->max_history);
    P("KUBECONFIG", env->kubeconfig);
#undef P
}

void hp_helmenv_free(struct hp_helmenv *env)
{
    char **fields[] = {&env->bin, &env->bin_given, &env->namespace_, &env->kube_context, &env->plugin_dir, &env->plugin_name,
                       &env->plugins, &env->kubeconfig, &env->data_home, &env->config_home, &env->cache_home,
                       &env->registry_config, &env->repository_config, &env->repository_cache,
                       &env->kube_apiserver, &env->kube_as_user, &env->kube_as_groups, &env->kube_ca_file,
                       &env->kube_token, &env->kube_tls_server_name, &env->burst_limit, &env->qps,
                       &env->max_history};
    for (size_t i = 0; i < sizeof fields / sizeof *fields; i++) {
        free(*fields[i]);
        *fields[i] = NULL;
    }
}
