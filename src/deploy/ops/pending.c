/* Releases an interrupted helm left locked (see include/deploy/ops/pending.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "deploy/ops/pending.h"
#include "deploy/run/report.h"
#include "deploy/ops/status.h"
#include "hp/buf.h"
#include "hp/util.h"

bool deploy_status_is_pending(const char *status)
{
    return status && strncmp(status, "pending-", 8) == 0;
}

bool deploy_job_locked(const struct runner_job *j)
{
    const char *w = DEPLOY_PENDING_HELM_ERROR;
    return j->state == RUNNER_FAILED && j->err.len && memmem(j->err.data, j->err.len, w, strlen(w)) != NULL;
}

int deploy_pending_find(const struct deploy_plan *plan, const struct deploy_helm_args *h, int parallel,
                        struct deploy_stuck **out, size_t *n_out, struct hp_error *e)
{
    size_t n = plan->n;
    struct deploy_helm_args sh = *h;
    sh.action = DEPLOY_STATUS;
    sh.passthrough = NULL; /* install's extra flags (--create-namespace, ...) mean nothing to status */
    struct hp_strlist *argv = hp_xcalloc(n ? n : 1, sizeof *argv);
    struct runner_job *jobs = hp_xcalloc(n ? n : 1, sizeof *jobs);
    for (size_t i = 0; i < n; i++) {
        deploy_release_argv(&plan->releases[i], &sh, &argv[i]);
        jobs[i].name = plan->releases[i].name;
        jobs[i].argv = hp_strlist_argv(&argv[i]);
    }
    struct runner_opts ro = {.parallel = parallel, .keep_going = true};
    int res = runner_run(jobs, n, &ro, e);
    *out = hp_xcalloc(n ? n : 1, sizeof **out);
    *n_out = 0;
    bool ran = res == RUNNER_ALL_OK || res == RUNNER_SOME_FAILED;
    for (size_t i = 0; ran && i < n; i++) {
        struct deploy_status st;
        deploy_status_from_job(&jobs[i], &st);
        if (deploy_status_is_pending(st.status))
            (*out)[(*n_out)++] = (struct deploy_stuck){i, hp_xstrdup(st.status), st.updated ? hp_xstrdup(st.updated) : NULL,
                                                       st.revision};
        deploy_status_free(&st);
    }
    runner_jobs_free(jobs, n);
    for (size_t i = 0; i < n; i++)
        hp_strlist_free(&argv[i]);
    free(argv);
    free(jobs);
    return res;
}

char *deploy_pending_names(const struct deploy_plan *plan, const struct deploy_stuck *s, size_t n)
{
    struct hp_buf b = {0};
    for (size_t i = 0; i < n; i++)
        hp_buf_appendf(&b, "%s%s (%s)", i ? ", " : "", plan->releases[s[i].release].name, s[i].status);
    char *r = hp_xstrdup(hp_buf_cstr(&b));
    hp_buf_free(&b);
    return r;
}

void deploy_pending_recovery_argv(const struct deploy_plan *plan, const struct deploy_stuck *s,
                                  const struct deploy_helm_args *h, struct hp_strlist *argv)
{
    struct deploy_helm_args rh = *h;
    rh.action = strcmp(s->status, "pending-install") == 0 ? DEPLOY_UNINSTALL : DEPLOY_ROLLBACK;
    rh.passthrough = NULL; /* meant for the installs */
    deploy_release_argv(&plan->releases[s->release], &rh, argv);
}

void deploy_stuck_free(struct deploy_stuck *s, size_t n)
{
    for (size_t i = 0; s && i < n; i++) {
        free(s[i].status);
        free(s[i].updated);
    }
    free(s);
}

