/* helm-diff's output, the plugin probe, the apply filter and the diff summary (see
 * include/deploy/ops/diff.h). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/ops/diff.h"
#include "deploy/ops/list.h"
#include "deploy/run/helmver.h"
#include "deploy/run/report.h"
#include "hp/interrupt.h"
#include "hp/util.h"

/* helm-diff's change messages (diff/report.go): the default "diff" output, then "simple" (in
 * case `-- --output simple` reaches it anyway). */
static const struct {
    const char *suffix;
    int kind; /* 0 added, 1 changed, 2 removed */
} change_messages[] = {
    {" has been added:", 0},
    {" has changed:", 1},
    {" changed ownership:", 1},
    {" has changed, but diff is empty after suppression.", 1},
    {" has been removed:", 2},
    {" to be added.", 0},
    {" to be changed.", 1},
    {" to change ownership.", 1},
    {" to be removed.", 2},
};

#define NEW_RELEASE_BANNER "Release was not present in Helm.  Diff will show entire contents as new."

/* Copies one line without ANSI escape sequences (ESC [ ... final byte) into buf. */
static size_t strip_ansi(const char *s, size_t n, char *buf)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '\033') {
            if (i + 1 < n && s[i + 1] == '[') {
                i += 2;
                while (i < n && !((unsigned char)s[i] >= 0x40 && (unsigned char)s[i] <= 0x7e))
                    i++;
            }
            continue; /* a lone ESC, or the sequence's final byte */
        }
        buf[k++] = s[i];
    }
    while (k && buf[k - 1] == '\r')
        k--;
    buf[k] = '\0';
    return k;
}

/* The banner is a line of its own, after a tab: the same words inside a diff body ("+ ...",
 * "  ..." context lines, a ConfigMap quoting them) are not it. */
static bool is_new_release_banner(const char *line)
{
    return strcmp(line + (line[0] == '\t'), NEW_RELEASE_BANNER) == 0;
}

static void parse_line(const char *line, size_t n, struct deploy_diff_counts *c)
{
    if (is_new_release_banner(line)) {
        c->new_release = true;
        return;
    }
    /* diff body lines start with "+ ", "- " or "  " (also a bare "+" or "-"): never a header */
    if (n == 0 || line[0] == '+' || line[0] == '-' || line[0] == ' ' || line[0] == '\t')
        return;
    if (strncmp(line, "Plan: ", 6) == 0) /* --output simple's closing line ("... to change ownership.") */
        return;
    for (size_t m = 0; m < sizeof change_messages / sizeof change_messages[0]; m++) {
        size_t sl = strlen(change_messages[m].suffix);
        if (n > sl && memcmp(line + n - sl, change_messages[m].suffix, sl) == 0) {
            if (change_messages[m].kind == 0)
                c->added++;
            else if (change_messages[m].kind == 1)
                c->changed++;
            else
                c->removed++;
            return;
        }
    }
}

void deploy_diff_parse(const char *text, size_t len, struct deploy_diff_counts *c)
{
    memset(c, 0, sizeof *c);
    if (!text || !len)
        return;
    char *buf = hp_xmalloc(len + 1);
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && text[e] != '\n')
            e++;
        size_t n = strip_ansi(text + i, e - i, buf);
        parse_line(buf, n, c);
        i = e + 1;
    }
    free(buf);
}

enum deploy_diff_status deploy_diff_status_of(const struct deploy_diff_counts *c)
{
    if (c->new_release)
        return DEPLOY_DIFF_NEW;
    return c->added || c->changed || c->removed ? DEPLOY_DIFF_CHANGED : DEPLOY_DIFF_UNCHANGED;
}

const char *deploy_diff_status_name(enum deploy_diff_status s)
{
    switch (s) {
    case DEPLOY_DIFF_UNCHANGED: return "unchanged";
    case DEPLOY_DIFF_CHANGED: return "changed";
    case DEPLOY_DIFF_NEW: return "new";
    case DEPLOY_DIFF_FAILED: return "failed";
    }
    return "?";
}

void deploy_diff_from_job(const struct runner_job *j, int installed, struct deploy_diff_result *d)
{
    memset(d, 0, sizeof *d);
    if (j->state != RUNNER_OK) {
        d->status = DEPLOY_DIFF_FAILED;
        return;
    }
    deploy_diff_parse(j->out.len ? (const char *)j->out.data : "", j->out.len, &d->counts);
    if (installed == 0)
        d->counts.new_release = true;
    d->status = deploy_diff_status_of(&d->counts);
}

void deploy_diff_mark_owed(struct deploy_diff_result *d, const char *last_status)
{
    if (!last_status || strcmp(last_status, "deployed") == 0)
        return;
    if (d->status != DEPLOY_DIFF_UNCHANGED && d->status != DEPLOY_DIFF_CHANGED)
        return;
    d->status = DEPLOY_DIFF_CHANGED;
    snprintf(d->owed, sizeof d->owed, "%s", last_status);
}

