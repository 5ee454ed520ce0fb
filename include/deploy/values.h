/* Values files that may be SOPS-encrypted: read into guarded memory, decrypted there, and
 * handed to helm as /dev/fd/N of a memfile, never as plaintext on disk. */
#ifndef DEPLOY_VALUES_H
#define DEPLOY_VALUES_H

#include "deploy/plan.h"
#include "hp/buf.h"
#include "hp/error.h"

/* The plaintext of a values file, whether it is a SOPS file or not. */
int deploy_values_read(const char *path, struct hp_secbuf *out, struct hp_error *e);

/* For every release, every SOPS values file becomes a memfile whose /dev/fd/N replaces the
 * file's path in the release's argv (deploy_plan_argv must have run). Plain files are left
 * as paths. */
int deploy_values_prepare(struct deploy_plan *plan, struct hp_error *e);

#endif
