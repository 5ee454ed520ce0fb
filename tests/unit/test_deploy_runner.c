/* The DAG runner with real child processes (/bin/sh): order, fail-fast, skips, captured
 * output in job order, and descriptors kept for one child only. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "deploy/run/runner.h"
#include "hp/interrupt.h"
#include "secrets/memfile.h"

#define SH(name, script) {name, (char *const[]){"/bin/sh", "-c", script, NULL}}
struct spec {
    const char *name;
    char *const *argv;
};

static void setup_jobs(struct runner_job *jobs, const struct spec *s, size_t n)
{
    memset(jobs, 0, n * sizeof *jobs);
    for (size_t i = 0; i < n; i++) {
        jobs[i].name = s[i].name;
        jobs[i].argv = s[i].argv;
    }
}

static void test_dag_order_and_output(void **state)
{
    (void)state;
    /* b needs a; c is independent and slow: b must not wait for c */
    const struct spec s[] = {
        SH("a", "echo A"),
        SH("b", "echo B; echo warn >&2"),
        SH("c", "sleep 2; echo C"), /* 2 s: a and b end long before, even on a loaded CI machine */
    };
    struct runner_job jobs[3];
    setup_jobs(jobs, s, 3);
    size_t need_a[] = {0};
    jobs[1].needs = need_a;
    jobs[1].n_needs = 1;
    FILE *out = tmpfile();
    struct runner_opts o = {.parallel = 4, .ordered_stdout = out};
    struct hp_error e = {0};
    assert_int_equal(runner_run(jobs, 3, &o, &e), RUNNER_ALL_OK);
    for (int i = 0; i < 3; i++)
        assert_int_equal(jobs[i].state, RUNNER_OK);
    assert_true(jobs[1].started >= jobs[0].started + jobs[0].seconds - 0.001);
    assert_true(jobs[1].started + jobs[1].seconds < jobs[2].started + jobs[2].seconds);
    assert_string_equal(hp_buf_cstr(&jobs[1].err), "warn\n");
    char buf[64] = {0};
    rewind(out);
    assert_int_equal(fread(buf, 1, sizeof buf - 1, out), 6);
    assert_string_equal(buf, "A\nB\nC\n"); /* job order, although c finished last */
    fclose(out);
    runner_jobs_free(jobs, 3);
}

static void test_fail_fast_and_keep_going(void **state)
{
    (void)state;
    /* a fails at once; b needs a; c needs b; d is independent but starts only after a slow e
     * (1.5 s: e outlasts a's failure even on a loaded CI machine) */
    const struct spec s[] = {
        SH("a", "exit 3"), SH("b", "true"), SH("c", "true"), SH("e", "sleep 1.5"), SH("d", "true"),
    };
    size_t need0[] = {0}, need1[] = {1}, need3[] = {3};
    for (int keep = 0; keep < 2; keep++) {
        struct runner_job jobs[5];
        setup_jobs(jobs, s, 5);
        jobs[1].needs = need0, jobs[1].n_needs = 1;
        jobs[2].needs = need1, jobs[2].n_needs = 1;
        jobs[4].needs = need3, jobs[4].n_needs = 1;
        struct runner_opts o = {.parallel = 8, .keep_going = keep};
        struct hp_error e = {0};
        assert_int_equal(runner_run(jobs, 5, &o, &e), RUNNER_SOME_FAILED);
        assert_int_equal(jobs[0].state, RUNNER_FAILED);
        assert_int_equal(jobs[0].exit_code, 3);
        assert_int_equal(jobs[1].state, RUNNER_SKIPPED);
        assert_int_equal(jobs[1].blocked_by, 0);
        assert_int_equal(jobs[2].state, RUNNER_SKIPPED);
        assert_int_equal(jobs[2].blocked_by, 1);
        assert_int_equal(jobs[3].state, RUNNER_OK); /* running sibling finishes */
        assert_int_equal(jobs[4].state, keep ? RUNNER_OK : RUNNER_NOT_STARTED);
        runner_jobs_free(jobs, 5);
    }
}

static void test_parallel_cap(void **state)
{
    (void)state;
    const struct spec s[] = {SH("a", "sleep 0.2"), SH("b", "sleep 0.2"), SH("c", "sleep 0.2")};
    struct runner_job jobs[3];
    setup_jobs(jobs, s, 3);
    struct runner_opts o = {.parallel = 1};
    struct hp_error e = {0};
    assert_int_equal(runner_run(jobs, 3, &o, &e), RUNNER_ALL_OK);
    assert_true(jobs[1].started >= jobs[0].started + jobs[0].seconds - 0.001);
    assert_true(jobs[2].started >= jobs[1].started + jobs[1].seconds - 0.001);
    runner_jobs_free(jobs, 3);
}

