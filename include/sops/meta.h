/* The `sops:` block of an encrypted file: age recipients with their encrypted data keys,
 * lastmodified, the encrypted MAC, the version and the rule that chose what is encrypted.
 * Master keys of other kinds (pgp, kms, ...) are kept as they were so that rewriting a file
 * with the same data key does not lock their owners out. */
#ifndef SOPS_META_H
#define SOPS_META_H

#include <stdbool.h>

#include "hp/error.h"
#include "sops/tree.h"

struct sops_age_entry {
    char *recipient;
    char *enc; /* armored age file holding the data key */
};

/* Which leaves are encrypted; at most one of the six strings is set (sops refuses several). */
struct sops_select {
    char *unencrypted_suffix, *encrypted_suffix, *unencrypted_regex, *encrypted_regex;
    char *unencrypted_comment_regex, *encrypted_comment_regex;
    bool mac_only_encrypted;
};

struct sops_meta {
    char *lastmodified, *mac, *version;
    struct sops_select sel;
    struct sops_age_entry *age;
    size_t nage;
    bool other_keys; /* pgp/kms/gcp_kms/azure_kv/hc_vault entries present */
    struct sops_node *orig; /* the block as read (for the other key kinds), or NULL */
};

/* Reads metadata from the `sops` map node. Errors are SOPS_ERR_NOT_SOPS / SOPS_ERR_PARSE. */
int sops_meta_read(const struct sops_node *sops, struct sops_meta *m, struct hp_error *e);
/* A `sops` map node for m (key "sops"), laid out as sops 3.7 writes it. keep_other: copy the
 * non-age master keys of m->orig (only valid while the data key is unchanged). */
struct sops_node *sops_meta_node(struct sops_tree *t, const struct sops_meta *m, bool keep_other);
void sops_meta_free(struct sops_meta *m);
void sops_select_free(struct sops_select *s);
void sops_select_copy(struct sops_select *dst, const struct sops_select *src);
/* "now" as RFC 3339 UTC, as sops writes lastmodified. */
char *sops_now_rfc3339(void);

#endif
