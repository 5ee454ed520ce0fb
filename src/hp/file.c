/* Whole-file I/O. Writes go through an unnamed or temporary file (hp/outfile.h) that takes
 * the destination's name only when complete, so a reader never sees a half-written file, a
 * failure leaves the destination as it was, and a kill leaves no partial copy behind. */
#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hp/file.h"
#include "hp/outfile.h"
#include "hp/util.h"

int hp_fd_read_all(int fd, struct hp_buf *b)
{
    for (;;) {
        hp_buf_reserve(b, 65536);
        ssize_t r = read(fd, b->data + b->len, b->cap - b->len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        b->len += (size_t)r;
    }
    b->data[b->len] = 0;
    return 0;
}

int hp_fd_write_all(int fd, const void *p, size_t n)
{
    const unsigned char *c = p;
    while (n) {
        ssize_t w = write(fd, c, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return -1;
        c += w;
        n -= (size_t)w;
    }
    return 0;
}

static int open_input(const char *path, struct hp_error *e)
{
    if (strcmp(path, "-") == 0)
        return STDIN_FILENO;
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: %s", path, strerror(errno));
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
        close(fd);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: is a directory", path);
    }
    return fd;
}

int hp_file_read(const char *path, struct hp_buf *b, struct hp_error *e)
{
    int fd = open_input(path, e);
    if (fd < 0)
        return -1;
    int r = hp_fd_read_all(fd, b);
    int saved = errno;
    if (fd != STDIN_FILENO)
        close(fd);
    if (r < 0)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: %s", path, strerror(saved));
    return 0;
}

int hp_file_read_secret(const char *path, struct hp_secbuf *b, struct hp_error *e)
{
    int fd = open_input(path, e);
    if (fd < 0)
        return -1;
    int rc = 0;
    /* A regular file's size up front: one guarded allocation instead of a doubling series
     * (each sodium_malloc fills, and each sodium_free wipes, the whole block). */
    struct stat st;
    if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        hp_secbuf_reserve(b, (size_t)st.st_size + 1);
    for (;;) {
        hp_secbuf_reserve(b, b->cap - b->len > 1 ? 0 : 65536); /* full (or it grew): 64 KiB more */
        ssize_t r = read(fd, b->data + b->len, b->cap - b->len - 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0) {
            rc = hp_error_set(e, HP_ERR_GENERIC, "%s: %s", path, strerror(errno));
            break;
        }
        if (r == 0)
            break;
        b->len += (size_t)r;
    }
    if (b->data)
        b->data[b->len] = 0;
    if (fd != STDIN_FILENO)
        close(fd);
    return rc;
}

int hp_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, struct hp_error *e)
{
    if (strcmp(path, "-") == 0) {
        if (hp_fd_write_all(STDOUT_FILENO, data, len) < 0)
            return hp_error_set(e, HP_ERR_WRITE, "stdout: %s", strerror(errno));
        return 0;
    }
    /* hp/outfile.h: unnamed until complete (or a named temporary a signal removes), a device
     * or FIFO written in place; a symlink at path is replaced by the file, as rename does */
    struct hp_outfile o;
    if (hp_outfile_open(&o, path, mode, e) < 0)
        return -1;
    if (hp_fd_write_all(o.fd, data, len) < 0) {
        hp_error_set(e, HP_ERR_WRITE, "%s: %s", path, strerror(errno));
        hp_outfile_abort(&o);
        return -1;
    }
    return hp_outfile_commit(&o, false, e);
}

bool hp_path_exists(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0;
}

bool hp_path_is_dir(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

char *hp_path_join(const char *a, const char *b)
{
    size_t la = strlen(a);
    while (la > 1 && a[la - 1] == '/')
        la--;
    while (*b == '/')
        b++;
    return hp_xasprintf("%.*s/%s", (int)la, a, b);
}

bool hp_path_is_executable_file(const char *path)
{
    struct stat st;
    return stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0;
}

/* Only absolute PATH entries are searched. An empty entry means the current directory to a
 * shell and to execvp, and a relative one is relative to it: either would run whatever file
 * named helm sits where the user happens to stand (and hand it decrypted values), so both are
 * skipped, not guessed at. */
char *hp_path_search(const char *prog, const char *path)
{
    if (!path || !*path || !*prog || strchr(prog, '/'))
        return NULL;
    char *copy = hp_xstrdup(path), *found = NULL;
    for (char *dir = copy, *next; dir && !found; dir = next) {
        next = strchr(dir, ':');
        if (next)
            *next++ = '\0';
        if (dir[0] != '/')
            continue;
        char *cand = hp_xasprintf("%s%s%s", dir, hp_str_has_suffix(dir, "/") ? "" : "/", prog);
        if (hp_path_is_executable_file(cand))
            found = cand;
        else
            free(cand);
    }
    free(copy);
    return found;
}
