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

/* The selection strings, declared once: the field, the .sops.yaml / metadata key, and the
 * order sops writes them in. Every list of them (struct, read, write, copy, free, count) is
 * generated from this. */
#define SOPS_SELECT_STRINGS(X) \
    X(unencrypted_suffix)      \
    X(encrypted_suffix)        \
    X(unencrypted_regex)       \
    X(encrypted_regex)         \
    X(unencrypted_comment_regex) \
    X(encrypted_comment_regex)

/* Which leaves are encrypted; at most one of the six strings is set (sops refuses several). */
struct sops_select {
#define SOPS_SELECT_FIELD(name) char *name;
    SOPS_SELECT_STRINGS(SOPS_SELECT_FIELD)
#undef SOPS_SELECT_FIELD
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
/* The selection of a .sops.yaml creation rule or of a file's sops block (the same keys,
 * read the same way: strings, null as unset; mac_only_encrypted a YAML/JSON boolean). */
void sops_select_read(const struct sops_node *map, struct sops_select *s);
/* Appends the set fields to the map node, in the order sops writes them. */
void sops_select_write(struct sops_tree *t, struct sops_node *map, const struct sops_select *s);
/* How many of the six strings are set. */
int sops_select_count(const struct sops_select *s);
void sops_select_free(struct sops_select *s);
void sops_select_copy(struct sops_select *dst, const struct sops_select *src);
/* "now" as RFC 3339 UTC, as sops writes lastmodified. */
char *sops_now_rfc3339(void);

#endif
