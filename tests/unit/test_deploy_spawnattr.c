/* The attributes every child of a run starts with (src/deploy/run/spawnattr.c), shared by the
 * runner and the probes: read back through posix_spawnattr_get*. */
#include <setjmp.h>
#include <signal.h>
#include <spawn.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "deploy/run/spawnattr.h"

/* Catches: a signal left blocked in the child, one of SIGINT/SIGTERM/SIGPIPE/SIGCHLD not reset
 * (an ignored SIGPIPE would be inherited by helm), the child kept in our process group, a flag
 * missing (the set is then not applied at all). */
static void test_attrs(void **state)
{
    (void)state;
    posix_spawnattr_t at;
    runner_spawnattr_init(&at);
    short flags = 0;
    assert_int_equal(posix_spawnattr_getflags(&at, &flags), 0);
    assert_int_equal(flags, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    pid_t pg = -1;
    assert_int_equal(posix_spawnattr_getpgroup(&at, &pg), 0);
    assert_int_equal(pg, 0);
    sigset_t mask, defaults;
    assert_int_equal(posix_spawnattr_getsigmask(&at, &mask), 0);
    assert_int_equal(posix_spawnattr_getsigdefault(&at, &defaults), 0);
    for (int sig = 1; sig < SIGRTMIN; sig++) {
        if (sig == SIGKILL || sig == SIGSTOP)
            continue;
        assert_int_equal(sigismember(&mask, sig), 0);
        int want = sig == SIGINT || sig == SIGTERM || sig == SIGPIPE || sig == SIGCHLD;
        assert_int_equal(sigismember(&defaults, sig), want);
    }
    posix_spawnattr_destroy(&at);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_attrs),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
