/* Where a file's recipients come from when it is encrypted, as sops decides: the -r flags,
 * else SOPS_AGE_RECIPIENTS (comma-separated), else the age keys of the first .sops.yaml creation
 * rule matching the file; and which values get encrypted: the selection flags, else the rule's,
 * else unencrypted_suffix "_unencrypted" (mac_only_encrypted from the flags or the rule).
 * Plus recipients files (-R), one recipient a line. */
#ifndef KEYS_RECIPIENTS_H
#define KEYS_RECIPIENTS_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/error.h"
#include "hp/util.h"
#include "sops/config.h"
#include "sops/meta.h"

/* path: the file to encrypt ("-" for stdin: .sops.yaml is looked up from "."); given: the -r
 * flags (NULL or empty: none); given_sel: the selection flags (NULL: none). The answer has
 * a creation rule's shape, as sops' config.Config serves both the rule and the flags over
 * it: r->age the recipients (empty: none found), r->sel the selection the new document
 * gets, r->config_path the .sops.yaml read (NULL if none), for messages; free it with
 * sops_rule_free. Fails only when .sops.yaml does not parse; no recipients is
 * r->age.n == 0, for the caller to explain. */
int keys_recipients_for(const char *path, const struct hp_strlist *given, const struct sops_select *given_sel,
                        struct sops_rule *r, struct hp_error *e);

/* A recipients file: one recipient a line; blank lines and '#' comments skipped; spaces, tabs
 * and CRs trimmed on both sides. lineno[i] is the line lines.v[i] came from. */
struct keys_recipients_file {
    struct hp_strlist lines;
    size_t *lineno;
    bool empty; /* the file has no bytes at all */
};
int keys_recipients_file_read(const char *path, struct keys_recipients_file *f, struct hp_error *e);
void keys_recipients_file_free(struct keys_recipients_file *f);

#endif