int deploy_duration_seconds(const char *s, double *out)
{
    static const struct {
        const char *unit;
        double seconds;
    } units[] = {{"ns", 1e-9}, {"us", 1e-6}, {"\xc2\xb5s", 1e-6}, {"ms", 1e-3}, {"s", 1}, {"m", 60}, {"h", 3600}};
    double total = 0;
    if (!s || !*s)
        return -1;
    if (strcmp(s, "0") == 0) {
        *out = 0;
        return 0;
    }
    while (*s) {
        char *end;
        if (!((*s >= '0' && *s <= '9') || *s == '.'))
            return -1;
        double v = strtod(s, &end);
        if (end == s)
            return -1;
        size_t k = 0, best = 0;
        for (size_t u = 0; u < sizeof units / sizeof units[0]; u++) {
            size_t l = strlen(units[u].unit);
            if (strncmp(end, units[u].unit, l) == 0 && l > best) {
                best = l;
                k = u;
            }
        }
        if (!best)
            return -1; /* a number without its unit: Go refuses it too */
        total += v * units[k].seconds;
        s = end + best;
    }
    *out = total;
    return 0;
}

int deploy_time_parse(const char *s, double *out)
{
    struct tm tm = {0};
    int n = 0;
    if (!s || sscanf(s, "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min,
                     &tm.tm_sec, &n) != 6)
        return -1;
    const char *p = s + n;
    double frac = 0;
    if (*p == '.') {
        char *end;
        frac = strtod(p, &end); /* ".523197823" */
        p = end;
    }
    long offset = 0;
    if (*p == '+' || *p == '-') {
        int oh, om;
        if (sscanf(p + 1, "%2d:%2d", &oh, &om) != 2)
            return -1;
        offset = (*p == '-' ? -1 : 1) * (oh * 3600L + om * 60L);
        p += 6;
    } else if (*p == 'Z') {
        p++;
    } else {
        return -1;
    }
    if (*p)
        return -1;
    tm.tm_year -= 1900;
    tm.tm_mon -= 1;
    time_t t = timegm(&tm);
    if (t == (time_t)-1)
        return -1;
    *out = (double)t - (double)offset + frac;
    return 0;
}

size_t deploy_pending_recent(const struct deploy_stuck *s, size_t n, double now, double recent_s, size_t *out)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        double t;
        if (deploy_time_parse(s[i].updated, &t) < 0 || now - t < recent_s)
            out[k++] = i;
    }
    return k;
}

/* "3m20s" */
static void format_age(double seconds, char *buf, size_t size)
{
    long s = seconds < 0 ? 0 : (long)seconds;
    if (s >= 3600)
        snprintf(buf, size, "%ldh%02ldm", s / 3600, s / 60 % 60);
    else if (s >= 60)
        snprintf(buf, size, "%ldm%02lds", s / 60, s % 60);
    else
        snprintf(buf, size, "%lds", s);
}

double deploy_pending_now(void)
{
    struct timespec now;
    clock_gettime(CLOCK_REALTIME, &now);
    return (double)now.tv_sec + now.tv_nsec / 1e9;
}

void deploy_stuck_describe(const struct deploy_stuck *x, double t_now, char *buf, size_t size)
{
    char age[32] = "", rev[32] = "";
    double t;
    if (deploy_time_parse(x->updated, &t) == 0)
        format_age(t_now - t, age, sizeof age);
    if (x->revision)
        snprintf(rev, sizeof rev, "revision %d, ", x->revision);
    snprintf(buf, size, "%s since %s (%s%s%s)", x->status, x->updated ? x->updated : "an unknown time", rev,
             age[0] ? age : "age unknown", age[0] ? " ago" : "");
}

/* --recover-pending's guard: true (and one line per release said) when a stuck release may
 * still be worked on by another helm. */
