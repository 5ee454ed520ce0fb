/* Whole-file writes: atomic for regular files, in place for devices (never replace /dev/null). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
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

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_atomic_regular_file),
        cmocka_unit_test(test_device_written_in_place),
        cmocka_unit_test(test_missing_folder_fails_cleanly),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
