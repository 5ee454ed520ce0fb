/* Values files that may be SOPS-encrypted: read into guarded memory, decrypted there, and
 * handed to helm as /dev/fd/N of a memfile, never as plaintext on disk. */
#ifndef DEPLOY_VALUES_H
#define DEPLOY_VALUES_H

#include "deploy/plan/plan.h"
#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"
#include "secrets/decrypt.h"

/* The plaintext of a values file: a SOPS document or an age file is decrypted into guarded
 * memory with the secrets chart's own code (secrets/decrypt.h), anything else is read as it
 * is. kr's identities load on the first encrypted file (keys/keys.h: SOPS_AGE_KEY, ...,
 * plus kr->files from --identity), so a deployment without encrypted files never touches
 * keys. *was_encrypted (may be NULL) says which. Errors name the file and are
 * DEPLOY_ERR_SECRETS (a failure, not a usage error). */
int deploy_values_read(struct secrets_keyring *kr, const char *path, struct hp_secbuf *out, bool *was_encrypted,
                       struct hp_error *e);

/* For every release, every encrypted values file becomes a memfile whose /dev/fd/N replaces the
 * file's path in the release's argv (deploy_plan_argv must have run). Plain files stay paths. */
int deploy_values_prepare(struct secrets_keyring *kr, struct deploy_plan *plan, struct hp_error *e);

#endif
