/* The watcher of waiting releases (see include/deploy/run/progress.h): one thread, one query at
 * a time, the output under one lock with the report's own lines. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "deploy/run/probe.h"
#include "deploy/run/progress.h"
#include "deploy/run/resview.h"
#include "hp/interrupt.h"
#include "hp/util.h"

#define LOOK_EVERY 3.0  /* s between two looks at one release: a change shows this soon */
#define SAY_EVERY 10.0  /* s: an unchanged line is said again this often */
#define STATUS_CAP (64u << 20)
#define STATUS_TIMEOUT 30.0

struct seen {
    char *key; /* kind/name */
    double since;
};

struct watch {
    char *name;
    bool running;
    bool had_items;     /* a look has shown resources */
    double started, looked, said;
    char *last;         /* what was last said (without the times) */
    char *line;         /* the live view's line */
    struct seen *seen;  /* when each resource was first seen not ready */
    size_t n_seen;
};

struct progress {
    struct progress_target t;
    struct report *rep;
    struct runner_events events;
    const struct runner_events *inner;
    pthread_mutex_t mu;
    pthread_cond_t cv;
    pthread_t th;
    atomic_bool stop;
    bool live;         /* a terminal: one block redrawn in place */
    size_t drawn;      /* lines of the live block on screen */
    struct watch *w;   /* by job index */
    size_t n;
    double t0;
};

