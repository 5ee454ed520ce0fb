/* One place that turns an input file of the secrets chart into the bytes helm must see:
 * SOPS documents (YAML, JSON, binary) and age files are decrypted into guarded memory, anything
 * else passes through. Identities are loaded once, on the first encrypted input, from the
 * SOPS places (keys/keys.h) plus any --identity files. */
#ifndef SECRETS_DECRYPT_H
#define SECRETS_DECRYPT_H

#include <stdbool.h>
#include <stddef.h>

#include "age/age.h"
#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"

enum secrets_input_kind { SECRETS_PLAIN = 0, SECRETS_SOPS, SECRETS_AGE };

/* hp_error kinds of this module (besides those passed up from sops/age/keys) */
enum { SECRETS_ERR_NO_IDENTITY = HP_ERR_BASE_SECRETS }; /* the registry: hp/error_kinds.h */

struct secrets_keyring {
    struct hp_strlist files;     /* --identity files, tried with the SOPS places */
    struct age_identities *ids;  /* NULL until the first encrypted input */
};

/* What `path` holds: an age file (by its ".age" name or its header) or a SOPS document
 * (whatever its name), else plain. */
enum secrets_input_kind secrets_classify(const char *path, const unsigned char *data, size_t len);

/* Decrypts data when it is encrypted; *kind says what it was. For SECRETS_PLAIN `out` is left
 * empty and the caller uses data itself. Errors name path. */
int secrets_decrypt(struct secrets_keyring *kr, const char *path, const unsigned char *data, size_t len,
                    struct hp_secbuf *out, enum secrets_input_kind *kind, struct hp_error *e);

/* Reads path and returns its plaintext in guarded memory (decrypting SOPS/age input): what
 * the secrets commands, the sops:// getter and `helm panda install` (values files, the affix
 * in secrets/values.yaml) read files with. */
int secrets_read_plaintext(struct secrets_keyring *kr, const char *path, struct hp_secbuf *out,
                           enum secrets_input_kind *kind, struct hp_error *e);

/* Reads a YAML file (SOPS-encrypted, age-encrypted or plain) into doc->tree, its plaintext
 * values in the tree's guarded arena: for one value of a file that holds many secrets (the
 * affix of secrets/values.yaml) without a plaintext copy of the whole file in ordinary heap.
 * A SOPS file's MAC is verified. doc is initialised even on failure: sops_doc_free it. */
struct sops_doc;
int secrets_read_tree(struct secrets_keyring *kr, const char *path, struct sops_doc *doc, struct hp_error *e);

void secrets_keyring_free(struct secrets_keyring *kr);

#endif
