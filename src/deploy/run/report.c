/* Progress lines and the summary (see include/deploy/run/report.h). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "deploy/run/report.h"
#include "hp/util.h"

#define C_RED "\033[31m"
#define C_GREEN "\033[32m"
#define C_YELLOW "\033[33m"
#define C_BOLD "\033[1m"
#define C_OFF "\033[0m"

const char *report_result_name(const struct report *r, const struct runner_job *j)
{
    switch (j->state) {
    case RUNNER_OK: return r->verb;
    case RUNNER_FAILED: return j->interrupted ? "interrupted" : "failed";
    case RUNNER_SKIPPED: return "skipped";
    case RUNNER_NOT_STARTED: return "not started";
    case RUNNER_RUNNING: return "running";
    case RUNNER_PENDING: return "pending";
    }
    return "?";
}

/* jobs[i]'s label: as report_result_name, and "not installed" for a release that was not there */
static const char *result_at(const struct report *r, const struct runner_job *jobs, size_t i)
{
    if (r->absent && r->absent[i] && jobs[i].state == RUNNER_OK)
        return REPORT_ABSENT;
    return report_result_name(r, &jobs[i]);
}

static const char *colour_of(const struct report *r, const struct runner_job *j)
{
    if (!r->colour)
        return "";
    return j->state == RUNNER_OK ? C_GREEN : j->state == RUNNER_FAILED ? C_RED : C_YELLOW;
}

/* "Error: 1 error occurred:", "Error: UPGRADE FAILED: 2 errors occurred:" */
static bool multi_error_head(const char *s, size_t n)
{
    static const char *const tails[] = {" error occurred:", " errors occurred:"};
    for (size_t t = 0; t < 2; t++) {
        size_t k = strlen(tails[t]);
        if (n > k && memcmp(s + n - k, tails[t], k) == 0)
            return true;
    }
    return false;
}

void report_error_line(const struct runner_job *j, char *buf, size_t size)
{
    buf[0] = '\0';
    const char *s = j->err.len ? (const char *)j->err.data : "";
    size_t len = j->err.len;
    /* helm's message is the line starting with "Error:"; else the last non-empty line */
    const char *best = NULL;
    size_t best_n = 0;
    for (size_t i = 0; i < len;) {
        size_t e = i;
        while (e < len && s[e] != '\n')
            e++;
        if (e > i) {
            if (e - i >= 6 && strncmp(s + i, "Error:", 6) == 0) {
                best = s + i;
                best_n = e - i;
                break;
            }
            best = s + i;
            best_n = e - i;
        }
        i = e + 1;
    }
    if (!best)
        return;
    while (best_n && (best[best_n - 1] == '\r' || best[best_n - 1] == ' '))
        best_n--;
    /* go-multierror's form ("Error: 1 error occurred:" then "\t* ..." lines): the line alone says
     * nothing, so the first item goes with it */
    const char *item = NULL;
    size_t item_n = 0;
    if (multi_error_head(best, best_n)) {
        for (size_t i = (size_t)(best - s) + best_n; i < len && !item;) {
            size_t e = i;
            while (e < len && s[e] != '\n')
                e++;
            size_t b = i;
            while (b < e && (s[b] == ' ' || s[b] == '\t'))
                b++;
            if (b < e && s[b] == '*') {
                item = s + b;
                item_n = e - b;
                while (item_n && (item[item_n - 1] == ' ' || item[item_n - 1] == '\t' || item[item_n - 1] == '\r'))
                    item_n--;
            }
            i = e + 1;
        }
    }
    if (item)
        snprintf(buf, size, "%.*s %.*s", (int)best_n, best, (int)item_n, item);
    else
        snprintf(buf, size, "%.*s", (int)best_n, best);
}

static void on_started(void *ctx, const struct runner_job *j, size_t i)
{
    const struct report *r = ctx;
    (void)i;
    if (r->quiet)
        return;
    fprintf(r->out, "%s: [%7.2fs] %sstart%s       %s\n", HP_PROG, j->started, r->colour ? C_BOLD : "",
            r->colour ? C_OFF : "", j->name);
    fflush(r->out);
}

static void on_finished(void *ctx, const struct runner_job *j, size_t i)
{
    const struct report *r = ctx;
    if (!r->quiet) {
        bool absent = r->absent && r->absent[i] && j->state == RUNNER_OK;
        fprintf(r->out, "%s: [%7.2fs] %s%-11s%s %s (%.2fs", HP_PROG, j->started + j->seconds, colour_of(r, j),
                absent ? REPORT_ABSENT : report_result_name(r, j), r->colour ? C_OFF : "", j->name, j->seconds);
        if (j->state != RUNNER_OK)
            fprintf(r->out, ", exit %d", j->exit_code);
        fputs(")\n", r->out);
    }
    /* a failure's own words matter more than our summary: show helm's stderr, indented */
    if (j->state == RUNNER_FAILED && j->err.len && !j->interrupted) {
        const char *s = (const char *)j->err.data;
        for (size_t k = 0; k < j->err.len;) {
            size_t e = k;
            while (e < j->err.len && s[e] != '\n')
                e++;
            fprintf(r->out, "    %s | %.*s\n", j->name, (int)(e - k), s + k);
            k = e + 1;
        }
    }
    fflush(r->out);
}

