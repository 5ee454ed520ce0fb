/* Release names: helm's rule for them, the instance name of a component under an affix, and the
 * affix of secrets/values.yaml. Sites (a component's `name:`) and the plan both use them. */
#ifndef DEPLOY_NAMES_H
#define DEPLOY_NAMES_H

#include <stdbool.h>

#include "hp/error.h"
#include "secrets/decrypt.h"

/* helm's own rule for release names (chartutil.ValidateReleaseName in helm 3.17 and 4.1): a
 * DNS-1123 subdomain, ^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$, of at
 * most DEPLOY_RELEASE_NAME_MAX characters. Checked while planning, so a bad affix fails with one
 * line before any helm runs, not once per release inside helm. */
#define DEPLOY_RELEASE_NAME_MAX 53
#define DEPLOY_RELEASE_NAME_RULE                                                                      \
    "lowercase letters, digits, '-' and '.', starting and ending with a letter or digit, at most 53 " \
    "characters"
bool deploy_release_name_valid(const char *name);
/* Instance name rule of bin/install: affix + component when the affix ends with '-', else
 * component + affix. Returns an owned string. */
char *deploy_instance_name(const char *affix, const char *component);

/* The `affix:` of a secrets/values.yaml (SOPS, age or plain): *affix is a copy of the
 * top-level scalar, or NULL when there is none. Read through the SOPS tree
 * (secrets_read_tree), so the file's other values stay in guarded memory and are wiped.
 * Errors name the file: DEPLOY_ERR_CONFIG when the YAML is malformed, else DEPLOY_ERR_SECRETS. */
int deploy_affix_read(struct secrets_keyring *kr, const char *path, char **affix, struct hp_error *e);
/* For commands that only name releases (template, status, uninstall, gitops): the affix of a
 * SOPS secrets/values.yaml when it is kept in clear, read without any key and so without the
 * MAC check (*affix NULL when the file is no SOPS document or its affix is encrypted: then
 * deploy_affix_read). Fails only when the file cannot be read. */
int deploy_affix_read_clear(const char *path, char **affix, struct hp_error *e);

#endif
