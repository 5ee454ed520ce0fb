/* The DAG runner (see include/deploy/run/runner.h): posix_spawn, one poll loop over the children's
 * output pipes and the self-pipe of hp/interrupt.h, waitpid per child. */
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "deploy/run/runner.h"
#include "deploy/run/spawnattr.h"
#include "hp/file.h"
#include "hp/interrupt.h"
#include "hp/util.h"
#include "secrets/tmpdir.h"

extern char **environ;

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

const char *runner_state_name(enum runner_state s)
{
    switch (s) {
    case RUNNER_PENDING: return "pending";
    case RUNNER_RUNNING: return "running";
    case RUNNER_OK: return "ok";
    case RUNNER_FAILED: return "failed";
    case RUNNER_SKIPPED: return "skipped";
    case RUNNER_NOT_STARTED: return "not started";
    }
    return "?";
}

/* What the runner keeps per job beside the caller's struct runner_job: one per job, same index. */
struct slot {
    pid_t pid;
    int out_fd, err_fd;
    bool emitted;         /* ordered_stdout: written (or passed over) */
};

struct run {
    struct runner_job *jobs;
    struct slot *slots;   /* parallel to jobs */
    size_t n;
    const struct runner_opts *o;
    double t0;
    size_t running;
    bool stopping;      /* no new starts: a failure (fail-fast) or an interrupt */
    bool interrupted;
    unsigned seen;      /* hp_interrupt_count() when last looked at */
    unsigned signals;   /* signals during this run: the second one kills */
    double kill_at;     /* kill_after: when to SIGKILL what is still running (0: never) */
    size_t next_emit;   /* ordered_stdout: the next job to write */
    int out_errno;      /* ordered_stdout could not be written (EPIPE, ENOSPC, ...): 0 if fine */
};

static void close_keep_fds(struct runner_job *j)
{
    for (size_t i = 0; i < j->n_keep_fds; i++)
        if (j->keep_fds[i] && *j->keep_fds[i] >= 0) {
            close(*j->keep_fds[i]);
            *j->keep_fds[i] = -1;
        }
}

static bool is_final(enum runner_state s) { return s != RUNNER_PENDING && s != RUNNER_RUNNING; }

/* Writes one job's output. Straight to the descriptor, in a loop that resumes after EINTR and
 * short writes: stdio gives up on either (a child exiting while a slow reader blocks us used to
 * drop the rest of a release and still exit 0). Returns 0, or an errno. */
static int write_output(FILE *out, const struct hp_buf *b)
{
    if (fflush(out) != 0) /* whatever stdio holds goes first, in order */
        return errno ? errno : EIO;
    return hp_fd_write_all(fileno(out), b->data, b->len) < 0 ? (errno ? errno : EIO) : 0;
}

static void emit_ordered(struct run *r)
{
    FILE *out = r->o->ordered_stdout;
    if (!out)
        return;
    while (r->next_emit < r->n && is_final(r->jobs[r->next_emit].state)) {
        size_t idx = r->next_emit++;
        struct runner_job *j = &r->jobs[idx];
        struct slot *s = &r->slots[idx];
        if (j->state == RUNNER_OK && !s->emitted && !r->out_errno && r->o->ordered_header) {
            struct hp_buf h = {0};
            r->o->ordered_header(r->o->ordered_ctx, j, idx, &h);
            if (h.len)
                r->out_errno = write_output(out, &h);
            hp_buf_free(&h);
            if (r->out_errno)
                r->stopping = true;
        }
        if (j->state == RUNNER_OK && j->out.len && !s->emitted && !r->out_errno) {
            r->out_errno = write_output(out, &j->out);
            if (r->out_errno)
                r->stopping = true; /* the output is already incomplete: start nothing more */
        }
        s->emitted = true;
    }
}

