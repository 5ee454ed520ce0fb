/* Private folders on a tmpfs that a killed run does not leave behind.
 *
 * A run SIGKILLed (OOM killer, `kill -9`, a CI runner's hard stop) runs no atexit handler: its
 * private TMPDIR, or the tmpfs fallback of a memfile holding a plaintext values file, stayed in
 * /dev/shm until reboot. Each folder is therefore held by an flock on its own descriptor, which
 * the kernel drops when the last process holding it (the run, or a helm it started that outlived
 * it) is gone; the next run that makes a folder wipes and removes those nobody holds. A live run
 * in another PID namespace sharing the tmpfs holds its lock too, so no live folder is removed. */
#ifndef SECRETS_SHMDIR_H
#define SECRETS_SHMDIR_H

#include <stdbool.h>

/* Makes "<base>/helm-panda.XXXXXX" (0700), locked; first wipes and removes the folders of that
 * name in base that are ours (our uid) and held by no one. *lockfd: the lock's descriptor, to
 * keep open as long as the folder is used (inherit = true: children inherit it and hold the
 * folder while they run). Returns the path (malloc'd) or NULL with errno set. */
char *secrets_shmdir_create(const char *base, bool inherit, int *lockfd);
/* Wipes (overwrites with zeros) and removes every file, then the folder. */
void secrets_shmdir_remove(const char *dir);

#endif
