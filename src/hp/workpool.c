/* Persistent worker threads for the age payload's chunk-parallel AEAD (see hp/workpool.h).
 *
 * Why persistent: a thread created per batch cost more in clone, stack page faults and
 * wake-ups than the ChaCha20-Poly1305 work it did. Why indices one at a time from an atomic
 * counter: chunks are equal work, so this balances without any tuning, and the submitting
 * thread can join in as soon as its I/O is done.
 *
 * The one subtle rule: a worker takes a snapshot of the job under the lock and is counted
 * in `active` until it lets go of it; hp_workpool_wait returns only when every index has
 * finished and no worker holds the snapshot, and submit resets the counters only when no
 * worker holds one (a worker that wakes late snapshots a job whose indices are all taken),
 * so one job's function never runs with another job's index. */
#include <pthread.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdlib.h>
#include <unistd.h>

#include "hp/util.h"
#include "hp/workpool.h"

#define MAX_WORKERS 16

struct hp_workpool {
    pthread_mutex_t mu;
    pthread_cond_t work; /* a new job, or stop */
    pthread_cond_t done; /* the job's last index finished, or a worker let go */
    pthread_t thread[MAX_WORKERS];
    unsigned want;     /* workers to start */
    unsigned nthreads; /* workers started */
    bool spawned;

    /* The current job; changed only under mu while no worker holds it. */
    void (*job)(void *ctx, size_t i);
    void *ctx;
    size_t n;
    unsigned long gen; /* bumped per submit: workers wait for a generation they have not run */
    bool pending;      /* submitted and not yet waited for */
    bool stop;
    unsigned active; /* workers holding the current job */

    atomic_size_t next;     /* the next index to hand out */
    atomic_size_t finished; /* indices completed */
};

/* Runs indices until none are left; returns whether this call finished the last one. */
static bool run_indices(struct hp_workpool *p, void (*job)(void *, size_t), void *ctx, size_t n)
{
    bool last = false;
    for (;;) {
        size_t i = atomic_fetch_add(&p->next, 1);
        if (i >= n)
            return last;
        job(ctx, i);
        if (atomic_fetch_add(&p->finished, 1) + 1 == n)
            last = true;
    }
}

static void *worker(void *arg)
{
    struct hp_workpool *p = arg;
    unsigned long seen = 0;
    pthread_mutex_lock(&p->mu);
    for (;;) {
        while (!p->stop && p->gen == seen)
            pthread_cond_wait(&p->work, &p->mu);
        if (p->stop)
            break;
        seen = p->gen;
        void (*job)(void *, size_t) = p->job;
        void *ctx = p->ctx;
        size_t n = p->n;
        p->active++;
        pthread_mutex_unlock(&p->mu);

        run_indices(p, job, ctx, n);

        pthread_mutex_lock(&p->mu);
        p->active--;
        pthread_cond_signal(&p->done);
    }
    pthread_mutex_unlock(&p->mu);
    return NULL;
}

struct hp_workpool *hp_workpool_new(unsigned max_threads)
{
    struct hp_workpool *p = hp_xcalloc(1, sizeof *p);
    pthread_mutex_init(&p->mu, NULL);
    pthread_cond_init(&p->work, NULL);
    pthread_cond_init(&p->done, NULL);
    atomic_init(&p->next, 0);
    atomic_init(&p->finished, 0);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    p->want = cores > 1 ? (unsigned)cores : 0;
    if (max_threads && p->want > max_threads)
        p->want = max_threads;
    if (p->want > MAX_WORKERS)
        p->want = MAX_WORKERS;
    return p;
}

struct hp_workpool *hp_workpool_new_beside_caller(void)
{
    struct hp_workpool *p = hp_workpool_new(0);
    if (p->want > 0)
        p->want--;
    return p;
}

/* Workers start with the first job that has two indices or more: most age files in a
 * deployment are a few KiB, one chunk, and never pay for a thread. */
static void spawn_workers(struct hp_workpool *p)
{
    p->spawned = true;
    /* Workers inherit the creator's signal mask: block everything while creating them. */
    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    for (unsigned i = 0; i < p->want; i++) {
        if (pthread_create(&p->thread[p->nthreads], NULL, worker, p) != 0)
            break; /* fewer workers is only slower */
        p->nthreads++;
    }
    pthread_sigmask(SIG_SETMASK, &old, NULL);
}

void hp_workpool_submit(struct hp_workpool *p, void (*job)(void *ctx, size_t i), void *ctx, size_t n)
{
    if (p->pending)
        hp_workpool_wait(p);
    if (!p->spawned && n >= 2)
        spawn_workers(p);
    pthread_mutex_lock(&p->mu);
    /* A worker that woke late may still hold the previous (finished) job: its indices are
     * all taken, so it lets go at once; wait for that before resetting the counters. */
    while (p->active > 0)
        pthread_cond_wait(&p->done, &p->mu);
    p->job = job;
    p->ctx = ctx;
    p->n = n;
    atomic_store(&p->next, 0);
    atomic_store(&p->finished, 0);
    p->pending = true;
    if (p->nthreads && n > 0) {
        p->gen++;
        pthread_cond_broadcast(&p->work);
    }
    pthread_mutex_unlock(&p->mu);
}

void hp_workpool_wait(struct hp_workpool *p)
{
    if (!p->pending)
        return;
    run_indices(p, p->job, p->ctx, p->n);
    pthread_mutex_lock(&p->mu);
    while (atomic_load(&p->finished) < p->n || p->active > 0)
        pthread_cond_wait(&p->done, &p->mu);
    p->pending = false;
    pthread_mutex_unlock(&p->mu);
}

void hp_workpool_free(struct hp_workpool *p)
{
    if (!p)
        return;
    hp_workpool_wait(p);
    pthread_mutex_lock(&p->mu);
    p->stop = true;
    pthread_cond_broadcast(&p->work);
    pthread_mutex_unlock(&p->mu);
    for (unsigned i = 0; i < p->nthreads; i++)
        pthread_join(p->thread[i], NULL);
    pthread_cond_destroy(&p->done);
    pthread_cond_destroy(&p->work);
    pthread_mutex_destroy(&p->mu);
    free(p);
}

unsigned hp_workpool_threads(const struct hp_workpool *p)
{
    return p ? p->nthreads : 0;
}
