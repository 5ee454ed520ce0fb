/* A short read-only query of the cluster (helm status, kubectl get) that may run beside the
 * runner, from another thread: it waits for its own child only, in its own process group (a
 * Ctrl-C reaches it only through us), and never holds a run up: it gives up at a deadline, at a
 * signal (hp/interrupt.h) or when *cancel turns true, killing the query. */
#ifndef DEPLOY_PROBE_H
#define DEPLOY_PROBE_H

#include <stdatomic.h>
#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"

/* Runs argv (argv[0] absolute or found on PATH) with stdin /dev/null and stderr dropped; keeps at
 * most cap bytes of its stdout in out. Returns its exit status, 128 + the signal that ended it,
 * or -1 when it could not start, was given up or its output was longer than cap. */
int probe_capture(char *const *argv, struct hp_buf *out, size_t cap, double timeout, const atomic_bool *cancel);

/* The absolute path of NAME in PATH's absolute entries, or NULL (owned). */
char *probe_find(const char *name);

#endif
