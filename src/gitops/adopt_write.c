/* helm-panda.yaml replaced under a lock, only if unchanged (see include/gitops/adopt_write.h). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitops/adopt_write.h"
#include "gitops/errors.h"
#include "hp/file.h"
#include "hp/util.h"

/* path's folder: what is locked. The folder, not a lock file beside helm-panda.yaml: a lock
 * file would be left in the site's git checkout (an untracked file nobody asked for), and
 * helm-panda.yaml itself is replaced by a rename, so a waiter would hold the old inode. */
static char *folder_of(const char *path)
{
    const char *slash = strrchr(path, '/');
    if (!slash)
        return hp_xstrdup(".");
    if (slash == path)
        return hp_xstrdup("/");
    return hp_xstrndup(path, (size_t)(slash - path));
}

static int take_lock(struct gitops_profile_file *f, struct hp_error *e)
{
    char *dir = folder_of(f->path);
    int rc = 0;
    f->lock_fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (f->lock_fd < 0) {
        rc = hp_error_set(e, GITOPS_ERR_WRITE, "%s: cannot open the folder to lock for adopt --write: %s", dir,
                          strerror(errno));
    } else {
        int r;
        while ((r = flock(f->lock_fd, LOCK_EX)) != 0 && errno == EINTR)
            ;
        if (r != 0)
            rc = hp_error_set(e, GITOPS_ERR_WRITE, "%s: cannot lock: %s", dir, strerror(errno));
    }
    free(dir);
    return rc;
}

/* what is at path now: its bytes and whether it exists (-1 with e when it cannot be read) */
static int read_now(const char *path, struct hp_buf *b, bool *exists, mode_t *mode, struct hp_error *e)
{
    struct stat st;
    *exists = lstat(path, &st) == 0;
    if (!*exists) {
        if (errno != ENOENT)
            return hp_error_set(e, GITOPS_ERR_WRITE, "%s: %s", path, strerror(errno));
        return 0;
    }
    if (mode)
        *mode = st.st_mode & 07777;
    return hp_file_read(path, b, e);
}

int gitops_profile_open(struct gitops_profile_file *f, const char *path, bool lock, struct hp_error *e)
{
    memset(f, 0, sizeof *f);
    f->path = hp_xstrdup(path);
    f->lock_fd = -1;
    f->mode = 0644;
    if (lock && take_lock(f, e) < 0)
        return -1;
    return read_now(path, &f->have, &f->existed, &f->mode, e);
}

int gitops_profile_replace(struct gitops_profile_file *f, const void *data, size_t len, struct hp_error *e)
{
    struct hp_buf now = {0};
    bool exists = false;
    int rc = read_now(f->path, &now, &exists, NULL, e);
    if (rc == 0 && (exists != f->existed || now.len != f->have.len ||
                    (now.len && memcmp(now.data, f->have.data, now.len) != 0)))
        rc = hp_error_set(e, GITOPS_ERR_CHANGED, "helm-panda.yaml changed while adopting; nothing written (%s)",
                          f->path);
    hp_buf_free(&now);
    if (rc == 0)
        rc = hp_file_write_atomic(f->path, data, len, f->mode, e);
    return rc;
}

void gitops_profile_close(struct gitops_profile_file *f)
{
    if (f->lock_fd >= 0)
        close(f->lock_fd); /* the lock goes with the last descriptor */
    hp_buf_free(&f->have);
    free(f->path);
    memset(f, 0, sizeof *f);
    f->lock_fd = -1;
}