static void job_finished(struct run *r, struct runner_job *j, size_t idx)
{
    j->seconds = now_seconds() - r->t0 - j->started;
    if (j->state != RUNNER_OK && (!r->o->keep_going || (r->o->stops_all && r->o->stops_all(j))))
        r->stopping = true;
    if (r->o->events && r->o->events->finished)
        r->o->events->finished(r->o->events->ctx, j, idx);
    emit_ordered(r);
}

static void start_job(struct run *r, struct runner_job *j, size_t idx)
{
    struct slot *s = &r->slots[idx];
    int outp[2] = {-1, -1}, errp[2] = {-1, -1};
    posix_spawn_file_actions_t fa;
    posix_spawnattr_t at;
    int rc;

    j->started = now_seconds() - r->t0;
    j->state = RUNNER_RUNNING;
    /* posix_spawn reports a failed exec only where it can (not under emulated vfork): check first */
    if (strchr(j->argv[0], '/') && access(j->argv[0], X_OK) < 0) {
        rc = errno;
        goto failed;
    }
    if (pipe2(outp, O_CLOEXEC) < 0 || pipe2(errp, O_CLOEXEC) < 0) {
        rc = errno;
        goto failed;
    }
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
    posix_spawn_file_actions_adddup2(&fa, errp[1], 2);
    /* dup2 onto itself clears close-on-exec in the child only (POSIX 2024, glibc >= 2.29):
     * this child sees its /dev/fd/N, no other child does */
    for (size_t i = 0; i < j->n_keep_fds; i++)
        if (j->keep_fds[i] && *j->keep_fds[i] > 2)
            posix_spawn_file_actions_adddup2(&fa, *j->keep_fds[i], *j->keep_fds[i]);
    runner_spawnattr_init(&at);
    rc = posix_spawn(&s->pid, j->argv[0], &fa, &at, j->argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    posix_spawnattr_destroy(&at);
    close(outp[1]);
    close(errp[1]);
    outp[1] = errp[1] = -1;
    if (rc != 0)
        goto failed;
    close_keep_fds(j);
    fcntl(outp[0], F_SETFL, O_NONBLOCK);
    fcntl(errp[0], F_SETFL, O_NONBLOCK);
    s->out_fd = outp[0];
    s->err_fd = errp[0];
    r->running++;
    if (r->o->events && r->o->events->started)
        r->o->events->started(r->o->events->ctx, j, idx);
    return;
failed:
    for (int k = 0; k < 2; k++) {
        if (outp[k] >= 0)
            close(outp[k]);
        if (errp[k] >= 0)
            close(errp[k]);
    }
    close_keep_fds(j);
    hp_buf_appendf(&j->err, "cannot run %s: %s\n", j->argv[0], strerror(rc));
    j->state = RUNNER_FAILED;
    j->exit_code = 127;
    s->pid = 0;
    if (r->o->events && r->o->events->started)
        r->o->events->started(r->o->events->ctx, j, idx);
    job_finished(r, j, idx);
}

/* Reads what is there; closes the descriptor at end of file. */
static void drain(int *fd, struct hp_buf *b)
{
    char tmp[65536];
    while (*fd >= 0) {
        ssize_t k = read(*fd, tmp, sizeof tmp);
        if (k > 0) {
            hp_buf_append(b, tmp, (size_t)k);
            continue;
        }
        if (k < 0 && errno == EINTR)
            continue;
        if (k == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) {
            close(*fd);
            *fd = -1;
        }
        break;
    }
}

/* A pending job whose need failed or was skipped is skipped itself; repeats until stable so
 * the skip travels down the DAG. */
static void propagate_skips(struct run *r)
{
    for (bool changed = true; changed;) {
        changed = false;
        for (size_t i = 0; i < r->n; i++) {
            struct runner_job *j = &r->jobs[i];
            if (j->state != RUNNER_PENDING)
                continue;
            for (size_t k = 0; k < j->n_needs; k++) {
                const struct runner_job *need = &r->jobs[j->needs[k]];
                /* an interrupted need did not fail: what waits for it is "not started" */
                if ((need->state == RUNNER_FAILED && !need->interrupted) || need->state == RUNNER_SKIPPED) {
                    j->state = RUNNER_SKIPPED;
                    j->blocked_by = j->needs[k];
                    close_keep_fds(j);
                    changed = true;
                    break;
                }
            }
        }
    }
}

static void handle_signals(struct run *r);

static void schedule(struct run *r)
{
    /* a signal not yet read from the pipe still stops every start */
    if (hp_interrupt_count() != r->seen)
        handle_signals(r);
    propagate_skips(r);
    for (size_t i = 0; i < r->n && !r->stopping; i++) {
        struct runner_job *j = &r->jobs[i];
        if (j->state != RUNNER_PENDING)
            continue;
        if (r->o->parallel > 0 && r->running >= (size_t)r->o->parallel)
            break;
        bool ready = true;
        for (size_t k = 0; k < j->n_needs && ready; k++)
            ready = r->jobs[j->needs[k]].state == RUNNER_OK;
        if (ready) {
            start_job(r, j, i);
            propagate_skips(r);
        }
    }
    emit_ordered(r);
}

static void forward_signal(struct run *r, int sig)
{
    for (size_t i = 0; i < r->n; i++)
        if (r->jobs[i].state == RUNNER_RUNNING && r->slots[i].pid > 0) {
            /* the group (helm and its children); the pid alone if the group is gone */
            if (kill(-r->slots[i].pid, sig) < 0)
                kill(r->slots[i].pid, sig);
        }
}

/* Says once, naming them, that the running helms were told and are waited for: helm with
 * --atomic rolls back on SIGINT/SIGTERM, and killing it then leaves the release pending-*. */
static void say_waiting(const struct run *r, int sig)
{
    struct hp_buf names = {0};
    for (size_t i = 0; i < r->n; i++)
        if (r->jobs[i].state == RUNNER_RUNNING)
            hp_buf_appendf(&names, "%s%s", names.len ? ", " : "", r->jobs[i].name);
    if (names.len)
        hp_warnf("%s: starting nothing more; waiting for helm to finish: %s (it may be rolling back, "
                 "as long as it takes); a second signal (Ctrl-C) kills it",
                 hp_interrupt_name(sig), hp_buf_cstr(&names));
    hp_buf_free(&names);
}

/* SIGINT, SIGTERM, SIGHUP: the first stops new starts and is passed on to every running helm
 * (SIGHUP as SIGTERM: helm handles SIGINT and SIGTERM alike, by cancelling and rolling back
 * with --atomic, but dies at once of SIGHUP), unless finish_on_signal; helm is then waited for
 * as long as it takes (or kill_after). A second one kills them. */
static void handle_signals(struct run *r)
{
    hp_interrupt_drain();
    unsigned now = hp_interrupt_count();
    if (now == r->seen)
        return; /* SIGCHLD: only a wake-up for waitpid */
    r->signals += now - r->seen;
    r->seen = now;
    if (!r->interrupted) {
        int sig = hp_interrupt_signal();
        r->interrupted = r->stopping = true;
        if (r->o->kill_after > 0)
            r->kill_at = now_seconds() + r->o->kill_after;
        for (size_t m = 0; m < r->n; m++)
            if (r->jobs[m].state == RUNNER_RUNNING)
                r->jobs[m].interrupted = true;
        if (r->o->finish_on_signal) {
            hp_warnf("%s: %s; a second signal kills it", hp_interrupt_name(sig), r->o->finish_on_signal);
        } else {
            say_waiting(r, sig);
            forward_signal(r, sig == SIGINT ? SIGINT : SIGTERM);
        }
    }
    if (r->signals >= 2) /* a second Ctrl-C: stop waiting for helm */
        forward_signal(r, SIGKILL);
}

static void reap(struct run *r)
{
    for (size_t i = 0; i < r->n; i++) {
        struct runner_job *j = &r->jobs[i];
        struct slot *s = &r->slots[i];
        if (j->state != RUNNER_RUNNING || s->pid <= 0)
            continue;
        int st;
        pid_t p = waitpid(s->pid, &st, WNOHANG);
        if (p != s->pid)
            continue;
        drain(&s->out_fd, &j->out);
        drain(&s->err_fd, &j->err);
        /* a grandchild may still hold the pipes: what it writes later is not helm's answer */
        if (s->out_fd >= 0)
            close(s->out_fd);
        if (s->err_fd >= 0)
            close(s->err_fd);
        s->out_fd = s->err_fd = -1;
        s->pid = 0;
        r->running--;
        j->exit_code = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        j->state = j->exit_code == 0 ? RUNNER_OK : RUNNER_FAILED;
        job_finished(r, j, i);
    }
}

static void wait_for_events(struct run *r)
{
    size_t cap = 1 + 2 * r->n;
    struct pollfd *p = hp_xcalloc(cap, sizeof *p);
    size_t *owner = hp_xcalloc(cap, sizeof *owner); /* the job index of each p[] */
    size_t np = 0;
    p[np++] = (struct pollfd){.fd = hp_interrupt_fd(), .events = POLLIN};
    for (size_t i = 0; i < r->n; i++) {
        const struct slot *s = &r->slots[i];
        if (r->jobs[i].state != RUNNER_RUNNING)
            continue;
        if (s->out_fd >= 0) {
            owner[np] = i;
            p[np++] = (struct pollfd){.fd = s->out_fd, .events = POLLIN};
        }
        if (s->err_fd >= 0) {
            owner[np] = i;
            p[np++] = (struct pollfd){.fd = s->err_fd, .events = POLLIN};
        }
    }
    /* SIGCHLD wakes us through the self-pipe; the timeout is a safety net for a lost wake-up */
    int timeout = 200;
    if (r->interrupted && r->kill_at > 0) {
        double left = r->kill_at - now_seconds();
        if (left <= 0) {
            forward_signal(r, SIGKILL);
            r->kill_at = now_seconds() + 3600;
        } else if (left * 1000 < timeout) {
            timeout = (int)(left * 1000) + 1;
        }
    }
    int k = poll(p, np, timeout);
    handle_signals(r); /* whether or not the pipe woke us: it may be missing or full */
    if (k > 0) {
        for (size_t i = 1; i < np; i++) {
            if (!p[i].revents)
                continue;
            struct runner_job *j = &r->jobs[owner[i]];
            struct slot *s = &r->slots[owner[i]];
            if (p[i].fd == s->out_fd)
                drain(&s->out_fd, &j->out);
            else if (p[i].fd == s->err_fd)
                drain(&s->err_fd, &j->err);
        }
    }
    free(p);
    free(owner);
}

int runner_run(struct runner_job *jobs, size_t n, const struct runner_opts *o, struct hp_error *e)
{
    struct run r = {.jobs = jobs, .n = n, .o = o, .t0 = now_seconds()};
    for (size_t i = 0; i < n; i++) {
        jobs[i].state = RUNNER_PENDING;
        for (size_t k = 0; k < jobs[i].n_needs; k++)
            if (jobs[i].needs[k] >= n)
                return hp_error_set(e, HP_ERR_GENERIC, "runner: job %s needs job %zu of %zu", jobs[i].name, jobs[i].needs[k], n);
        /* keep every secret descriptor out of the other children */
        for (size_t k = 0; k < jobs[i].n_keep_fds; k++)
            if (jobs[i].keep_fds[k] && *jobs[i].keep_fds[k] >= 0)
                fcntl(*jobs[i].keep_fds[k], F_SETFD, FD_CLOEXEC);
    }
    hp_interrupt_catch();
    secrets_tmpdir_private(); /* helm's and helm-diff's temporary files: in RAM, gone at exit */
    r.slots = hp_xcalloc(n ? n : 1, sizeof *r.slots);
    for (size_t i = 0; i < n; i++)
        r.slots[i].out_fd = r.slots[i].err_fd = -1;
    /* interrupted before this run: it starts nothing (a list, a probe, a decryption that a
     * signal cut short is not an answer to go on with) */
    r.interrupted = r.stopping = hp_interrupt_signal() != 0;
    r.seen = hp_interrupt_count();

    for (;;) {
        schedule(&r);
        if (r.running == 0)
            break;
        wait_for_events(&r);
        reap(&r);
    }
    /* pending at the end: skipped when a need failed, else stopped before it could start */
    propagate_skips(&r);
    for (size_t i = 0; i < n; i++)
        if (jobs[i].state == RUNNER_PENDING) {
            jobs[i].state = RUNNER_NOT_STARTED;
            close_keep_fds(&jobs[i]);
        }
    emit_ordered(&r);
    free(r.slots);

    if (r.interrupted)
        return RUNNER_INTERRUPTED;
    if (r.out_errno)
        return hp_error_set(e, HP_ERR_GENERIC, "stdout: cannot write the output: %s (it is incomplete)", strerror(r.out_errno));
    for (size_t i = 0; i < n; i++)
        if (jobs[i].state != RUNNER_OK)
            return RUNNER_SOME_FAILED;
    return RUNNER_ALL_OK;
}

void runner_jobs_free(struct runner_job *jobs, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        hp_buf_free(&jobs[i].out);
        hp_buf_free(&jobs[i].err);
        close_keep_fds(&jobs[i]);
    }
}

