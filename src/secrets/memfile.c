/* Secret bytes for a child process, never on disk (see include/secrets/memfile.h).
 *
 * Three ways, tried in order: a memfd (Linux >= 3.17), a pipe (readers that read once: values
 * files), and a private 0700 directory on a tmpfs (chart archives on systems without memfd:
 * helm reads an archive twice, which a pipe cannot give it). HELM_PANDA_MEMFILE=memfd|pipe|tmpfs
 * forces one way, so the fallbacks are tested on machines that have memfd. */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/vfs.h>
#include <sys/wait.h>
#include <unistd.h>

#include "hp/file.h"
#include "hp/util.h"
#include "secrets/memfile.h"
#include "secrets/shmdir.h"

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

const char *memfile_kind_name(enum memfile_kind k)
{
    switch (k) {
    case MEMFILE_MEMFD:
        return "memfd";
    case MEMFILE_PIPE:
        return "pipe";
    case MEMFILE_TMPFS:
        return "tmpfs";
    }
    return "?";
}

/* -1: no forcing; otherwise the one kind HELM_PANDA_MEMFILE asks for. */
static int forced_kind(void)
{
    const char *v = getenv("HELM_PANDA_MEMFILE");
    if (!v || !*v)
        return -1;
    if (strcmp(v, "memfd") == 0)
        return MEMFILE_MEMFD;
    if (strcmp(v, "pipe") == 0)
        return MEMFILE_PIPE;
    if (strcmp(v, "tmpfs") == 0)
        return MEMFILE_TMPFS;
    return -1;
}

static int try_memfd(struct memfile *mf, const char *name, const void *data, size_t len, struct hp_error *e)
{
    /* close-on-exec: no child gets it by accident (the `helm diff version` probe inherited the
     * whole decrypted chart); the runner hands it to its one child with a dup2 onto itself */
    int fd = memfd_create(name, MFD_CLOEXEC | MFD_ALLOW_SEALING);
    if (fd < 0) {
        int saved = errno; /* the caller falls back on ENOSYS */
        hp_error_set(e, HP_ERR_GENERIC, "%s: memfd_create: %s", name, strerror(saved));
        errno = saved;
        return -1;
    }
    if (hp_fd_write_all(fd, data, len) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
        int saved = errno;
        close(fd);
        hp_error_set(e, HP_ERR_GENERIC, "%s: writing to memfd: %s", name, strerror(saved));
        errno = 0; /* not a missing memfd: no fallback */
        return -1;
    }
    /* sealed: the bytes one helm reads are the bytes every later helm of the run reads (apply's
     * diff and upgrade share one memfile); a kernel without seals keeps it unsealed */
    if (fcntl(fd, F_ADD_SEALS, F_SEAL_SHRINK | F_SEAL_GROW | F_SEAL_WRITE | F_SEAL_SEAL) < 0)
        hp_debugf("%s: memfd not sealed: %s", name, strerror(errno));
    mf->fd = fd;
    mf->kind = MEMFILE_MEMFD;
    snprintf(mf->path, sizeof mf->path, "/dev/fd/%d", fd);
    return 0;
}

/* The read end goes to the child. Data that fits in the pipe's buffer is written at once;
 * larger data is fed by a forked writer, so the reader and the writer run side by side. */
static int try_pipe(struct memfile *mf, const char *name, const void *data, size_t len, struct hp_error *e)
{
    int p[2];
    /* both ends close-on-exec, like the memfd: the runner hands the read end to its child */
    if (pipe2(p, O_CLOEXEC) < 0)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: pipe: %s", name, strerror(errno));
    int cap = fcntl(p[1], F_GETPIPE_SZ);
    if (cap >= 0 && (size_t)cap < len && len <= (size_t)INT_MAX)
        cap = fcntl(p[1], F_SETPIPE_SZ, (int)len); /* fails above pipe-max-size: keep the old size */
    if (cap < 0)
        cap = fcntl(p[1], F_GETPIPE_SZ);
    if (cap >= 0 && len <= (size_t)cap) {
        if (hp_fd_write_all(p[1], data, len) < 0) {
            int saved = errno;
            close(p[0]);
            close(p[1]);
            return hp_error_set(e, HP_ERR_GENERIC, "%s: writing to pipe: %s", name, strerror(saved));
        }
        close(p[1]);
    } else {
        pid_t pid = fork();
        if (pid < 0) {
            int saved = errno;
            close(p[0]);
            close(p[1]);
            return hp_error_set(e, HP_ERR_GENERIC, "%s: fork: %s", name, strerror(saved));
        }
        if (pid == 0) {
            /* the writer: a reader that stops early must not kill it with SIGPIPE noise */
            signal(SIGPIPE, SIG_IGN);
            signal(SIGINT, SIG_IGN);
            /* not the parent's recording handlers (hp/interrupt.h): memfile_close's SIGTERM ends it */
            signal(SIGTERM, SIG_DFL);
            signal(SIGHUP, SIG_DFL);
            close(p[0]);
            _exit(hp_fd_write_all(p[1], data, len) < 0 ? 1 : 0);
        }
        close(p[1]);
        mf->writer_pid = pid;
    }
    mf->fd = p[0];
    mf->kind = MEMFILE_PIPE;
    snprintf(mf->path, sizeof mf->path, "/dev/fd/%d", p[0]);
    return 0;
}