int deploy_diff_parse_list(const char *json, size_t len, const char *const *names, size_t n, bool *found)
{
    struct deploy_listed *l = hp_xcalloc(n ? n : 1, sizeof *l);
    int rc = deploy_list_parse(json, len, names, n, l);
    for (size_t i = 0; rc == 0 && i < n; i++)
        found[i] = found[i] || l[i].found;
    deploy_listed_free(l, n);
    return rc;
}

bool *deploy_diff_installed(const char *helm, int helm_major, const char *const *names, size_t n,
                            const char *namespace_, const char *kube_context)
{
    struct deploy_listed *l = deploy_helm_list(helm, helm_major, names, n, namespace_, kube_context);
    if (!l) {
        if (!hp_interrupt_signal()) /* interrupted: the diffs that follow start nothing */
            hp_debugf("helm list did not answer: a release is new only where helm-diff says so");
        return NULL;
    }
    bool *found = hp_xcalloc(n ? n : 1, sizeof *found);
    for (size_t i = 0; i < n; i++)
        found[i] = l[i].found;
    deploy_listed_free(l, n);
    return found;
}

static bool readable_version(const char *v)
{
    if (*v == 'v')
        v++;
    if (!(*v >= '0' && *v <= '9'))
        return false;
    while (*v >= '0' && *v <= '9')
        v++;
    return *v == '.';
}

/* The VERSION column of the diff row of `helm plugin list` (helm 3: NAME VERSION DESCRIPTION,
 * helm 4: NAME VERSION TYPE ...): plugin.yaml's version, for a helm-diff built without one
 * (`helm diff version` then says "HEAD"). */
static char *plugin_list_version(const char *helm)
{
    char *argv[] = {(char *)helm, "plugin", "list", NULL};
    struct hp_buf out = {0};
    struct hp_error e = {0};
    char *v = NULL;
    if (runner_capture(argv, &out, NULL, &e) == 0 && out.len) {
        const char *s = hp_buf_cstr(&out);
        for (const char *line = s; *line && !v;) {
            size_t n = strcspn(line, "\n");
            char name[64], ver[64];
            char *l = hp_xstrndup(line, n);
            if (sscanf(l, "%63s %63s", name, ver) == 2 && strcmp(name, "diff") == 0)
                v = hp_xstrdup(ver);
            free(l);
            line += n + (line[n] == '\n');
        }
    }
    hp_buf_free(&out);
    return v;
}

void deploy_diff_env_neutralise(void)
{
    extern char **environ;
    struct hp_strlist drop = {0};
    for (char **v = environ; v && *v; v++)
        if (strncmp(*v, "HELM_DIFF_", 10) == 0)
            hp_strlist_push_own(&drop, hp_xstrndup(*v, strcspn(*v, "=")));
    for (size_t i = 0; i < drop.n; i++) { /* unsetenv changes environ: not inside the walk */
        hp_debugf("%s: not passed to helm-diff (our flags decide what it prints and compares)", drop.v[i]);
        unsetenv(drop.v[i]);
    }
    hp_strlist_free(&drop);
}

/* `helm diff version`'s answer: pr, out as runner_capture's. */
static int probe_read(const char *helm, const char *what, int pr, struct hp_buf *out, char **version,
                      struct hp_error *e)
{
    if (pr == 0 && version) {
        const char *s = out->len ? hp_buf_cstr(out) : "";
        *version = hp_xstrndup(s, strcspn(s, "\r\n"));
    }
    if (pr == 0 && version && !readable_version(*version)) {
        char *v = plugin_list_version(helm);
        hp_debugf("helm diff version says '%s'; helm plugin list: %s", *version, v ? v : "no version");
        if (v) {
            free(*version);
            *version = v;
        }
    }
    if (pr == RUNNER_CAPTURE_INTERRUPTED) /* Ctrl-C killed the probe: it proved nothing */
        return hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "%s: interrupted while checking for the helm diff plugin",
                            what);
    if (pr < 0) {
        e->kind = DEPLOY_ERR_HELM;
        return -1;
    }
    if (pr != 0)
        return hp_error_set(e, DEPLOY_ERR_HELM,
                            "%s: the helm diff plugin is not installed (helm plugin install " DEPLOY_DIFF_PLUGIN_URL ")",
                            what);
    return 0;
}

int deploy_diff_probe(const char *helm, const char *what, char **version, struct hp_error *e)
{
    deploy_diff_env_neutralise();
    char *probe[] = {(char *)helm, "diff", "version", NULL};
    struct hp_buf out = {0}, err = {0};
    int pr = runner_capture(probe, &out, &err, e);
    int rc = probe_read(helm, what, pr, &out, version, e);
    hp_buf_free(&out);
    hp_buf_free(&err);
    return rc;
}