static void test_spawn_failure(void **state)
{
    (void)state;
    struct runner_job j = {.name = "x", .argv = (char *const[]){"/nonexistent/helm", NULL}};
    struct runner_opts o = {0};
    struct hp_error e = {0};
    assert_int_equal(runner_run(&j, 1, &o, &e), RUNNER_SOME_FAILED);
    assert_int_equal(j.state, RUNNER_FAILED);
    assert_int_equal(j.exit_code, 127);
    assert_non_null(strstr(hp_buf_cstr(&j.err), "cannot run /nonexistent/helm"));
    runner_jobs_free(&j, 1);
}

static void test_keep_fds(void **state)
{
    (void)state;
    struct memfile m1, m2;
    struct hp_error e = {0};
    assert_int_equal(memfile_create(&m1, "one", "secret-one", 10, true, &e), 0);
    assert_int_equal(memfile_create(&m2, "two", "secret-two", 10, true, &e), 0);
    int fd1 = m1.fd, fd2 = m2.fd;
    char s1[128], s2[128], s3[128];
    /* job a reads its own file and must not see b's; b likewise; c sees neither */
    snprintf(s1, sizeof s1, "cat /dev/fd/%d; test -e /dev/fd/%d && echo LEAK; true", fd1, fd2);
    snprintf(s2, sizeof s2, "cat /dev/fd/%d; test -e /dev/fd/%d && echo LEAK; true", fd2, fd1);
    snprintf(s3, sizeof s3, "test -e /dev/fd/%d && echo LEAK; test -e /dev/fd/%d && echo LEAK; true", fd1, fd2);
    const struct spec s[] = {
        {"a", (char *const[]){"/bin/sh", "-c", s1, NULL}},
        {"b", (char *const[]){"/bin/sh", "-c", s2, NULL}},
        {"c", (char *const[]){"/bin/sh", "-c", s3, NULL}},
    };
    struct runner_job jobs[3];
    setup_jobs(jobs, s, 3);
    int *k1[] = {&m1.fd}, *k2[] = {&m2.fd};
    jobs[0].keep_fds = k1, jobs[0].n_keep_fds = 1;
    jobs[1].keep_fds = k2, jobs[1].n_keep_fds = 1;
    struct runner_opts o = {.parallel = 3};
    assert_int_equal(runner_run(jobs, 3, &o, &e), RUNNER_ALL_OK);
    assert_string_equal(hp_buf_cstr(&jobs[0].out), "secret-one");
    assert_string_equal(hp_buf_cstr(&jobs[1].out), "secret-two");
    assert_int_equal(jobs[2].out.len, 0);
    /* the runner closed them in the parent and said so */
    assert_int_equal(m1.fd, -1);
    assert_int_equal(m2.fd, -1);
    assert_int_equal(fcntl(fd1, F_GETFD), -1);
    assert_int_equal(fcntl(fd2, F_GETFD), -1);
    memfile_close(&m1);
    memfile_close(&m2);
    runner_jobs_free(jobs, 3);
}

/* a run that does not list a memfile (the `helm diff version` probe of `secrets diff`) must not
 * see it, whichever way it was made: it used to inherit every memfd and the pipe's read end */
static void test_unlisted_run_sees_no_memfile(void **state)
{
    (void)state;
    static const char *const kinds[] = {"memfd", "pipe", "tmpfs"};
    for (size_t k = 0; k < 3; k++) {
        setenv("HELM_PANDA_MEMFILE", kinds[k], 1);
        struct memfile m;
        struct hp_error e = {0};
        assert_int_equal(memfile_create(&m, "probe", "secret-probe", 12, false, &e), 0);
        char script[160];
        snprintf(script, sizeof script, "test -e /dev/fd/%d && echo LEAK; true", m.fd);
        char *argv[] = {"/bin/sh", "-c", script, NULL};
        struct hp_buf out = {0};
        assert_int_equal(runner_capture(argv, &out, NULL, &e), 0);
        if (out.len)
            fail_msg("%s: an unrelated child inherited the memfile", kinds[k]);
        hp_buf_free(&out);
        memfile_close(&m);
    }
    unsetenv("HELM_PANDA_MEMFILE");
}

/* Ctrl-C while a probe runs (the child sends it to us here): the probe is interrupted, not
 * "failed with 130" (`secrets diff` said "helm-diff not installed"). The interruption stays for
 * the rest of the process (hp/interrupt.h): only test_run_after_interrupt may follow it. */
static void test_capture_interrupted(void **state)
{
    (void)state;
    char *argv[] = {"/bin/sh", "-c", "kill -INT $PPID; sleep 5", NULL};
    struct hp_buf out = {0};
    struct hp_error e = {0};
    assert_int_equal(runner_capture(argv, &out, NULL, &e), RUNNER_CAPTURE_INTERRUPTED);
    hp_buf_free(&out);
}

