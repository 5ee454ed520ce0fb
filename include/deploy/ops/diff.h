/* helm panda diff|apply and secrets diff: what `helm upgrade --install` would change, release by
 * release, through the helm-diff plugin (https://github.com/databus23/helm-diff), and which
 * releases apply then upgrades.
 *
 *   helm-diff's default ("diff") output  -> deploy_diff_parse -> counts and new/changed/unchanged
 *   the statuses of a plan + --cascade   -> deploy_apply_select -> which releases apply upgrades
 *   the selected releases                -> deploy_apply_needs -> the needs among them (through
 *                                           unselected releases, so dependency order holds)
 *
 * helm-diff is run without --detailed-exitcode (its exit 2 would read as a failure to the
 * runner): whether a release changes is read from its output, which also gives the counts. */
#ifndef DEPLOY_DIFF_H
#define DEPLOY_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "deploy/plan/plan.h"
#include "deploy/run/runner.h"
#include "hp/buf.h"
#include "hp/error.h"

#define DEPLOY_DIFF_PLUGIN_URL "https://github.com/databus23/helm-diff"

enum deploy_diff_status {
    DEPLOY_DIFF_UNCHANGED = 0,
    DEPLOY_DIFF_CHANGED,  /* installed, and at least one resource is added, changed or removed */
    DEPLOY_DIFF_NEW,      /* not installed yet (helm-diff's "Release was not present" banner) */
    DEPLOY_DIFF_FAILED,   /* helm-diff failed, or did not run (Ctrl-C, fail-fast) */
};

/* One release's diff, read from helm-diff's output. */
struct deploy_diff_counts {
    size_t added, changed, removed; /* resources: "has been added:", "has changed:" (and "changed
                                     * ownership:", "has changed, but diff is empty after
                                     * suppression."), "has been removed:" */
    bool new_release;               /* the "Release was not present in Helm" banner */
};

/* Parses helm-diff's default output (untrusted bytes: fuzzed). A resource header is a line that
 * does not start with a diff body prefix ("+ ", "- ", "  ") and ends with one of helm-diff's
 * change messages; ANSI colour codes are ignored. Never fails: unknown lines count as nothing. */
void deploy_diff_parse(const char *text, size_t len, struct deploy_diff_counts *c);
enum deploy_diff_status deploy_diff_status_of(const struct deploy_diff_counts *c);
const char *deploy_diff_status_name(enum deploy_diff_status s);

/* One planned release's diff: from a finished helm-diff job (FAILED unless it exited 0).
 * installed: 1 helm has the release, 0 it has not (the diff is NEW whatever it lists: helm-diff
 * 3.13 prints no banner for a release it did not find), -1 unknown (the banner decides). */
struct deploy_diff_result {
    enum deploy_diff_status status;
    struct deploy_diff_counts counts;
    char owed[24]; /* helm's state of the release's last revision when it is not "deployed"
                    * (failed, pending-upgrade, superseded, uninstalled, ...; cut to fit), else "" */
};
void deploy_diff_from_job(const struct runner_job *j, int installed, struct deploy_diff_result *d);
/* helm-diff compares with the last revision whatever its state, so a release whose last upgrade
 * failed diffs "unchanged": a release helm lists in any state but "deployed" (last_status, from
 * helm list; NULL: unknown) is changed, an upgrade is owed to it, and d->owed says why. A new
 * or failed diff stays as it is. */
void deploy_diff_mark_owed(struct deploy_diff_result *d, const char *last_status);

/* Which of names[0..n) helm has, in any state: `helm list --all --output json --filter
 * '^(NAME|...)$'` (helm 4 lists every state without --all, and refuses it), plus
 * --namespace/--kube-context when given. Returns a malloc'd array of n flags, or NULL when helm
 * could not tell (no cluster, Ctrl-C): then only the banner says new. */
bool *deploy_diff_installed(const char *helm, int helm_major, const char *const *names, size_t n,
                            const char *namespace_, const char *kube_context);
/* helm list's JSON (untrusted: fuzzed): sets found[i] for every names[i] it lists. -1 if not a
 * JSON array. */
int deploy_diff_parse_list(const char *json, size_t len, const char *const *names, size_t n, bool *found);