int deploy_diff_probe_and_version(const char *helm, const char *what, char **diff_version, int *major,
                                  char **helm_version, struct hp_error *e)
{
    deploy_diff_env_neutralise();
    char *probe[] = {(char *)helm, "diff", "version", NULL};
    char *ver[DEPLOY_HELM_VERSION_ARGC];
    deploy_helm_version_argv(helm, ver);
    char *const *argvs[] = {probe, ver};
    struct hp_buf out[2] = {{0}}, err[2] = {{0}};
    int st[2] = {0, 0};
    struct hp_error re = {0};
    int rc = runner_capture_all(argvs, 2, st, out, err, &re);
    if (rc != 0) /* interrupted, or nothing could be run: both probes give that answer */
        st[0] = st[1] = rc;
    if (rc < 0)
        *e = re; /* the runner's message, as deploy_diff_probe gives it */
    int res = probe_read(helm, what, st[0], &out[0], diff_version, e);
    if (res == 0 && deploy_helm_version_read(helm, st[1], &out[1], &err[1], re.msg, major, helm_version, e) < 0)
        res = -2;
    for (int i = 0; i < 2; i++) {
        hp_buf_free(&out[i]);
        hp_buf_free(&err[i]);
    }
    return res;
}

bool deploy_diff_needs_disable_validation(int helm_major, const char *diff_version)
{
    if (helm_major < 4 || !diff_version)
        return false;
    const char *v = diff_version[0] == 'v' ? diff_version + 1 : diff_version;
    char *end;
    long major = strtol(v, &end, 10);
    if (end == v || *end != '.')
        return false; /* not a version we can read: leave helm-diff alone */
    long minor = strtol(end + 1, &end, 10);
    return major == 3 && minor < 14; /* 3.14 knows helm 4 */
}

void deploy_apply_select(const struct deploy_plan *plan, const enum deploy_diff_status *st, bool cascade,
                         bool *upgrade)
{
    /* plan order is topological: a release's needs are decided before it */
    for (size_t i = 0; i < plan->n; i++) {
        upgrade[i] = st[i] == DEPLOY_DIFF_NEW || st[i] == DEPLOY_DIFF_CHANGED;
        for (size_t m = 0; cascade && !upgrade[i] && m < plan->releases[i].n_needs; m++)
            upgrade[i] = upgrade[plan->releases[i].needs[m]];
    }
}

static void nearest_selected(const struct deploy_plan *plan, const bool *upgrade, size_t i, bool *seen, size_t *out,
                             size_t *n)
{
    const struct deploy_release *r = &plan->releases[i];
    for (size_t m = 0; m < r->n_needs; m++) {
        size_t k = r->needs[m];
        if (k >= plan->n || seen[k])
            continue;
        seen[k] = true;
        if (upgrade[k])
            out[(*n)++] = k;
        else
            nearest_selected(plan, upgrade, k, seen, out, n);
    }
}

size_t deploy_apply_needs(const struct deploy_plan *plan, const bool *upgrade, size_t i, size_t *out)
{
    bool *seen = hp_xcalloc(plan->n ? plan->n : 1, sizeof *seen);
    size_t n = 0;
    nearest_selected(plan, upgrade, i, seen, out, &n);
    free(seen);
    return n;
}

bool deploy_diff_any_change(const struct deploy_diff_result *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (d[i].status == DEPLOY_DIFF_NEW || d[i].status == DEPLOY_DIFF_CHANGED)
            return true;
    return false;
}

bool deploy_diff_any_failed(const struct deploy_diff_result *d, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (d[i].status == DEPLOY_DIFF_FAILED)
            return true;
    return false;
}

/* "failed" for a helm-diff that failed; "interrupted" / "not started" when it never answered. */
static const char *status_label(const struct runner_job *j, const struct deploy_diff_result *d)
{
    if (d->status != DEPLOY_DIFF_FAILED || j->state == RUNNER_FAILED)
        return j->state == RUNNER_FAILED && j->interrupted ? "interrupted" : deploy_diff_status_name(d->status);
    return runner_state_name(j->state);
}

