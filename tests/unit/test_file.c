/* Whole-file writes: atomic for regular files, in place for devices (never replace /dev/null). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "hp/file.h"
#include "hp/util.h"

static void test_atomic_regular_file(void **state)
{
    (void)state;
    char dir[] = "/tmp/hp-file-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *p = hp_path_join(dir, "out.txt");
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic(p, "one", 3, 0600, &e), 0);
    assert_int_equal(hp_file_write_atomic(p, "second", 6, 0640, &e), 0);
    struct hp_buf b = {0};
    assert_int_equal(hp_file_read(p, &b, &e), 0);
    assert_int_equal(b.len, 6);
    assert_memory_equal(b.data, "second", 6);
    struct stat st;
    assert_int_equal(stat(p, &st), 0);
    assert_int_equal(st.st_mode & 0777, 0640);
    /* nothing but the file itself is left in the folder */
    char *cmd = hp_xasprintf("test $(ls -A %s | wc -l) -eq 1", dir);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    unlink(p);
    rmdir(dir);
    free(p);
    hp_buf_free(&b);
}

static void test_device_written_in_place(void **state)
{
    (void)state;
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic("/dev/null", "x", 1, 0600, &e), 0);
    struct stat st;
    assert_int_equal(stat("/dev/null", &st), 0);
    assert_true(S_ISCHR(st.st_mode));
}

static void test_missing_folder_fails_cleanly(void **state)
{
    (void)state;
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic("/nonexistent-dir/x", "x", 1, 0600, &e), -1);
    assert_non_null(strstr(e.msg, "/nonexistent-dir/x"));
}

/* hp_file_read_secret sizes a regular file's guarded block from its size and grows a pipe's
 * in 64 KiB steps when it is full: every size around those edges reads whole, terminated. */
static void test_read_secret_sizes(void **state)
{
    (void)state;
    static const size_t sizes[] = {1, 2, 254, 255, 256, 4095, 4096, 65535, 65536, 65537, 131071, 131072, 200000};
    char dir[] = "/tmp/hp-file-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char *p = hp_path_join(dir, "in");
    unsigned char *want = malloc(200000);
    for (size_t i = 0; i < 200000; i++)
        want[i] = (unsigned char)(i * 7 + i / 251);
    struct hp_error e = {0};
    for (int fifo = 0; fifo < 2; fifo++) {
        for (size_t k = 0; k < sizeof sizes / sizeof *sizes; k++) {
            unlink(p);
            pid_t pid = 0;
            if (fifo) {
                assert_int_equal(mkfifo(p, 0600), 0);
                pid = fork();
                assert_true(pid >= 0);
                if (pid == 0) {
                    FILE *f = fopen(p, "w");
                    _exit(f && fwrite(want, 1, sizes[k], f) == sizes[k] && fclose(f) == 0 ? 0 : 1);
                }
            } else {
                FILE *f = fopen(p, "w");
                assert_non_null(f);
                assert_int_equal(fwrite(want, 1, sizes[k], f), sizes[k]);
                assert_int_equal(fclose(f), 0);
            }
            struct hp_secbuf b = {0};
            assert_int_equal(hp_file_read_secret(p, &b, &e), 0);
            if (b.len != sizes[k])
                fail_msg("%s of %zu bytes: read %zu", fifo ? "fifo" : "file", sizes[k], b.len);
            assert_memory_equal(b.data, want, sizes[k]);
            assert_int_equal(b.data[b.len], 0);
            hp_secbuf_free(&b);
            if (fifo) {
                int st;
                assert_int_equal(waitpid(pid, &st, 0), pid);
                assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
            }
        }
    }
    unlink(p);
    rmdir(dir);
    free(p);
    free(want);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic_regular_file),
        cmocka_unit_test(test_device_written_in_place),
        cmocka_unit_test(test_missing_folder_fails_cleanly),
        cmocka_unit_test(test_read_secret_sizes),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