int runner_capture(char *const *argv, struct hp_buf *out, struct hp_buf *err, struct hp_error *e)
{
    struct runner_job j = {.name = argv[1] ? argv[1] : argv[0], .argv = argv}; /* "list", "version" */
    struct runner_opts o = {.parallel = 1};
    int rc = runner_run(&j, 1, &o, e);
    if (rc < 0)
        return -1;
    if (rc == RUNNER_INTERRUPTED) {
        runner_jobs_free(&j, 1);
        return RUNNER_CAPTURE_INTERRUPTED;
    }
    hp_buf_append(out, j.out.data ? j.out.data : (unsigned char *)"", j.out.len);
    if (err)
        hp_buf_append(err, j.err.data ? j.err.data : (unsigned char *)"", j.err.len);
    int status = j.exit_code;
    runner_jobs_free(&j, 1);
    return status;
}

int runner_capture_all(char *const *const *argvs, size_t n, int *status, struct hp_buf *out, struct hp_buf *err,
                       struct hp_error *e)
{
    struct runner_job *j = hp_xcalloc(n ? n : 1, sizeof *j);
    for (size_t i = 0; i < n; i++)
        j[i] = (struct runner_job){.name = argvs[i][1] ? argvs[i][1] : argvs[i][0], .argv = argvs[i]};
    /* keep_going: one query's failure is its own answer, not a reason to stop another */
    struct runner_opts o = {.parallel = (int)n, .keep_going = true};
    int rc = runner_run(j, n, &o, e);
    if (rc >= 0 && rc != RUNNER_INTERRUPTED) {
        for (size_t i = 0; i < n; i++) {
            hp_buf_append(&out[i], j[i].out.data ? j[i].out.data : (unsigned char *)"", j[i].out.len);
            hp_buf_append(&err[i], j[i].err.data ? j[i].err.data : (unsigned char *)"", j[i].err.len);
            status[i] = j[i].exit_code;
        }
    }
    runner_jobs_free(j, n);
    free(j);
    return rc < 0 ? -1 : rc == RUNNER_INTERRUPTED ? RUNNER_CAPTURE_INTERRUPTED : 0;
}

int runner_exit_code(int result)
{
    return result == RUNNER_ALL_OK       ? HP_EXIT_OK
           : result == RUNNER_INTERRUPTED ? hp_interrupt_exit_code()
                                          : HP_EXIT_FAIL;
}
