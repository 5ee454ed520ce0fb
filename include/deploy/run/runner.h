/* Runs helm processes as a DAG: a job starts as soon as every job it needs has succeeded
 * (not when a whole "stage" is done), at most `parallel` at a time. The first failure stops
 * new starts (running jobs finish) unless keep_going, which still runs every job not
 * depending on the failed one. SIGINT/SIGTERM/SIGHUP (hp/interrupt.h, caught from the first
 * run on) stop new starts and are forwarded to every running helm (each in its own process
 * group, so helm's own children get it too; SIGHUP as SIGTERM), which is waited for as long as
 * it takes (its own rollback); a second signal kills them. A run that begins after a signal
 * starts nothing. Output of each job is captured (stdout and stderr apart).
 *
 * Reused by `helm panda secrets install|upgrade|template` with a one-job run. */
#ifndef DEPLOY_RUNNER_H
#define DEPLOY_RUNNER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>
#include <sys/types.h>

#include "hp/buf.h"
#include "hp/error.h"

enum runner_state {
    RUNNER_PENDING = 0,  /* not started (yet) */
    RUNNER_RUNNING,
    RUNNER_OK,           /* helm exited 0 */
    RUNNER_FAILED,       /* helm exited non-zero, died of a signal, or could not be started */
    RUNNER_SKIPPED,      /* a need failed or was skipped: `blocked_by` names it */
    RUNNER_NOT_STARTED,  /* stopped by fail-fast or Ctrl-C before it could start */
};

struct runner_job {
    /* filled by the caller */
    const char *name;      /* for progress and the summary */
    char *const *argv;     /* argv[0] is the program, NULL-terminated */
    const size_t *needs;   /* indices of jobs that must succeed first */
    size_t n_needs;
    /* Descriptors the child must inherit (for /dev/fd/N arguments): the runner keeps them
     * away from every other child, closes each in the parent once this job has been
     * started or can no longer start, and sets *keep_fds[i] to -1 (so e.g. memfile_close
     * afterwards does not close it twice). */
    int *const *keep_fds;
    size_t n_keep_fds;

    /* filled by the runner */
    enum runner_state state;
    int exit_code;          /* helm's exit status, or 128+signal */
    size_t blocked_by;      /* RUNNER_SKIPPED: the need that failed or was skipped */
    double started, seconds;/* start offset from the run's start, and duration */
    struct hp_buf out, err; /* captured stdout and stderr */
    bool interrupted;       /* it was running when the run was interrupted */
};

struct runner_events {
    void *ctx;
    void (*started)(void *ctx, const struct runner_job *job, size_t index);
    void (*finished)(void *ctx, const struct runner_job *job, size_t index);
};

struct runner_opts {
    int parallel;           /* at most this many at once; <= 0: no limit */
    bool keep_going;        /* on failure, keep running what does not depend on it */
    FILE *ordered_stdout;   /* if set, each successful job's stdout is written here in job
                             * order, as soon as every earlier job has been written or failed
                             * (parallel `helm template` -> one stream in plan order). A
                             * failed write stops new starts and makes runner_run fail */
    /* if set (with ordered_stdout), called before each successful job's output is written, even
     * an empty one: what it appends to `out` is written first (a per-release header) */
    void (*ordered_header)(void *ctx, const struct runner_job *job, size_t index, struct hp_buf *out);
    void *ordered_ctx;
    const struct runner_events *events;
    /* if set: a failed job for which it is true stops new starts even with keep_going (a release
     * helm reports busy: another run is at work on this namespace, so nothing more is started) */
    bool (*stops_all)(const struct runner_job *job);
    double kill_after;      /* after an interrupt, SIGKILL what still runs after this many s (0: never,
                             * only a second signal kills) */
    /* if set: the first signal is not passed on: the running helms finish what they do (a short
     * write that must not be cut half-way, e.g. the snapshot record), and one warning says so:
     * "SIGTERM: <finish_on_signal>; a second signal kills it". A second signal kills them, as
     * does kill_after. The run still ends RUNNER_INTERRUPTED; the jobs' states say how they ended. */
    const char *finish_on_signal;
};

enum runner_result { RUNNER_ALL_OK = 0, RUNNER_SOME_FAILED = 1, RUNNER_INTERRUPTED = 2 };

/* The exit code a run's result means: 0; 130, 143 or 129 after SIGINT, SIGTERM or SIGHUP; else
 * 1 (a -1 too). */
int runner_exit_code(int result);

/* Runs the jobs; returns a runner_result, or -1 (with e) when the run could not be set up or
 * ordered_stdout could not be written (not after an interrupt: that stays RUNNER_INTERRUPTED). */
int runner_run(struct runner_job *jobs, size_t n, const struct runner_opts *o, struct hp_error *e);
void runner_jobs_free(struct runner_job *jobs, size_t n); /* the captured output only */
const char *runner_state_name(enum runner_state s);

/* Runs argv to completion, capturing stdout (stderr too when err is not NULL). For short
 * queries such as `helm version`. Returns the exit status (128+signal), -1 with e, or
 * RUNNER_CAPTURE_INTERRUPTED when a signal came before or while it ran (forwarded to the child):
 * a probe killed by the user says nothing about what it probed. */
#define RUNNER_CAPTURE_INTERRUPTED (-2)
int runner_capture(char *const *argv, struct hp_buf *out, struct hp_buf *err, struct hp_error *e);
/* n such queries at once (n helm starts side by side instead of in series): status[i], out[i]
 * and err[i] for argvs[i]. Returns 0, -1 with e, or RUNNER_CAPTURE_INTERRUPTED (then every
 * query was stopped and no status is set). */
int runner_capture_all(char *const *const *argvs, size_t n, int *status, struct hp_buf *out, struct hp_buf *err,
                       struct hp_error *e);

#endif