static double mono(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void progress_status_argv(const struct progress_target *t, const char *release, struct hp_strlist *argv)
{
    hp_strlist_push(argv, t->helm);
    hp_strlist_push(argv, "status");
    hp_strlist_push(argv, release);
    if (t->namespace_ && t->namespace_[0])
        hp_strlist_pushf(argv, "--namespace=%s", t->namespace_);
    if (t->kube_context && t->kube_context[0])
        hp_strlist_pushf(argv, "--kube-context=%s", t->kube_context);
    if (t->helm_major < 4)
        hp_strlist_push(argv, "--show-resources"); /* helm 4 always shows them, and has no such flag */
    hp_strlist_push(argv, "-o");
    hp_strlist_push(argv, "json");
}

static double seen_since(struct watch *w, const char *key, double now)
{
    for (size_t i = 0; i < w->n_seen; i++)
        if (strcmp(w->seen[i].key, key) == 0)
            return w->seen[i].since;
    w->seen = hp_xrealloc(w->seen, (w->n_seen + 1) * sizeof *w->seen);
    /* not ready at the first look that shows resources: not ready since the release started, as
     * far as we know (helm creates them after its pre-install hooks) */
    double since = w->had_items ? now : w->started;
    w->seen[w->n_seen++] = (struct seen){hp_xstrdup(key), since};
    return since;
}

/* "Deployment/x 0/1 for 12s, ...; pod p: ImagePullBackOff" into what (no times) and line. */
static void describe(struct watch *w, const struct resview *v, double now, struct hp_buf *what, struct hp_buf *line)
{
    for (size_t i = 0; i < v->n_items; i++) {
        const struct resview_item *it = &v->items[i];
        if (it->ok)
            continue;
        char *key = hp_xasprintf("%s/%s", it->kind, it->name);
        double since = seen_since(w, key, now);
        hp_buf_appendf(what, "%s%s %d/%d", what->len ? ", " : "", key, it->ready, it->desired);
        hp_buf_appendf(line, "%s%s %d/%d for %.0fs", line->len ? ", " : "", key, it->ready, it->desired, now - since);
        free(key);
    }
    size_t shown = 0;
    for (size_t i = 0; i < v->n_pods && shown < 2; i++) {
        const struct resview_pod *p = &v->pods[i];
        if (strcmp(p->reason, "Pending") == 0 || strcmp(p->reason, "Running") == 0)
            continue; /* no reason beyond "not ready yet" */
        hp_buf_appendf(what, "; pod %s: %s", p->name, p->reason);
        hp_buf_appendf(line, "; pod %s: %s", p->name, p->reason);
        shown++;
    }
    if (!what->len) {
        const char *s = v->n_items ? "its resources are ready; helm is still at work (hooks, Jobs)"
                                   : "no resources to wait for yet";
        hp_buf_append_str(what, s);
        hp_buf_append_str(line, s);
    }
}

static void clear_live(struct progress *p)
{
    FILE *out = p->rep->out;
    for (; p->drawn; p->drawn--)
        fputs("\033[1A\033[2K", out);
    fflush(out);
}

/* Each line cut to the terminal's width: a wrapped line would take two rows, and clear_live
 * clears one per line. */
static void draw_live(struct progress *p)
{
    FILE *out = p->rep->out;
    struct winsize ws = {0};
    int width = ioctl(fileno(out), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20 ? ws.ws_col - 1 : 79;
    for (size_t i = 0; i < p->n; i++)
        if (p->w[i].running && p->w[i].line) {
            char *s = hp_xasprintf("%s: %s", HP_PROG, p->w[i].line);
            fprintf(out, "%.*s\n", width, s);
            free(s);
            p->drawn++;
        }
    fflush(out);
}

/* A look at release i found v (NULL: helm could not say). Called with the lock held. */
static void update(struct progress *p, size_t i, const struct resview *v)
{
    struct watch *w = &p->w[i];
    double now = mono();
    struct hp_buf what = {0}, line = {0};
    if (v)
        describe(w, v, now, &what, &line);
    else
        hp_buf_append_str(&what, "helm shows no resources yet");
    w->had_items = w->had_items || (v && v->n_items);
    bool changed = !w->last || strcmp(w->last, hp_buf_cstr(&what)) != 0;
    char *text = hp_xasprintf("[%7.2fs] %-11s %s: %s", now - p->t0, "waiting", w->name, hp_buf_cstr(line.len ? &line : &what));
    if (p->live) {
        free(w->line);
        w->line = text;
        clear_live(p);
        draw_live(p);
    } else {
        /* said again at a look that leaves room for the next one (LOOK_EVERY, plus a slow query)
         * before SAY_EVERY would pass */
        if (changed || now - w->said >= SAY_EVERY - LOOK_EVERY - 2.0) {
            fprintf(p->rep->out, "%s: %s\n", HP_PROG, text);
            fflush(p->rep->out);
            w->said = now;
        }
        free(text);
    }
    if (changed) {
        free(w->last);
        w->last = hp_xstrdup(hp_buf_cstr(&what));
    }
    hp_buf_free(&what);
    hp_buf_free(&line);
}

/* The release to look at now, or -1. */
static long next_look(struct progress *p, double now)
{
    long best = -1;
    for (size_t i = 0; i < p->n; i++) {
        struct watch *w = &p->w[i];
        if (!w->running || now - w->started < PROGRESS_FIRST_LOOK || now - w->looked < LOOK_EVERY)
            continue;
        if (best < 0 || w->looked < p->w[best].looked)
            best = (long)i;
    }
    return best;
}

static void look(struct progress *p, size_t i, const char *name)
{
    struct hp_strlist argv = {0};
    struct hp_buf out = {0};
    progress_status_argv(&p->t, name, &argv);
    int rc = probe_capture(hp_strlist_argv(&argv), &out, STATUS_CAP, STATUS_TIMEOUT, &p->stop);
    struct resview v;
    struct hp_error e = {0};
    bool got = rc == 0 && resview_parse(out.len ? (const char *)out.data : "", out.len, &v, &e) == 0;
    pthread_mutex_lock(&p->mu);
    if (p->w[i].running && !atomic_load(&p->stop) && rc >= 0)
        update(p, i, got ? &v : NULL);
    pthread_mutex_unlock(&p->mu);
    if (got)
        resview_free(&v);
    hp_buf_free(&out);
    hp_strlist_free(&argv);
}

static void *watcher(void *arg)
{
    struct progress *p = arg;
    pthread_mutex_lock(&p->mu);
    while (!atomic_load(&p->stop)) {
        struct timespec until;
        clock_gettime(CLOCK_REALTIME, &until);
        until.tv_nsec += 500000000L;
        if (until.tv_nsec >= 1000000000L) {
            until.tv_sec++;
            until.tv_nsec -= 1000000000L;
        }
        pthread_cond_timedwait(&p->cv, &p->mu, &until);
        double now = mono();
        long i = atomic_load(&p->stop) || hp_interrupt_signal() ? -1 : next_look(p, now);
        if (i < 0)
            continue;
        p->w[i].looked = now;
        char *name = hp_xstrdup(p->w[i].name);
        pthread_mutex_unlock(&p->mu);
        look(p, (size_t)i, name);
        free(name);
        pthread_mutex_lock(&p->mu);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

static void watch_free(struct watch *w)
{
    free(w->name);
    free(w->last);
    free(w->line);
    for (size_t k = 0; k < w->n_seen; k++)
        free(w->seen[k].key);
    free(w->seen);
    memset(w, 0, sizeof *w);
}

static void on_started(void *ctx, const struct runner_job *j, size_t i)
{
    struct progress *p = ctx;
    pthread_mutex_lock(&p->mu);
    if (i >= p->n) {
        p->w = hp_xrealloc(p->w, (i + 1) * sizeof *p->w);
        memset(p->w + p->n, 0, (i + 1 - p->n) * sizeof *p->w);
        p->n = i + 1;
    }
    watch_free(&p->w[i]);
    p->w[i].name = hp_xstrdup(j->name);
    p->w[i].started = mono();
    p->w[i].running = j->state == RUNNER_RUNNING;
    clear_live(p);
    if (p->inner->started)
        p->inner->started(p->inner->ctx, j, i);
    draw_live(p);
    pthread_mutex_unlock(&p->mu);
}

static void on_finished(void *ctx, const struct runner_job *j, size_t i)
{
    struct progress *p = ctx;
    pthread_mutex_lock(&p->mu);
    if (i < p->n)
        p->w[i].running = false;
    clear_live(p);
    if (p->inner->finished)
        p->inner->finished(p->inner->ctx, j, i);
    draw_live(p);
    pthread_mutex_unlock(&p->mu);
}

struct progress *progress_start(const struct progress_target *t, struct report *rep)
{
    if (rep->quiet || !t->helm)
        return NULL;
    struct progress *p = hp_xcalloc(1, sizeof *p);
    p->t = *t;
    p->rep = rep;
    p->inner = &rep->events;
    p->events = (struct runner_events){.ctx = p, .started = on_started, .finished = on_finished};
    p->live = isatty(fileno(rep->out)) && rep->colour; /* TERM=dumb and NO_COLOR: plain lines */
    p->t0 = mono();
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->cv, NULL);
    if (pthread_create(&p->th, NULL, watcher, p) != 0) {
        pthread_mutex_destroy(&p->mu);
        pthread_cond_destroy(&p->cv);
        free(p);
        return NULL; /* no progress is no failure */
    }
    return p;
}

const struct runner_events *progress_events(struct progress *p, const struct runner_events *fallback)
{
    return p ? &p->events : fallback;
}

void progress_stop(struct progress *p)
{
    if (!p)
        return;
    pthread_mutex_lock(&p->mu);
    atomic_store(&p->stop, true);
    pthread_cond_signal(&p->cv);
    pthread_mutex_unlock(&p->mu);
    pthread_join(p->th, NULL);
    clear_live(p);
    for (size_t i = 0; i < p->n; i++)
        watch_free(&p->w[i]);
    free(p->w);
    pthread_mutex_destroy(&p->mu);
    pthread_cond_destroy(&p->cv);
    free(p);
}
