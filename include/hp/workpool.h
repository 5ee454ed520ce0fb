/* A small persistent pool of worker threads for data-parallel jobs: job(ctx, i) for every
 * i in [0, n), the indices handed out one at a time. Submitting returns at once, so the
 * caller can do I/O while the workers compute; waiting makes the caller help with the
 * indices still left, then returns when every one has finished.
 *
 * Workers are created once per pool (not per job), when the first job with two indices or
 * more is submitted, and block every signal, so Ctrl-C always reaches the main thread. With one core, or if no thread can be created, the pool
 * has no workers and hp_workpool_wait runs the whole job on the caller's thread. */
#ifndef HP_WORKPOOL_H
#define HP_WORKPOOL_H

#include <stddef.h>

struct hp_workpool;

/* A pool of min(online cores, max_threads) workers; max_threads 0 means one per core. No
 * thread starts until a job needs it. */
struct hp_workpool *hp_workpool_new(unsigned max_threads);
/* A pool for a caller that works too (its own I/O, then its share of the indices in
 * hp_workpool_wait): one worker fewer than the online cores, so the caller's thread is the
 * last core's and no thread waits for a core while others wait for it. None on one core. */
struct hp_workpool *hp_workpool_new_beside_caller(void);
/* Starts a job. At most one job runs at a time: call hp_workpool_wait before the next. */
void hp_workpool_submit(struct hp_workpool *p, void (*job)(void *ctx, size_t i), void *ctx, size_t n);
/* Finishes the current job (helping with it); returns at once when none is pending. */
void hp_workpool_wait(struct hp_workpool *p);
/* Waits for the current job, stops and joins the workers, frees the pool. NULL is fine. */
void hp_workpool_free(struct hp_workpool *p);
/* How many worker threads the pool has started (0: everything ran in hp_workpool_wait). */
unsigned hp_workpool_threads(const struct hp_workpool *p);

#endif
