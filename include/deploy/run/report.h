/* What the user sees of a run: one progress line per release as it starts and ends (with
 * times; colour on a TTY; none with -q), then a summary listing every release as
 * <verb> / failed / skipped (with the need that failed) / not started, with its time.
 * Works on runner jobs alone, so any command using the runner can use it. */
#ifndef DEPLOY_REPORT_H
#define DEPLOY_REPORT_H

#include <stdbool.h>
#include <stdio.h>

#include "deploy/run/runner.h"

struct report {
    FILE *out;                      /* progress and text summary (stderr) */
    bool quiet;                     /* -q: no progress; summary only when something went wrong */
    bool colour;                    /* ANSI colours (a TTY, NO_COLOR unset, TERM not dumb) */
    const char *verb;               /* what success is called: "deployed", "rendered", ... */
    const char *const *labels;      /* optional per-job second column (component), or NULL */
    const bool *absent;             /* uninstall: per job, helm did not list the release before the
                                     * run, so a success is "not installed" and not counted as
                                     * done; NULL: unknown (every success is `verb`) */
    struct runner_events events;    /* pass &events as runner_opts.events */
};

/* colour is decided from out; verb e.g. "deployed". */
void report_init(struct report *r, FILE *out, bool quiet, const char *verb);
/* The text table. `result` is runner_run's return value. */
void report_summary(const struct report *r, const struct runner_job *jobs, size_t n, int result);
/* {"result": "ok|failed|interrupted", "releases": [{name, component, result, exitCode,
 * seconds, started, blockedBy, error}]} as a cJSON* (void* keeps cJSON out of the header). */
void *report_summary_json(const struct report *r, const struct runner_job *jobs, size_t n, int result);
/* The label of a job's result: r->verb for success, else "failed", "skipped", "not started". */
#define REPORT_ABSENT "not installed"
const char *report_result_name(const struct report *r, const struct runner_job *j);
/* The first non-empty line of a job's stderr that says what went wrong (helm's "Error: ..."); for
 * helm's multi-error form ("Error: 1 error occurred:" then "\t* ..." lines) that line and the
 * first item, trimmed, on one line: "Error: 1 error occurred: * ConfigMap "x" is invalid: ...".
 * Cut at size. */
void report_error_line(const struct runner_job *j, char *buf, size_t size);
/* The summary's note for jobs[k] = j: "needs NAME (failed|skipped)" or "exit N: <helm's error>". */
void report_note(const struct runner_job *jobs, const struct runner_job *j, char *buf, size_t size);

#endif
