/* secrets_shmdir_create: folders left by a killed run are wiped and removed by the next run;
 * a folder someone holds (a live run, or a helm that outlived its run) is never touched.
 * Mutants caught: no sweep (stale_folder_removed fails); the sweep not taking the lock first
 * (held_folder_kept fails); following a symlink named helm-panda.* (symlink_not_followed). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "secrets/shmdir.h"

static char base[PATH_MAX];

static int setup(void **state)
{
    (void)state;
    snprintf(base, sizeof base, "/dev/shm/hp-shmdir-test.XXXXXX");
    return mkdtemp(base) ? 0 : -1;
}

static int teardown(void **state)
{
    (void)state;
    secrets_shmdir_remove(base);
    return 0;
}

static bool exists(const char *p)
{
    struct stat st;
    return lstat(p, &st) == 0;
}

static void make_with_file(const char *dir)
{
    assert_int_equal(mkdir(dir, 0700), 0);
    char f[PATH_MAX];
    snprintf(f, sizeof f, "%s/f", dir);
    FILE *fp = fopen(f, "w");
    assert_non_null(fp);
    fputs("password: plaintext\n", fp);
    fclose(fp);
}

static void stale_folder_removed(void **state)
{
    (void)state;
    char stale[PATH_MAX], other[PATH_MAX];
    snprintf(stale, sizeof stale, "%s/helm-panda.ABC123", base);
    snprintf(other, sizeof other, "%s/not-ours.ABC123", base);
    make_with_file(stale);
    make_with_file(other);
    int fd = -1;
    char *dir = secrets_shmdir_create(base, false, &fd);
    assert_non_null(dir);
    assert_false(exists(stale));
    assert_true(exists(other)); /* only our prefix */
    struct stat st;
    assert_int_equal(stat(dir, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0700);
    close(fd);
    free(dir);
}

static void held_folder_kept(void **state)
{
    (void)state;
    char held[PATH_MAX];
    snprintf(held, sizeof held, "%s/helm-panda.HELD01", base);
    make_with_file(held);
    int ready[2], done[2];
    assert_int_equal(pipe(ready), 0);
    assert_int_equal(pipe(done), 0);
    pid_t pid = fork();
    if (pid == 0) { /* a live run holding its folder */
        int fd = open(held, O_RDONLY | O_DIRECTORY);
        if (fd < 0 || flock(fd, LOCK_EX) != 0)
            _exit(1);
        char c = 1;
        if (write(ready[1], &c, 1) != 1)
            _exit(1);
        close(done[1]);
        while (read(done[0], &c, 1) > 0)
            ;
        _exit(0);
    }
    close(ready[1]);
    close(done[0]);
    char c;
    assert_int_equal(read(ready[0], &c, 1), 1);
    int fd = -1;
    char *dir = secrets_shmdir_create(base, false, &fd);
    assert_non_null(dir);
    assert_true(exists(held)); /* held: kept */
    close(fd);
    free(dir);
    close(done[1]); /* the run ends */
    int status;
    waitpid(pid, &status, 0);
    assert_int_equal(WEXITSTATUS(status), 0);
    dir = secrets_shmdir_create(base, false, &fd);
    assert_non_null(dir);
    assert_false(exists(held)); /* nobody holds it now */
    close(fd);
    free(dir);
}

static void own_live_folder_kept(void **state)
{
    (void)state;
    int fd1 = -1, fd2 = -1;
    char *d1 = secrets_shmdir_create(base, false, &fd1);
    char *d2 = secrets_shmdir_create(base, false, &fd2);
    assert_non_null(d1);
    assert_non_null(d2);
    assert_true(exists(d1)); /* the second call does not sweep the first, still held */
    close(fd1);
    close(fd2);
    free(d1);
    free(d2);
}

static void symlink_not_followed(void **state)
{
    (void)state;
    char target[PATH_MAX], link[PATH_MAX], file[PATH_MAX];
    snprintf(target, sizeof target, "%s/target", base);
    snprintf(link, sizeof link, "%s/helm-panda.LINK01", base);
    snprintf(file, sizeof file, "%s/f", target);
    make_with_file(target);
    assert_int_equal(symlink(target, link), 0);
    int fd = -1;
    char *dir = secrets_shmdir_create(base, false, &fd);
    assert_non_null(dir);
    assert_true(exists(file));
    close(fd);
    free(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test_setup_teardown(stale_folder_removed, setup, teardown),
        cmocka_unit_test_setup_teardown(held_folder_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(own_live_folder_kept, setup, teardown),
        cmocka_unit_test_setup_teardown(symlink_not_followed, setup, teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