const char *memfile_tmpfs_dir(void)
{
    static const char *const candidates[] = {"XDG_RUNTIME_DIR", NULL};
    for (size_t i = 0; candidates[i]; i++) {
        const char *d = getenv(candidates[i]);
        struct statfs sf;
        if (d && *d && statfs(d, &sf) == 0 && sf.f_type == TMPFS_MAGIC && access(d, W_OK | X_OK) == 0)
            return d;
    }
    struct statfs sf;
    if (statfs("/dev/shm", &sf) == 0 && sf.f_type == TMPFS_MAGIC && access("/dev/shm", W_OK | X_OK) == 0)
        return "/dev/shm";
    return NULL;
}

/* Wipes and removes the fallback's folder and lets go of its lock. */
static void remove_tmpfs_dir(struct memfile *mf)
{
    secrets_shmdir_remove(mf->tmpdir);
    close(mf->dirlock);
    mf->dirlock = -1;
    free(mf->tmpdir);
    mf->tmpdir = NULL;
}

static int try_tmpfs(struct memfile *mf, const char *name, const void *data, size_t len, struct hp_error *e)
{
    const char *base = memfile_tmpfs_dir();
    if (!base)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: no memfd, and no writable tmpfs ($XDG_RUNTIME_DIR, /dev/shm)", name);
    /* held by its lock while we run; not inherited: a run killed while a helm reads the file
     * leaves plaintext that the next run removes even if that helm still runs */
    char *dir = secrets_shmdir_create(base, false, &mf->dirlock);
    if (!dir)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: creating a private directory in %s: %s", name, base, strerror(errno));
    mf->tmpdir = dir;
    /* the file name carries no secret; keep it short and fixed so it fits mf->path */
    char *file = hp_xasprintf("%s/f", dir);
    if (strlen(file) >= sizeof mf->path) {
        remove_tmpfs_dir(mf);
        free(file);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: tmpfs path too long", name);
    }
    int wfd = open(file, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600);
    if (wfd < 0 || hp_fd_write_all(wfd, data, len) < 0) {
        int saved = errno;
        if (wfd >= 0)
            close(wfd);
        remove_tmpfs_dir(mf);
        free(file);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: writing to tmpfs: %s", name, strerror(saved));
    }
    close(wfd);
    int rfd = open(file, O_RDONLY | O_CLOEXEC); /* close-on-exec, like the memfd */
    if (rfd < 0) {
        int saved = errno;
        remove_tmpfs_dir(mf);
        free(file);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: reopening tmpfs file: %s", name, strerror(saved));
    }
    mf->fd = rfd;
    mf->kind = MEMFILE_TMPFS;
    snprintf(mf->path, sizeof mf->path, "%s", file);
    free(file);
    return 0;
}

int memfile_create(struct memfile *mf, const char *name, const void *data, size_t len, bool seekable,
                   struct hp_error *e)
{
    memset(mf, 0, sizeof *mf);
    mf->fd = -1;
    int force = forced_kind();
    if (force == MEMFILE_PIPE && seekable)
        force = MEMFILE_TMPFS; /* a reader that reads twice cannot use a pipe */

    if (force < 0 || force == MEMFILE_MEMFD) {
        if (try_memfd(mf, name, data, len, e) == 0)
            return 0;
        if (force == MEMFILE_MEMFD || errno != ENOSYS)
            return -1;
        hp_debugf("%s: memfd_create unavailable, falling back", name);
    }
    if ((force < 0 && !seekable) || force == MEMFILE_PIPE) {
        if (try_pipe(mf, name, data, len, e) == 0)
            return 0;
        if (force == MEMFILE_PIPE)
            return -1;
    }
    return try_tmpfs(mf, name, data, len, e);
}

int memfile_share(const struct memfile *src, struct memfile *dst, struct hp_error *e)
{
    memset(dst, 0, sizeof *dst);
    dst->fd = -1;
    if (src->fd < 0 || src->kind == MEMFILE_PIPE)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: %s", src->path,
                            src->fd < 0 ? "already closed" : "a pipe is read once and cannot be handed out again");
    /* above 2: a closed stdout or stderr never makes a secret helm's output */
    int fd = fcntl(src->fd, F_DUPFD_CLOEXEC, 3);
    if (fd < 0)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: dup: %s", src->path, strerror(errno));
    dst->fd = fd;
    dst->kind = src->kind;
    snprintf(dst->path, sizeof dst->path, "/dev/fd/%d", fd);
    return 0;
}

void memfile_close(struct memfile *mf)
{
    if (mf->fd >= 0)
        close(mf->fd);
    mf->fd = -1;
    if (mf->writer_pid > 0) {
        /* the reader is gone: a writer still blocked on a full pipe gets EPIPE or is stopped */
        kill(mf->writer_pid, SIGTERM);
        while (waitpid(mf->writer_pid, NULL, 0) < 0 && errno == EINTR)
            ;
        mf->writer_pid = 0;
    }
    if (mf->tmpdir)
        remove_tmpfs_dir(mf);
}
