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

/* Before each runner run of the plan (deploy_plan_argv must have run): for every release, every
 * encrypted values file (and every values file of an OCI package) is, on the first call of the
 * plan, decrypted into a memfile kept on the release (values_mf) until the plan is freed; each
 * call then hands the release's helm a fresh descriptor of each (secret_files), whose /dev/fd/N
 * replaces the file's path in argv, and one of the OCI package (its placeholder). Plain files
 * stay paths. So apply's diff and upgrade read the same decrypted bytes and the same package. */
int deploy_values_prepare(struct secrets_keyring *kr, struct deploy_plan *plan, struct hp_error *e);
/* Closes the descriptors a run handed to r's helm (the kept memfiles stay). */
void deploy_values_handouts_close(struct deploy_release *r);

#endif
