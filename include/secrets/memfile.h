/* Handing secret bytes to a child process without writing them to disk: a memfd (or, where
 * memfd_create is missing, a pipe fed by a writer, or as a last resort a file in a private
 * 0700 directory on tmpfs that is removed when the memfile is closed). The child reads it as
 * /dev/fd/N. Every descriptor is created close-on-exec, so no child inherits it by accident;
 * the runner (deploy/run/runner.h, keep_fds) hands it to the one child that needs it. */
#ifndef SECRETS_MEMFILE_H
#define SECRETS_MEMFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/error.h"

enum memfile_kind { MEMFILE_MEMFD, MEMFILE_PIPE, MEMFILE_TMPFS };

struct memfile {
    int fd;                 /* close-on-exec; the runner hands it to the child (keep_fds) */
    enum memfile_kind kind;
    char path[64];          /* "/dev/fd/N" (or the tmpfs file path) to put on helm's command line */
    char *tmpdir;           /* MEMFILE_TMPFS only: the private directory to wipe */
    int dirlock;            /* MEMFILE_TMPFS only: the lock holding tmpdir (secrets/shmdir.h) */
    int writer_pid;         /* MEMFILE_PIPE only: the process feeding the pipe, or 0 */
};

/* `seekable`: the reader may read twice (helm reads chart archives twice), so a pipe won't do.
 * `name` labels the memfd (visible in /proc/PID/fd) and never holds secret content. */
int memfile_create(struct memfile *mf, const char *name, const void *data, size_t len, bool seekable,
                   struct hp_error *e);
/* A tmpfs we may write to: $XDG_RUNTIME_DIR (per user, 0700) when it is one, then /dev/shm;
 * NULL when neither is a writable tmpfs. Never a disk. */
const char *memfile_tmpfs_dir(void);
/* Which way was used, for --debug ("memfd", "pipe", "tmpfs"). */
const char *memfile_kind_name(enum memfile_kind k);
/* A second descriptor on src's bytes (memfd or tmpfs; never a pipe, which is read once), for
 * one more child: dst->path is its /dev/fd/N, where the child opens the file afresh from its
 * start. dst owns only that descriptor (memfile_close closes it; src keeps its tmpfs file). A
 * memfd is sealed (no write, no resize), so every child of a run reads the same bytes. */
int memfile_share(const struct memfile *src, struct memfile *dst, struct hp_error *e);
/* Closes the descriptor, reaps a pipe writer, wipes and removes a tmpfs fallback. Idempotent. */
void memfile_close(struct memfile *mf);

#endif