/* After an interruption no run starts anything: an interrupted `helm list` or decryption is no
 * answer to go on with (apply upgraded after a Ctrl-C in its helm list). Runs after
 * test_capture_interrupted. */
static void test_run_after_interrupt(void **state)
{
    (void)state;
    char dir[] = "/tmp/hp-runner-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char cmd[128];
    snprintf(cmd, sizeof cmd, "touch %s/ran", dir);
    const struct spec s[] = {SH("a", cmd)};
    struct runner_job jobs[1];
    setup_jobs(jobs, s, 1);
    struct runner_opts o = {0};
    struct hp_error e = {0};
    assert_int_equal(hp_interrupt_signal(), SIGINT);
    assert_int_equal(runner_run(jobs, 1, &o, &e), RUNNER_INTERRUPTED);
    assert_int_equal(jobs[0].state, RUNNER_NOT_STARTED);
    char ran[160];
    snprintf(ran, sizeof ran, "%s/ran", dir);
    assert_int_equal(access(ran, F_OK), -1);
    assert_int_equal(runner_exit_code(RUNNER_INTERRUPTED), 130);
    char *argv[] = {"/bin/sh", "-c", cmd, NULL};
    struct hp_buf out = {0};
    assert_int_equal(runner_capture(argv, &out, NULL, &e), RUNNER_CAPTURE_INTERRUPTED);
    assert_int_equal(access(ran, F_OK), -1);
    runner_jobs_free(jobs, 1);
    rmdir(dir);
}

static void test_fds_closed_when_never_started(void **state)
{
    (void)state;
    struct memfile m;
    struct hp_error e = {0};
    assert_int_equal(memfile_create(&m, "x", "s", 1, true, &e), 0);
    int fd = m.fd;
    const struct spec s[] = {SH("a", "exit 1"), SH("b", "true")};
    struct runner_job jobs[2];
    setup_jobs(jobs, s, 2);
    size_t need0[] = {0};
    int *k[] = {&m.fd};
    jobs[1].needs = need0, jobs[1].n_needs = 1;
    jobs[1].keep_fds = k, jobs[1].n_keep_fds = 1;
    struct runner_opts o = {0};
    assert_int_equal(runner_run(jobs, 2, &o, &e), RUNNER_SOME_FAILED);
    assert_int_equal(jobs[1].state, RUNNER_SKIPPED);
    assert_int_equal(m.fd, -1);
    assert_int_equal(fcntl(fd, F_GETFD), -1);
    runner_jobs_free(jobs, 2);
}

static void test_capture(void **state)
{
    (void)state;
    struct hp_buf out = {0}, err = {0};
    struct hp_error e = {0};
    char *const argv[] = {"/bin/sh", "-c", "echo v3.17.2; echo oops >&2; exit 4", NULL};
    assert_int_equal(runner_capture(argv, &out, &err, &e), 4);
    assert_string_equal(hp_buf_cstr(&out), "v3.17.2\n");
    assert_string_equal(hp_buf_cstr(&err), "oops\n");
    hp_buf_free(&out);
    hp_buf_free(&err);
}

/* a write of the ordered output that fails (a full disk) fails the run: it was ignored */
static void test_output_write_fails(void **state)
{
    (void)state;
    const struct spec s[] = {SH("a", "echo A"), SH("b", "echo B")};
    struct runner_job jobs[2];
    setup_jobs(jobs, s, 2);
    size_t need_a[] = {0};
    jobs[1].needs = need_a;
    jobs[1].n_needs = 1;
    FILE *out = fopen("/dev/full", "w");
    assert_non_null(out);
    struct runner_opts o = {.parallel = 1, .ordered_stdout = out};
    struct hp_error e = {0};
    assert_int_equal(runner_run(jobs, 2, &o, &e), -1);
    assert_non_null(strstr(e.msg, "stdout: cannot write the output: No space left on device"));
    assert_int_equal(jobs[1].state, RUNNER_NOT_STARTED); /* the output is cut: start nothing more */
    fclose(out);
    runner_jobs_free(jobs, 2);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_dag_order_and_output), cmocka_unit_test(test_fail_fast_and_keep_going),
        cmocka_unit_test(test_parallel_cap), cmocka_unit_test(test_spawn_failure),
        cmocka_unit_test(test_keep_fds), cmocka_unit_test(test_fds_closed_when_never_started),
        cmocka_unit_test(test_capture), cmocka_unit_test(test_output_write_fails),
        cmocka_unit_test(test_unlisted_run_sees_no_memfile), cmocka_unit_test(test_capture_interrupted),
        cmocka_unit_test(test_run_after_interrupt), /* last: the interruption is for good */
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