void report_init(struct report *r, FILE *out, bool quiet, const char *verb)
{
    memset(r, 0, sizeof *r);
    r->out = out;
    r->quiet = quiet;
    r->verb = verb;
    const char *term = getenv("TERM");
    r->colour = isatty(fileno(out)) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
    r->events.ctx = r;
    r->events.started = on_started;
    r->events.finished = on_finished;
}

void report_note(const struct runner_job *jobs, const struct runner_job *j, char *buf, size_t size)
{
    buf[0] = '\0';
    if (j->state == RUNNER_SKIPPED) {
        const struct runner_job *b = &jobs[j->blocked_by];
        snprintf(buf, size, "needs %s (%s)", b->name, b->state == RUNNER_SKIPPED ? "skipped" : "failed");
    } else if (j->state == RUNNER_FAILED) {
        char line[200];
        report_error_line(j, line, sizeof line);
        snprintf(buf, size, "exit %d%s%s", j->exit_code, line[0] ? ": " : "", line);
    }
}

void report_summary(const struct report *r, const struct runner_job *jobs, size_t n, int result)
{
    if (r->quiet && result == RUNNER_ALL_OK)
        return;
    int wn = 7, wl = 9;
    for (size_t i = 0; i < n; i++) {
        int k = (int)strlen(jobs[i].name);
        wn = k > wn ? k : wn;
        if (r->labels && r->labels[i]) {
            k = (int)strlen(r->labels[i]);
            wl = k > wl ? k : wl;
        }
    }
    fprintf(r->out, "\n%-*s  ", wn, "RELEASE");
    if (r->labels)
        fprintf(r->out, "%-*s  ", wl, "COMPONENT");
    fprintf(r->out, "%-11s  %8s  %s\n", "RESULT", "TIME", "NOTE");
    for (size_t i = 0; i < n; i++) {
        const struct runner_job *j = &jobs[i];
        char note[300], t[32];
        report_note(jobs, j, note, sizeof note);
        if (j->state == RUNNER_OK || j->state == RUNNER_FAILED)
            snprintf(t, sizeof t, "%.2fs", j->seconds);
        else
            snprintf(t, sizeof t, "-");
        fprintf(r->out, "%-*s  ", wn, j->name);
        if (r->labels)
            fprintf(r->out, "%-*s  ", wl, r->labels[i] ? r->labels[i] : "");
        fprintf(r->out, "%s%-11s%s  %8s%s%s\n", colour_of(r, j), result_at(r, jobs, i), r->colour ? C_OFF : "", t,
                note[0] ? "  " : "", note);
    }
    size_t ok = 0, absent = 0;
    for (size_t i = 0; i < n; i++) {
        bool gone = r->absent && r->absent[i] && jobs[i].state == RUNNER_OK;
        absent += gone;
        ok += jobs[i].state == RUNNER_OK && !gone;
    }
    fprintf(r->out, "%zu of %zu %s", ok, n, r->verb);
    if (absent)
        fprintf(r->out, ", %zu %s", absent, REPORT_ABSENT);
    fprintf(r->out, "%s\n",
            result == RUNNER_INTERRUPTED ? "; interrupted" : result == RUNNER_SOME_FAILED ? "; FAILED" : "");
    fflush(r->out);
}

void *report_summary_json(const struct report *r, const struct runner_job *jobs, size_t n, int result)
{
    cJSON *o = cJSON_CreateObject();
    cJSON_AddStringToObject(o, "result", result == RUNNER_ALL_OK       ? "ok"
                                         : result == RUNNER_INTERRUPTED ? "interrupted"
                                                                        : "failed");
    cJSON *a = cJSON_AddArrayToObject(o, "releases");
    for (size_t i = 0; i < n; i++) {
        const struct runner_job *j = &jobs[i];
        cJSON *x = cJSON_CreateObject();
        cJSON_AddStringToObject(x, "name", j->name);
        if (r->labels && r->labels[i])
            cJSON_AddStringToObject(x, "component", r->labels[i]);
        cJSON_AddStringToObject(x, "result", result_at(r, jobs, i));
        if (j->state == RUNNER_OK || j->state == RUNNER_FAILED) {
            cJSON_AddNumberToObject(x, "exitCode", j->exit_code);
            cJSON_AddNumberToObject(x, "started", j->started);
            cJSON_AddNumberToObject(x, "seconds", j->seconds);
        }
        if (j->state == RUNNER_SKIPPED)
            cJSON_AddStringToObject(x, "blockedBy", jobs[j->blocked_by].name);
        if (j->state == RUNNER_FAILED) {
            char line[300];
            report_error_line(j, line, sizeof line);
            cJSON_AddStringToObject(x, "error", line);
        }
        cJSON_AddItemToArray(a, x);
    }
    return o;
}
