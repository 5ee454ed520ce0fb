/* The attributes every helm or kubectl child of a run starts with (runner.c, probe.c). */
#ifndef DEPLOY_SPAWNATTR_H
#define DEPLOY_SPAWNATTR_H

#include <spawn.h>

/* Initialises *at: no signal blocked, SIGINT, SIGTERM, SIGPIPE and SIGCHLD at their defaults
 * (whatever we ignore or catch), and a process group of its own. The caller destroys it. */
void runner_spawnattr_init(posix_spawnattr_t *at);

#endif
