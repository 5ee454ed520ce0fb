/* Helm's environment, read once. Helm hands a plugin its global flags (-n, --kube-context,
 * --debug, ...) only through these variables, so this is the one place that knows them. */
#ifndef HELM_ENV_H
#define HELM_ENV_H

#include <stdbool.h>
#include <stdio.h>

#include "hp/error.h"

struct hp_helmenv {
    char *bin;            /* helm to run, absolute: resolved once, used for every child (NULL: none) */
    char *bin_given;      /* HELM_BIN as set (helm sets its own argv[0], often the bare "helm") */
    bool bin_from_path;   /* HELM_BIN unset or a bare name: bin was searched for on PATH */
    char *namespace_;     /* HELM_NAMESPACE (NULL when unset) */
    char *kube_context;   /* HELM_KUBECONTEXT */
    bool debug;           /* HELM_DEBUG */
    char *plugin_dir;     /* HELM_PLUGIN_DIR: where this plugin is installed */
    char *plugin_name;    /* HELM_PLUGIN_NAME */
    char *plugins;        /* HELM_PLUGINS */
    char *kubeconfig;     /* KUBECONFIG */
    char *data_home, *config_home, *cache_home;
    char *registry_config, *repository_config, *repository_cache;
    char *kube_apiserver, *kube_as_user, *kube_as_groups, *kube_ca_file, *kube_token;
    char *kube_tls_server_name;
    bool kube_insecure_skip_tls_verify;
    char *burst_limit, *qps, *max_history;
    bool under_helm; /* run by helm as a plugin (HELM_PLUGIN_NAME or HELM_PLUGIN_DIR set) */
};

/* Reads the environment. Never fails: a missing helm is reported by hp_helmenv_require_bin,
 * only by the commands that need to run helm. */
void hp_helmenv_load(struct hp_helmenv *env);
/* The helm to run for HELM_BIN (NULL or empty: "helm") and PATH: a name with a slash is that
 * file, made absolute; a bare name is searched in PATH's absolute entries only (never the
 * current directory: not for an empty entry, not for a relative one). Owned; NULL if none. */
char *hp_helmenv_resolve_bin(const char *helm_bin, const char *path);
/* Fills e ("helm not found: set HELM_BIN or put helm on PATH") when no helm can be run. */
int hp_helmenv_require_bin(const struct hp_helmenv *env, struct hp_error *e);
/* Prints every field as NAME=value lines (for `helm panda env` and --debug). */
void hp_helmenv_print(const struct hp_helmenv *env, FILE *out);
void hp_helmenv_free(struct hp_helmenv *env);

#endif
