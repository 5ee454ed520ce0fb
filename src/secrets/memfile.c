/* Secret bytes for a child process, never on disk (see include/secrets/memfile.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "hp/file.h"
#include "secrets/memfile.h"

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

int memfile_create(struct memfile *mf, const char *name, const void *data, size_t len, bool seekable,
                   struct hp_error *e)
{
    (void)seekable;
    memset(mf, 0, sizeof *mf);
    mf->fd = -1;
    /* no MFD_CLOEXEC: the child must inherit it; we close it ourselves after spawning */
    int fd = memfd_create(name, 0);
    if (fd < 0)
        return hp_error_set(e, 1, "%s: memfd_create: %s", name, strerror(errno));
    if (hp_fd_write_all(fd, data, len) < 0 || lseek(fd, 0, SEEK_SET) < 0) {
        int saved = errno;
        close(fd);
        return hp_error_set(e, 1, "%s: writing to memfd: %s", name, strerror(saved));
    }
    mf->fd = fd;
    mf->kind = MEMFILE_MEMFD;
    snprintf(mf->path, sizeof mf->path, "/dev/fd/%d", fd);
    return 0;
}

void memfile_close(struct memfile *mf)
{
    if (mf->fd >= 0)
        close(mf->fd);
    mf->fd = -1;
}
