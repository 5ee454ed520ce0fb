/* Where age identities come from, in the order sops uses: SOPS_AGE_KEY (the key text itself),
 * SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD (a command printing keys), then
 * SOPS_AGE_SSH_PRIVATE_KEY_FILE (an OpenSSH ed25519 key), then
 * $XDG_CONFIG_HOME/sops/age/keys.txt or ~/.config/sops/age/keys.txt; plus files named on the
 * command line (--identity). All that exist are loaded; a file readable by group or others
 * gets a warning. */
#ifndef KEYS_KEYS_H
#define KEYS_KEYS_H

#include "age/age.h"
#include "hp/error.h"
#include "hp/util.h"

/* Adds the identities from `files` (may be empty) and from the default SOPS places to ids.
 * Returns 0 even when none were found (the caller reports "no identity"), -1 on a malformed
 * key or a failing SOPS_AGE_KEY_CMD. After hp_interrupt_catch (the commands that run helm), a
 * SIGINT, SIGTERM or SIGHUP stops a running SOPS_AGE_KEY_CMD at once (SIGTERM, SIGKILL 5 s later):
 * -1, "SOPS_AGE_KEY_CMD: stopped by SIGTERM". */
int keys_load_identities(struct age_identities *ids, const struct hp_strlist *files, struct hp_error *e);

#endif
