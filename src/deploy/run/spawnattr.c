/* The child's signal set-up and process group (see include/deploy/run/spawnattr.h). */
#include <signal.h>
#include <spawn.h>

#include "deploy/run/spawnattr.h"

void runner_spawnattr_init(posix_spawnattr_t *at)
{
    sigset_t none, defaults;
    posix_spawnattr_init(at);
    sigemptyset(&none);
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGINT);
    sigaddset(&defaults, SIGTERM);
    sigaddset(&defaults, SIGPIPE);
    sigaddset(&defaults, SIGCHLD);
    posix_spawnattr_setsigmask(at, &none);
    posix_spawnattr_setsigdefault(at, &defaults);
    /* its own process group: Ctrl-C reaches the child only through us, and our forwarded signal
     * reaches the child's own children (helm's post-renderers, plugins) too */
    posix_spawnattr_setpgroup(at, 0);
    posix_spawnattr_setflags(at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
}
