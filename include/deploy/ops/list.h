/* `helm list --output json`, filtered to a plan's releases: which exist (in any state) and each
 * one's chart ("panda-0.1.0") and app version. Used by diff/apply (is a release new?) and by
 * status (the CHART column: real helm's `status -o json` carries no chart, helm 3's and 4's
 * status actions drop it; `list` keeps it). */
#ifndef DEPLOY_LIST_H
#define DEPLOY_LIST_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"
#include "hp/util.h"

struct deploy_listed {
    bool found;        /* helm lists the release */
    char *chart;       /* its "chart" ("panda-0.1.0"), or NULL */
    char *app_version; /* its "app_version", or NULL (also when empty) */
    int revision;      /* its last revision ("revision", a string in helm's JSON), 0 when unknown */
    char *status;      /* its last revision's "status" ("deployed", "failed", "pending-upgrade",
                        * "superseded", "uninstalled"), or NULL */
};

/* The release is there to uninstall: listed, and not "uninstalled" (helm 3 lists the releases
 * uninstalled with --keep-history). */
bool deploy_listed_installed(const struct deploy_listed *l);

/* helm list's JSON (untrusted: fuzzed): fills out[i] for every names[i] it lists (out has n
 * entries, zeroed by the call). -1 (out all zero) if not a JSON array. */
int deploy_list_parse(const char *json, size_t len, const char *const *names, size_t n, struct deploy_listed *out);

/* Runs `helm list --all --output json --filter '^(NAME|...)$'` (helm 4 lists every state without
 * --all, and refuses it), plus --namespace/--kube-context when given. Returns a malloc'd array of
 * n entries (free with deploy_listed_free), or NULL when helm could not tell (no cluster,
 * Ctrl-C; said with --debug). */
struct deploy_listed *deploy_helm_list(const char *helm, int helm_major, const char *const *names, size_t n,
                                       const char *namespace_, const char *kube_context);
void deploy_listed_free(struct deploy_listed *l, size_t n);
/* The two halves of deploy_helm_list, for a caller that runs the list beside other queries
 * (runner_capture_all): its argv (pushed onto a), and what an answer means (rc, stdout and
 * stderr of that run; NULL as above). */
void deploy_helm_list_argv(struct hp_strlist *a, const char *helm, int helm_major, const char *const *names, size_t n,
                           const char *namespace_, const char *kube_context);
struct deploy_listed *deploy_helm_list_answer(int rc, const struct hp_buf *out, const struct hp_buf *err,
                                              const char *const *names, size_t n);
/* uninstall's question, asked before it runs: per name, helm has no such release to uninstall
 * (not listed, or uninstalled with its history kept). A malloc'd array of n flags, or NULL when
 * helm list did not answer. */
bool *deploy_helm_list_absent(const char *helm, int helm_major, const char *const *names, size_t n,
                              const char *namespace_, const char *kube_context);

#endif
