/* Private tmpfs folders held by an flock (see include/secrets/shmdir.h). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "hp/file.h"
#include "hp/util.h"
#include "secrets/shmdir.h"

#define PREFIX "helm-panda."

/* tmpfs pages are RAM: a file is overwritten before it is unlinked, so no freed page keeps a
 * plaintext values file */
static int wipe_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)ftw;
    if (flag == FTW_DP) {
        rmdir(path);
        return 0;
    }
    if (flag == FTW_F && S_ISREG(st->st_mode) && st->st_size > 0) {
        int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOFOLLOW);
        if (fd >= 0) {
            static const unsigned char zeros[65536];
            for (off_t left = st->st_size; left > 0;) {
                size_t n = left > (off_t)sizeof zeros ? sizeof zeros : (size_t)left;
                if (hp_fd_write_all(fd, zeros, n) < 0)
                    break;
                left -= (off_t)n;
            }
            close(fd);
        }
    }
    unlink(path);
    return 0; /* go on: remove what can be removed */
}

void secrets_shmdir_remove(const char *dir)
{
    nftw(dir, wipe_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

/* One entry of base: ours, a real folder, and its lock free -> wiped and removed. The lock is
 * held while removing, so its maker (see secrets_shmdir_create) sees the folder gone. */
static void sweep_one(int basefd, const char *base, const char *name)
{
    struct stat st;
    if (fstatat(basefd, name, &st, AT_SYMLINK_NOFOLLOW) != 0 || !S_ISDIR(st.st_mode) || st.st_uid != getuid())
        return;
    int fd = openat(basefd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0)
        return;
    if (flock(fd, LOCK_EX | LOCK_NB) == 0) {
        char *path = hp_xasprintf("%s/%s", base, name);
        hp_debugf("removing %s, left by a run that was killed", path);
        secrets_shmdir_remove(path);
        free(path);
    }
    close(fd);
}

static void sweep_stale(const char *base)
{
    DIR *d = opendir(base);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d)) != NULL)
        if (strncmp(de->d_name, PREFIX, strlen(PREFIX)) == 0)
            sweep_one(dirfd(d), base, de->d_name);
    closedir(d);
}

char *secrets_shmdir_create(const char *base, bool inherit, int *lockfd)
{
    sweep_stale(base);
    for (int attempt = 0; attempt < 8; attempt++) {
        char *dir = hp_xasprintf("%s/" PREFIX "XXXXXX", base);
        if (!mkdtemp(dir)) { /* 0700 */
            int saved = errno;
            free(dir);
            errno = saved;
            return NULL;
        }
        int fd = open(dir, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | (inherit ? 0 : O_CLOEXEC));
        if (fd < 0) {
            int saved = errno;
            rmdir(dir);
            free(dir);
            errno = saved;
            return NULL;
        }
        struct stat st;
        /* another run's sweep may take the new, not yet locked folder: then it is gone once we
         * hold the lock (no links left), and we make another */
        if (flock(fd, LOCK_EX) == 0 && fstat(fd, &st) == 0 && st.st_nlink > 0) {
            *lockfd = fd;
            return dir;
        }
        close(fd);
        rmdir(dir);
        free(dir);
    }
    errno = EAGAIN;
    return NULL;
}