void deploy_diff_table(FILE *out, const char *const *names, const char *const *components, size_t n,
                       const struct runner_job *jobs, const struct deploy_diff_result *d, int result)
{
    int wn = 7, wc = 9;
    for (size_t i = 0; i < n; i++) {
        int k = (int)strlen(names[i]);
        wn = k > wn ? k : wn;
        k = (int)strlen(components[i]);
        wc = k > wc ? k : wc;
    }
    fprintf(out, "%-*s  %-*s  %-11s  %5s  %7s  %7s  %s\n", wn, "RELEASE", wc, "COMPONENT", "STATUS", "ADDED", "CHANGED",
            "REMOVED", "NOTE");
    size_t n_new = 0, n_changed = 0, n_unchanged = 0, n_failed = 0;
    for (size_t i = 0; i < n; i++) {
        const struct deploy_diff_result *x = &d[i];
        char a[24] = "-", c[24] = "-", r[24] = "-", note[300] = "";
        if (x->status != DEPLOY_DIFF_FAILED) {
            snprintf(a, sizeof a, "%zu", x->counts.added);
            snprintf(c, sizeof c, "%zu", x->counts.changed);
            snprintf(r, sizeof r, "%zu", x->counts.removed);
        } else if (jobs[i].state == RUNNER_FAILED && !jobs[i].interrupted) {
            char line[200];
            report_error_line(&jobs[i], line, sizeof line);
            snprintf(note, sizeof note, "exit %d%s%s", jobs[i].exit_code, line[0] ? ": " : "", line);
        }
        if (x->owed[0])
            snprintf(note, sizeof note, "last revision %s, not deployed: upgrade owed", x->owed);
        n_new += x->status == DEPLOY_DIFF_NEW;
        n_changed += x->status == DEPLOY_DIFF_CHANGED;
        n_unchanged += x->status == DEPLOY_DIFF_UNCHANGED;
        n_failed += x->status == DEPLOY_DIFF_FAILED;
        fprintf(out, "%-*s  %-*s  %-11s  %5s  %7s  %7s%s%s\n", wn, names[i], wc,
                components[i], status_label(&jobs[i], x), a, c, r, note[0] ? "  " : "", note);
    }
    fprintf(out, "%zu of %zu would change (%zu new, %zu changed), %zu unchanged%s%s\n", n_new + n_changed, n,
            n_new, n_changed, n_unchanged, result == RUNNER_INTERRUPTED ? "; interrupted" : "",
            n_failed && result != RUNNER_INTERRUPTED ? "; FAILED" : "");
}

void *deploy_diff_json(const char *const *names, const char *const *components, size_t n,
                       const struct runner_job *jobs, const struct deploy_diff_result *d, int result, bool with_diff)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "result", result == RUNNER_INTERRUPTED             ? "interrupted"
                                         : deploy_diff_any_failed(d, n) ? "failed"
                                                                              : "ok");
    cJSON_AddBoolToObject(o, "changes", deploy_diff_any_change(d, n));
    cJSON *a = cJSON_AddArrayToObject(o, "releases");
    for (size_t i = 0; i < n; i++) {
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "name", names[i]);
        cJSON_AddStringToObject(x, "component", components[i]);
        cJSON_AddStringToObject(x, "status", status_label(&jobs[i], &d[i]));
        if (d[i].status != DEPLOY_DIFF_FAILED) {
            cJSON_AddNumberToObject(x, "added", (double)d[i].counts.added);
            cJSON_AddNumberToObject(x, "changed", (double)d[i].counts.changed);
            cJSON_AddNumberToObject(x, "removed", (double)d[i].counts.removed);
            if (d[i].owed[0])
                cJSON_AddStringToObject(x, "lastRevision", d[i].owed);
            if (with_diff) {
                char *s = hp_xstrndup(jobs[i].out.len ? (const char *)jobs[i].out.data : "", jobs[i].out.len);
                cJSON_AddStringToObject(x, "diff", s);
                free(s);
            }
        } else if (jobs[i].state == RUNNER_FAILED) {
            char line[300];
            report_error_line(&jobs[i], line, sizeof line);
            cJSON_AddNumberToObject(x, "exitCode", jobs[i].exit_code);
            cJSON_AddStringToObject(x, "error", line);
        }
        cJSON_AddItemToArray(a, x);
    }
    return o;
}

void deploy_diff_header_owed(struct hp_buf *out, const char *name, const char *component, const struct runner_job *j,
                             int installed, const char *last_status)
{
    struct deploy_diff_result d;
    deploy_diff_from_job(j, installed, &d);
    deploy_diff_mark_owed(&d, last_status);
    hp_buf_appendf(out, "=== %s (%s): %s", name, component, deploy_diff_status_name(d.status));
    if (d.status == DEPLOY_DIFF_NEW || d.status == DEPLOY_DIFF_CHANGED)
        hp_buf_appendf(out, ", %zu added, %zu changed, %zu removed", d.counts.added, d.counts.changed,
                       d.counts.removed);
    if (d.owed[0])
        hp_buf_appendf(out, "; last revision %s, not deployed: upgrade owed", d.owed);
    hp_buf_append_str(out, "\n");
}

void deploy_diff_header(struct hp_buf *out, const char *name, const char *component, const struct runner_job *j,
                        int installed)
{
    deploy_diff_header_owed(out, name, component, j, installed, NULL);
}
