/* Helm's environment, read once. Helm hands a plugin its global flags (-n, --kube-context,
 * --debug, ...) only through these variables, so this is the one place that knows them. */
#ifndef HELM_ENV_H
#define HELM_ENV_H

#include <stdbool.h>
#include <stdio.h>

#include "hp/error.h"

struct hp_helmenv {
    char *bin;            /* helm to run: $HELM_BIN, else "helm" found on PATH (absolute) */
    bool bin_from_path;   /* true when HELM_BIN was not set and PATH was searched */
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
/* Fills e ("helm not found: set HELM_BIN or put helm on PATH") when no helm can be run. */
int hp_helmenv_require_bin(const struct hp_helmenv *env, struct hp_error *e);
/* Prints every field as NAME=value lines (for `helm panda env` and --debug). */
void hp_helmenv_print(const struct hp_helmenv *env, FILE *out);
void hp_helmenv_free(struct hp_helmenv *env);

#endif
