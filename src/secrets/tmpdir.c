/* The private TMPDIR of our helm children (see include/secrets/tmpdir.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hp/util.h"
#include "secrets/memfile.h"
#include "secrets/shmdir.h"
#include "secrets/tmpdir.h"

static char *private_dir;
static pid_t owner; /* a forked child (a memfile writer) exits without removing our folder */

static void remove_private_dir(void)
{
    if (private_dir && getpid() == owner)
        secrets_shmdir_remove(private_dir);
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
    /* the lock is inherited by every helm we start: a helm that outlives a killed run keeps
     * its temporary files until it ends (the descriptor stays open for the whole run) */
    int lockfd;
    char *dir = secrets_shmdir_create(base, true, &lockfd);
    if (!dir) {
        hp_debugf("creating a private TMPDIR in %s: %s; helm keeps TMPDIR", base, strerror(errno));
        return NULL;
    }
    private_dir = dir;
    owner = getpid();
    atexit(remove_private_dir);
    setenv("TMPDIR", dir, 1);
    hp_debugf("TMPDIR=%s for every helm (a tmpfs, removed at exit)", dir);
    return private_dir;
}
