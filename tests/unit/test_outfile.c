/* hp/outfile.h: the file has no name until it is complete (O_TMPFILE), or, in the fallback
 * (forced here with HELM_PANDA_NO_O_TMPFILE=1), a named temporary that SIGTERM, SIGINT and
 * SIGHUP remove before the process dies of the signal. Every test runs in both modes. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <setjmp.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>

#include "hp/file.h"
#include "hp/outfile.h"
#include "hp/util.h"

#define MARKER "PLAINTEXT-MARKER"

struct mode {
    bool named; /* the fallback, forced */
    char dir[512];
};

/* Whether the test folder's file system has O_TMPFILE, asked directly: then the unforced
 * mode must use it. */
static bool fs_has_tmpfile(const char *dir)
{
    int fd = open(dir, O_TMPFILE | O_WRONLY, 0600);
    if (fd < 0)
        return false;
    close(fd);
    return true;
}

static int setup(void **state, bool named)
{
    struct mode *m = calloc(1, sizeof *m);
    m->named = named;
    snprintf(m->dir, sizeof m->dir, "%s/hp-outfile.XXXXXX", getenv("TMPDIR") ? getenv("TMPDIR") : "/tmp");
    if (!mkdtemp(m->dir))
        return -1;
    if (named)
        setenv("HELM_PANDA_NO_O_TMPFILE", "1", 1);
    else
        unsetenv("HELM_PANDA_NO_O_TMPFILE");
    *state = m;
    return 0;
}
static int setup_anonymous(void **state) { return setup(state, false); }
static int setup_named(void **state) { return setup(state, true); }

static int teardown(void **state)
{
    struct mode *m = *state;
    char *cmd = hp_xasprintf("rm -rf '%s'", m->dir);
    int rc = system(cmd);
    free(cmd);
    unsetenv("HELM_PANDA_NO_O_TMPFILE");
    free(m);
    return rc == 0 ? 0 : -1;
}

/* Entries of dir (not . and ..), names joined by spaces into out. */
static int entries(const char *dir, char *out, size_t cap)
{
    DIR *d = opendir(dir);
    assert_non_null(d);
    int n = 0;
    out[0] = 0;
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, "..")) {
            n++;
            strncat(out, de->d_name, cap - strlen(out) - 2);
            strcat(out, " ");
        }
    closedir(d);
    return n;
}

static void test_replace(void **state)
{
    struct mode *m = *state;
    char *p = hp_path_join(m->dir, "out.txt"), names[512];
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic(p, "old", 3, 0644, &e), 0);
    struct hp_outfile o;
    assert_int_equal(hp_outfile_open(&o, p, 0600, &e), 0);
    assert_int_equal(hp_fd_write_all(o.fd, MARKER, strlen(MARKER)), 0);
    /* while it is written: O_TMPFILE shows nothing new; the fallback one temporary */
    int n = entries(m->dir, names, sizeof names);
    if (m->named) {
        assert_int_equal(n, 2);
        assert_non_null(strstr(names, ".out.txt.tmp"));
    } else if (fs_has_tmpfile(m->dir)) {
        assert_true(o.anonymous);
        assert_int_equal(n, 1);
    } else {
        printf("# no O_TMPFILE on this file system: the fallback ran\n");
    }
    assert_int_equal(hp_outfile_commit(&o, false, &e), 0);
    struct hp_buf b = {0};
    assert_int_equal(hp_file_read(p, &b, &e), 0);
    assert_string_equal(hp_buf_cstr(&b), MARKER);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0600);
    assert_int_equal(entries(m->dir, names, sizeof names), 1);
    hp_buf_free(&b);
    free(p);
}

