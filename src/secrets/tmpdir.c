/* The private TMPDIR of our helm children (see include/secrets/tmpdir.h). */
#include <errno.h>
#include <ftw.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hp/util.h"
#include "secrets/memfile.h"
#include "secrets/tmpdir.h"

static char *private_dir;
static pid_t owner; /* a forked child (a memfile writer) exits without removing our folder */

static int remove_entry(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
    (void)st;
    (void)ftw;
    if (flag == FTW_DP)
        rmdir(path);
    else
        unlink(path);
    return 0; /* go on: remove what can be removed */
}

static void remove_private_dir(void)
{
    if (private_dir && getpid() == owner)
        nftw(private_dir, remove_entry, 16, FTW_DEPTH | FTW_PHYS | FTW_MOUNT);
}

const char *secrets_tmpdir_private(void)
{
    static int tried;
    if (tried)
        return private_dir;
    tried = 1;
    const char *base = memfile_tmpfs_dir();
    if (!base) {
        hp_debugf("no writable tmpfs ($XDG_RUNTIME_DIR, /dev/shm): helm keeps TMPDIR=%s",
                  getenv("TMPDIR") ? getenv("TMPDIR") : "(unset: /tmp)");
        return NULL;
    }
    char *dir = hp_xasprintf("%s/helm-panda.XXXXXX", base);
    if (!mkdtemp(dir)) { /* 0700 */
        hp_debugf("creating a private TMPDIR in %s: %s; helm keeps TMPDIR", base, strerror(errno));
        free(dir);
        return NULL;
    }
    private_dir = dir;
    owner = getpid();
    atexit(remove_private_dir);
    setenv("TMPDIR", dir, 1);
    hp_debugf("TMPDIR=%s for every helm (a tmpfs, removed at exit)", dir);
    return private_dir;
}
