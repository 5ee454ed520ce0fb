/* .sops.yaml: the first creation_rules entry matching a file gives its age recipients and
 * which values get encrypted (unencrypted_suffix, encrypted_regex, ...), as sops does. */
#ifndef SOPS_CONFIG_H
#define SOPS_CONFIG_H

#include <stdbool.h>

#include "hp/error.h"
#include "hp/util.h"
#include "sops/meta.h"

struct sops_rule {
    struct hp_strlist age; /* recipients (age1... / ssh-ed25519 ...) */
    struct sops_select sel;
    char *config_path; /* the .sops.yaml used */
};

/* Looks for .sops.yaml in the file's directory and each parent. *found is false when there is
 * no config or no rule matches (then r->config_path says which config was read, if any).
 * Errors: the config does not parse, or a rule's path_regex is invalid (SOPS_ERR_PARSE). */
int sops_config_find_rule(const char *file_path, struct sops_rule *r, bool *found, struct hp_error *e);
/* The same for one config text (tests, fuzzing); `file_path` relative to the config's folder. */
int sops_config_match(const char *config_name, const unsigned char *text, size_t len, const char *file_path,
                      struct sops_rule *r, bool *found, struct hp_error *e);
void sops_rule_free(struct sops_rule *r);

#endif