static bool refuse_recent(const struct deploy_plan *plan, const struct deploy_helm_args *h, const struct deploy_stuck *s,
                          size_t n)
{
    double timeout = 0;
    if (deploy_duration_seconds(h->timeout, &timeout) < 0)
        timeout = 0;
    double recent = timeout > DEPLOY_PENDING_RECENT_S ? timeout : DEPLOY_PENDING_RECENT_S;
    size_t *idx = hp_xcalloc(n ? n : 1, sizeof *idx);
    double t_now = deploy_pending_now();
    size_t k = deploy_pending_recent(s, n, t_now, recent, idx);
    char limit[32];
    format_age(recent, limit, sizeof limit);
    for (size_t m = 0; m < k; m++) {
        const struct deploy_stuck *x = &s[idx[m]];
        char what[160];
        deploy_stuck_describe(x, t_now, what, sizeof what);
        hp_errorf("%s: %s: another helm may still be working on it; --recover-pending leaves a release alone for "
                  "max(--timeout, 15m) = %s: wait, or add --recover-recent-pending if you know nothing is",
                  plan->releases[x->release].name, what, limit);
    }
    free(idx);
    return k > 0;
}

int deploy_pending_recover(const struct deploy_plan *plan, const struct deploy_helm_args *h, int parallel, bool quiet,
                           bool recent_too)
{
    struct hp_error e = {0};
    struct deploy_stuck *s;
    size_t n;
    int res = deploy_pending_find(plan, h, parallel, &s, &n, &e);
    if (res < 0 || res == RUNNER_INTERRUPTED) {
        if (res < 0)
            hp_errorf("%s", e.msg);
        deploy_stuck_free(s, n);
        return res < 0 ? HP_EXIT_FAIL : HP_EXIT_INTERRUPTED;
    }
    if (n == 0 || (!recent_too && refuse_recent(plan, h, s, n))) {
        deploy_stuck_free(s, n);
        return n == 0 ? HP_EXIT_OK : HP_EXIT_FAIL;
    }
    struct hp_strlist *argv = hp_xcalloc(n, sizeof *argv);
    struct runner_job *jobs = hp_xcalloc(n, sizeof *jobs);
    for (size_t i = 0; i < n; i++) {
        deploy_pending_recovery_argv(plan, &s[i], h, &argv[i]);
        jobs[i].name = plan->releases[s[i].release].name;
        jobs[i].argv = hp_strlist_argv(&argv[i]);
    }
    struct report rep;
    report_init(&rep, stderr, quiet, "recovered");
    struct runner_opts ro = {.parallel = parallel, .keep_going = true, .events = &rep.events};
    res = runner_run(jobs, n, &ro, &e);
    int rc = HP_EXIT_OK;
    if (res < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    } else if (res != RUNNER_ALL_OK) {
        report_summary(&rep, jobs, n, res);
        rc = runner_exit_code(res);
    }
    runner_jobs_free(jobs, n);
    for (size_t i = 0; i < n; i++)
        hp_strlist_free(&argv[i]);
    free(argv);
    free(jobs);
    deploy_stuck_free(s, n);
    return rc;
}

void deploy_pending_explain(const struct deploy_plan *plan, const struct deploy_helm_args *h,
                            const struct runner_job *jobs, size_t n, const size_t *index, int parallel)
{
    bool locked = false;
    for (size_t k = 0; k < n; k++)
        locked = locked || deploy_job_locked(&jobs[k]);
    if (!locked)
        return;
    struct hp_error e = {0};
    struct deploy_stuck *s;
    size_t n_stuck = 0;
    int res = deploy_pending_find(plan, h, parallel, &s, &n_stuck, &e);
    bool known = res == RUNNER_ALL_OK || res == RUNNER_SOME_FAILED;
    double t_now = deploy_pending_now();
    for (size_t k = 0; k < n; k++) {
        if (!deploy_job_locked(&jobs[k]))
            continue;
        size_t r = index ? index[k] : k;
        const struct deploy_stuck *x = NULL;
        for (size_t m = 0; known && m < n_stuck; m++)
            if (s[m].release == r)
                x = &s[m];
        char what[160] = "its state unknown now";
        if (x)
            deploy_stuck_describe(x, t_now, what, sizeof what);
        hp_errorf("%s: helm reports another operation in progress (%s): another helm is at work on it, or one was "
                  "killed mid-operation; nothing further started. If no helm is: install --recover-pending (a release "
                  "pending for max(--timeout, 15m)) or --recover-recent-pending",
                  plan->releases[r].name, what);
    }
    deploy_stuck_free(s, n_stuck);
}