/* keygen's rule: never overwrite, even a file that appears after the check */
static void test_no_overwrite(void **state)
{
    struct mode *m = *state;
    char *p = hp_path_join(m->dir, "id.txt"), names[512];
    struct hp_error e = {0};
    struct hp_outfile o;
    assert_int_equal(hp_outfile_open(&o, p, 0600, &e), 0);
    assert_int_equal(hp_fd_write_all(o.fd, MARKER, strlen(MARKER)), 0);
    assert_int_equal(hp_file_write_atomic(p, "theirs", 6, 0644, &e), 0); /* appeared meanwhile */
    errno = 0;
    assert_int_equal(hp_outfile_commit(&o, true, &e), -1);
    assert_int_equal(errno, EEXIST);
    struct hp_buf b = {0};
    assert_int_equal(hp_file_read(p, &b, &e), 0);
    assert_string_equal(hp_buf_cstr(&b), "theirs");
    assert_int_equal(entries(m->dir, names, sizeof names), 1);
    hp_buf_free(&b);
    /* and into a free name it works */
    char *q = hp_path_join(m->dir, "id2.txt");
    assert_int_equal(hp_outfile_open(&o, q, 0600, &e), 0);
    assert_int_equal(hp_fd_write_all(o.fd, MARKER, strlen(MARKER)), 0);
    assert_int_equal(hp_outfile_commit(&o, true, &e), 0);
    assert_int_equal(entries(m->dir, names, sizeof names), 2);
    free(q);
    free(p);
}

static void test_abort_leaves_nothing(void **state)
{
    struct mode *m = *state;
    char *p = hp_path_join(m->dir, "out.txt"), names[512];
    struct hp_error e = {0};
    struct hp_outfile o;
    assert_int_equal(hp_outfile_open(&o, p, 0600, &e), 0);
    assert_int_equal(hp_fd_write_all(o.fd, MARKER, strlen(MARKER)), 0);
    hp_outfile_abort(&o);
    assert_int_equal(entries(m->dir, names, sizeof names), 0);
    free(p);
}

/* The process dies of sig while writing: nothing may remain, and it dies of that signal. */
static void killed_by(struct mode *m, int sig)
{
    char *p = hp_path_join(m->dir, "out.txt"), names[512];
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        struct hp_error e = {0};
        struct hp_outfile o;
        if (hp_outfile_open(&o, p, 0600, &e) < 0 || hp_fd_write_all(o.fd, MARKER, strlen(MARKER)) < 0)
            _exit(3);
        kill(getpid(), sig);
        _exit(4); /* not reached: the signal kills us */
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    if (!WIFSIGNALED(status) || WTERMSIG(status) != sig)
        fail_msg("child: status %#x, wanted death by signal %d", status, sig);
    if (entries(m->dir, names, sizeof names) != 0)
        fail_msg("signal %d left: %s", sig, names);
    free(p);
}

static void test_killed(void **state)
{
    struct mode *m = *state;
    killed_by(m, SIGTERM);
    killed_by(m, SIGINT);
    killed_by(m, SIGHUP);
}

/* The replace window of O_TMPFILE (linked to a temporary name, then renamed) and every other
 * path leave the handlers as they found them. */
static void test_handlers_restored(void **state)
{
    struct mode *m = *state;
    char *p = hp_path_join(m->dir, "out.txt");
    struct sigaction before, after;
    sigaction(SIGTERM, NULL, &before);
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic(p, "x", 1, 0600, &e), 0);
    sigaction(SIGTERM, NULL, &after);
    assert_ptr_equal(before.sa_handler, after.sa_handler);
    free(p);
}

static void test_device_in_place(void **state)
{
    (void)state;
    struct hp_error e = {0};
    struct hp_outfile o;
    assert_int_equal(hp_outfile_open(&o, "/dev/null", 0600, &e), 0);
    assert_true(o.direct);
    assert_int_equal(hp_fd_write_all(o.fd, "x", 1), 0);
    assert_int_equal(hp_outfile_commit(&o, false, &e), 0);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

#define BOTH(t) cmocka_unit_test_setup_teardown(t, setup_anonymous, teardown), \
                cmocka_unit_test_setup_teardown(t, setup_named, teardown)

int main(void)
{
    const struct CMUnitTest tests[] = {
        BOTH(test_replace),  BOTH(test_no_overwrite),      BOTH(test_abort_leaves_nothing),
        BOTH(test_killed),   BOTH(test_handlers_restored), cmocka_unit_test(test_device_in_place),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