/* `helm diff version`: 0 when the plugin answers (*version, if not NULL: its first line, owned,
 * e.g. "3.13.2"); else one line in e and -1, with e->kind DEPLOY_ERR_HELM (not installed: exit 2,
 * nothing run) or DEPLOY_ERR_INTERRUPTED (exit 130). */
int deploy_diff_probe(const char *helm, const char *what, char **version, struct hp_error *e);
/* deploy_diff_probe and deploy_helm_version (deploy/run/helmver.h) at once: two helm starts
 * side by side instead of in series before the first diff. -1 with e when the diff probe fails
 * (as deploy_diff_probe; its failure is reported first), -2 with e when helm's version does. */
int deploy_diff_probe_and_version(const char *helm, const char *what, char **diff_version, int *major,
                                  char **helm_version, struct hp_error *e);
/* helm-diff before 3.14 gives `helm template` helm 3's --validate, which helm 4 refuses next to
 * the --dry-run it also passes ("if any flags in the group [validate dry-run] are set none of the
 * others can be"): under helm 4 such a helm-diff gets --disable-validation. */
bool deploy_diff_needs_disable_validation(int helm_major, const char *diff_version);

/* apply: upgrade[i] = the release is new or changed, or (cascade) needs, directly or not, a
 * release that is. st has plan->n entries. */
void deploy_apply_select(const struct deploy_plan *plan, const enum deploy_diff_status *st, bool cascade,
                         bool *upgrade);
/* The needs of selected release i among the selected ones: the nearest selected releases on
 * every path of needs (an unchanged release in between is looked through, so a changed release
 * still waits for a changed one further up). Fills out (room for plan->n), returns the count. */
size_t deploy_apply_needs(const struct deploy_plan *plan, const bool *upgrade, size_t i, size_t *out);

/* The diff summary of n releases (names[i], components[i]): a table (release, component, status,
 * added, changed, removed, note) and a closing line, or the JSON {"result", "changes",
 * "releases": [{name, component, status, added, changed, removed, exitCode?, error?, diff?}]}
 * (returned as cJSON*; with_diff adds each release's text). */
void deploy_diff_table(FILE *out, const char *const *names, const char *const *components, size_t n,
                       const struct runner_job *jobs, const struct deploy_diff_result *d, int result);
void *deploy_diff_json(const char *const *names, const char *const *components, size_t n,
                       const struct runner_job *jobs, const struct deploy_diff_result *d, int result, bool with_diff);
/* Whether any release is new or changed / failed. */
bool deploy_diff_any_change(const struct deploy_diff_result *d, size_t n);
bool deploy_diff_any_failed(const struct deploy_diff_result *d, size_t n);
/* The header written before each release's diff in the ordered output ("=== NAME (COMPONENT):
 * changed, 1 added, 2 changed, 0 removed"). */
void deploy_diff_header(struct hp_buf *out, const char *name, const char *component, const struct runner_job *j,
                        int installed);
/* The same with helm list's state of the release (deploy_diff_mark_owed; NULL: unknown). */
void deploy_diff_header_owed(struct hp_buf *out, const char *name, const char *component, const struct runner_job *j,
                             int installed, const char *last_status);

/* The whole of `helm panda diff` and `helm panda apply` once the plan is built and the
 * helm-diff probe has answered: diff every release in parallel (output grouped per release in
 * plan order on stdout, never interleaved; decrypted values as /dev/fd/N of memfiles), then the
 * summary; for apply, `upgrade --install` of the new and changed releases (plus, with cascade,
 * their dependents) in dependency order, with install's fail-fast, keep_going and Ctrl-C. */
struct secrets_keyring;
struct deploy_diff_exec {
    const struct deploy_helm_args *diff;    /* action DEPLOY_DIFF */
    const struct deploy_helm_args *install; /* apply: action DEPLOY_INSTALL; NULL for diff */
    struct secrets_keyring *kr;
    int parallel;
    bool keep_going;        /* apply: after a failed upgrade, go on with what does not need it */
    bool cascade;           /* apply: also upgrade what needs an upgraded release */
    bool quiet;             /* no progress lines */
    bool json;              /* -o json instead of the diffs and the table */
    bool detailed_exitcode; /* diff: 0 no change, 2 changes, 1 error */
};
/* Returns the exit status (hp/util.h HP_EXIT_*, or 2 for changes with detailed_exitcode);
 * errors are printed. */
int deploy_diff_execute(struct deploy_plan *plan, const struct deploy_diff_exec *x);

#endif
