/* The worker pool: every index of every job runs exactly once, jobs never mix (a job's
 * function only ever sees its own context and its own indices), the submitting thread can
 * work between submit and wait, and a pool with no job pending waits and frees cleanly. */
#include <setjmp.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "hp/workpool.h"

struct counts {
    size_t n;
    atomic_int *hit; /* hit[i]: how many times index i ran */
    int tag;         /* which job this context belongs to */
    atomic_int wrong;
};

static void count_job(void *ctx, size_t i)
{
    struct counts *c = ctx;
    if (i >= c->n)
        atomic_fetch_add(&c->wrong, 1);
    else
        atomic_fetch_add(&c->hit[i], 1);
}

static void check_once(struct counts *c)
{
    assert_int_equal(atomic_load(&c->wrong), 0);
    for (size_t i = 0; i < c->n; i++)
        if (atomic_load(&c->hit[i]) != 1)
            fail_msg("job %d: index %zu of %zu ran %d times", c->tag, i, c->n, atomic_load(&c->hit[i]));
}

static void test_every_index_once_across_many_jobs(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 2, 3, 16, 17, 1000};
    struct hp_workpool *p = hp_workpool_new(0);
    /* back-to-back jobs of different sizes with different contexts: a worker that woke late
     * for one job must never run its function with the next job's indices */
    for (int round = 0; round < 2000; round++) {
        size_t n = sizes[round % (sizeof sizes / sizeof *sizes)];
        struct counts c = {.n = n, .hit = calloc(n ? n : 1, sizeof(atomic_int)), .tag = round};
        atomic_init(&c.wrong, 0);
        hp_workpool_submit(p, count_job, &c, n);
        hp_workpool_wait(p);
        check_once(&c);
        free(c.hit);
    }
    hp_workpool_free(p);
}

static void test_caller_works_between_submit_and_wait(void **state)
{
    (void)state;
    struct hp_workpool *p = hp_workpool_new(2);
    assert_true(hp_workpool_threads(p) <= 2);
    size_t n = 64;
    struct counts a = {.n = n, .hit = calloc(n, sizeof(atomic_int)), .tag = 1};
    struct counts b = {.n = n, .hit = calloc(n, sizeof(atomic_int)), .tag = 2};
    atomic_init(&a.wrong, 0);
    atomic_init(&b.wrong, 0);
    hp_workpool_submit(p, count_job, &a, n);
    volatile unsigned long spin = 0; /* the caller's own "I/O" while the job runs */
    for (int i = 0; i < 100000; i++)
        spin += (unsigned long)i;
    assert_true(spin > 0);
    /* submitting again without waiting first finishes the pending job */
    hp_workpool_submit(p, count_job, &b, n);
    check_once(&a);
    hp_workpool_wait(p);
    hp_workpool_wait(p); /* nothing pending: returns at once */
    check_once(&b);
    free(a.hit);
    free(b.hit);
    hp_workpool_free(p);
    hp_workpool_free(NULL);
}

static void test_one_thread_cap_and_free_with_pending_job(void **state)
{
    (void)state;
    struct hp_workpool *p = hp_workpool_new(1);
    assert_true(hp_workpool_threads(p) <= 1);
    size_t n = 100;
    struct counts c = {.n = n, .hit = calloc(n, sizeof(atomic_int)), .tag = 3};
    atomic_init(&c.wrong, 0);
    hp_workpool_submit(p, count_job, &c, n);
    hp_workpool_free(p); /* finishes the job before stopping */
    check_once(&c);
    free(c.hit);
}

static void test_threads_start_with_the_first_parallel_job(void **state)
{
    (void)state;
    struct hp_workpool *p = hp_workpool_new(0);
    struct counts c = {.n = 1, .hit = calloc(64, sizeof(atomic_int)), .tag = 4};
    atomic_init(&c.wrong, 0);
    for (int i = 0; i < 10; i++) { /* one-chunk files: no thread, the caller does the work */
        atomic_store(&c.hit[0], 0);
        hp_workpool_submit(p, count_job, &c, 1);
        hp_workpool_wait(p);
        check_once(&c);
    }
    assert_int_equal(hp_workpool_threads(p), 0);
    memset(c.hit, 0, 64 * sizeof(atomic_int));
    c.n = 64;
    hp_workpool_submit(p, count_job, &c, 64);
    hp_workpool_wait(p);
    check_once(&c);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    assert_int_equal(hp_workpool_threads(p), cores > 1 ? (unsigned)(cores > 16 ? 16 : cores) : 0);
    free(c.hit);
    hp_workpool_free(p);
}

/* The pool for a caller that works too: one worker fewer than the cores (none on one
 * core), and its jobs still run every index once. */
static void test_beside_caller_leaves_the_caller_a_core(void **state)
{
    (void)state;
    struct hp_workpool *p = hp_workpool_new_beside_caller();
    struct counts c = {.n = 64, .hit = calloc(64, sizeof(atomic_int)), .tag = 5};
    atomic_init(&c.wrong, 0);
    hp_workpool_submit(p, count_job, &c, 64);
    hp_workpool_wait(p);
    check_once(&c);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    unsigned want = cores > 1 ? (unsigned)(cores > 16 ? 16 : cores) - 1 : 0;
    assert_int_equal(hp_workpool_threads(p), want);
    free(c.hit);
    hp_workpool_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_index_once_across_many_jobs),
        cmocka_unit_test(test_caller_works_between_submit_and_wait),
        cmocka_unit_test(test_one_thread_cap_and_free_with_pending_job),
        cmocka_unit_test(test_threads_start_with_the_first_parallel_job),
        cmocka_unit_test(test_beside_caller_leaves_the_caller_a_core),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
