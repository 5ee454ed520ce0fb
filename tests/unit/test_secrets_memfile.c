/* memfile: each way (memfd, pipe, tmpfs) hands back exactly the bytes given, through the path
 * a child would open; closing removes every trace of the tmpfs fallback. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "hp/buf.h"
#include "hp/file.h"
#include "secrets/memfile.h"

static void roundtrip(const char *force, size_t len, bool seekable, enum memfile_kind want)
{
    setenv("HELM_PANDA_MEMFILE", force, 1);
    unsigned char *data = malloc(len ? len : 1);
    for (size_t i = 0; i < len; i++)
        data[i] = (unsigned char)(i * 7 + 3);
    struct memfile mf;
    struct hp_error e = {0};
    if (memfile_create(&mf, "test", data, len, seekable, &e) < 0)
        fail_msg("memfile_create(%s): %s", force, e.msg);
    assert_int_equal(mf.kind, want);
    /* secret-carrying: close-on-exec, so only the runner's chosen child gets it */
    assert_true(fcntl(mf.fd, F_GETFD) & FD_CLOEXEC);
    /* read it back the way helm does: by path, in a fresh open */
    int fd = open(mf.path, O_RDONLY);
    assert_true(fd >= 0);
    struct hp_buf b = {0};
    assert_int_equal(hp_fd_read_all(fd, &b), 0);
    close(fd);
    assert_int_equal(b.len, len);
    assert_memory_equal(b.data, data, len);
    hp_buf_free(&b);
    char *dir = mf.tmpdir ? strdup(mf.tmpdir) : NULL;
    if (want == MEMFILE_TMPFS) {
        struct stat st;
        assert_int_equal(stat(dir, &st), 0);
        assert_int_equal(st.st_mode & 0777, 0700);
    }
    memfile_close(&mf);
    memfile_close(&mf); /* idempotent */
    if (dir) {
        struct stat st;
        assert_int_not_equal(stat(dir, &st), 0); /* wiped and removed */
        free(dir);
    }
    free(data);
    unsetenv("HELM_PANDA_MEMFILE");
}

static void test_memfd(void **state)
{
    (void)state;
    roundtrip("", 1000, true, MEMFILE_MEMFD);
    roundtrip("memfd", 0, false, MEMFILE_MEMFD);
}

static void test_pipe_small_and_large(void **state)
{
    (void)state;
    roundtrip("pipe", 100, false, MEMFILE_PIPE);
    /* bigger than any pipe buffer: fed by a writer process */
    roundtrip("pipe", 3u << 20, false, MEMFILE_PIPE);
}

static void test_seekable_never_pipe(void **state)
{
    (void)state;
    roundtrip("pipe", 100, true, MEMFILE_TMPFS);
}

static void test_tmpfs(void **state)
{
    (void)state;
    roundtrip("tmpfs", 200000, true, MEMFILE_TMPFS);
}

/* Catches: a memfd left writable (one helm of a run could change what the next one reads), a
 * shared descriptor that is the original (closing it would close the kept one), a pipe handed
 * out twice (its second reader would get nothing). */
static void test_share_sealed(void **state)
{
    (void)state;
    struct memfile mf, a;
    struct hp_error e = {0};
    unsetenv("HELM_PANDA_MEMFILE");
    assert_int_equal(memfile_create(&mf, "test", "same bytes\n", 11, true, &e), 0);
    assert_int_equal(mf.kind, MEMFILE_MEMFD);
    int w = open(mf.path, O_WRONLY);
    assert_true(w >= 0);
    assert_int_equal(write(w, "X", 1), -1); /* F_SEAL_WRITE */
    close(w);
    assert_int_equal(memfile_share(&mf, &a, &e), 0);
    assert_int_not_equal(a.fd, mf.fd);
    assert_true(a.fd > 2);
    assert_true(fcntl(a.fd, F_GETFD) & FD_CLOEXEC);
    memfile_close(&a);
    int fd = open(mf.path, O_RDONLY); /* the kept one still reads */
    struct hp_buf b = {0};
    assert_int_equal(hp_fd_read_all(fd, &b), 0);
    close(fd);
    assert_memory_equal(b.data, "same bytes\n", 11);
    hp_buf_free(&b);
    memfile_close(&mf);
    setenv("HELM_PANDA_MEMFILE", "pipe", 1);
    assert_int_equal(memfile_create(&mf, "test", "once", 4, false, &e), 0);
    assert_int_equal(memfile_share(&mf, &a, &e), -1);
    memfile_close(&mf);
    unsetenv("HELM_PANDA_MEMFILE");
}

static void test_kind_names(void **state)
{
    (void)state;
    assert_string_equal(memfile_kind_name(MEMFILE_MEMFD), "memfd");
    assert_string_equal(memfile_kind_name(MEMFILE_PIPE), "pipe");
    assert_string_equal(memfile_kind_name(MEMFILE_TMPFS), "tmpfs");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_memfd),
        cmocka_unit_test(test_pipe_small_and_large),
        cmocka_unit_test(test_seekable_never_pipe),
        cmocka_unit_test(test_tmpfs),
        cmocka_unit_test(test_share_sealed),
        cmocka_unit_test(test_kind_names),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
