/* Values files that may be SOPS-encrypted: read into guarded memory, decrypted there, and
 * handed to helm as /dev/fd/N of a memfile, never as plaintext on disk. */
#ifndef DEPLOY_VALUES_H
#define DEPLOY_VALUES_H

#include "age/age.h"
#include "deploy/plan.h"
#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"

/* The age identities, loaded on first need (keys/keys.h: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE, ...,
 * plus `files` from --identity), so a deployment without SOPS files never touches keys. */
struct deploy_keys {
    const struct hp_strlist *files; /* --identity FILE..., may be NULL */
    struct age_identities *ids;     /* NULL until loaded */
};
void deploy_keys_free(struct deploy_keys *k);

/* The plaintext of a values file, whether it is a SOPS file or not. *was_sops (may be NULL)
 * says which. */
int deploy_values_read(struct deploy_keys *k, const char *path, struct hp_secbuf *out, bool *was_sops,
                       struct hp_error *e);

/* For every release, every SOPS values file becomes a memfile whose /dev/fd/N replaces the
 * file's path in the release's argv (deploy_plan_argv must have run). Plain files stay paths. */
int deploy_values_prepare(struct deploy_keys *k, struct deploy_plan *plan, struct hp_error *e);

#endif
