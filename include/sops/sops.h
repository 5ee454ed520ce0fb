/* SOPS files (sops 3.x format) with age keys: the high-level API the rest of helm-panda uses.
 * The stores (YAML, JSON, binary), the ordered tree, the value cipher, the MAC and the
 * .sops.yaml rules have their own headers in include/sops/. */
#ifndef SOPS_SOPS_H
#define SOPS_SOPS_H

#include <stdbool.h>
#include <stddef.h>

#include "age/age.h"
#include "hp/buf.h"
#include "hp/error.h"

enum sops_error_kind {
    SOPS_OK = 0,
    SOPS_ERR_NOT_SOPS = 100, /* no sops metadata: not an encrypted file */
    SOPS_ERR_PARSE,          /* the document does not parse (YAML/JSON) */
    SOPS_ERR_NO_KEY,         /* no identity opens any sops.age[] entry */
    SOPS_ERR_MAC,            /* MAC mismatch */
    SOPS_ERR_VALUE,          /* malformed ENC[...] value (message names the key path) */
    SOPS_ERR_TYPE,           /* wrong or unknown type: in an ENC value */
    SOPS_ERR_IO,
};

enum sops_format { SOPS_FMT_AUTO = 0, SOPS_FMT_YAML, SOPS_FMT_JSON, SOPS_FMT_BINARY, SOPS_FMT_DOTENV };

/* The store sops would pick for a file name: .yaml/.yml -> YAML, .json -> JSON, .env -> dotenv,
 * anything else -> binary. */
enum sops_format sops_format_for_path(const char *path);

/* Whether data is a SOPS-encrypted document (a top-level `sops` map with a `mac` and
 * `lastmodified`, in YAML or JSON form, whatever the file's name). Cheap; does no crypto. */
bool sops_is_encrypted(const unsigned char *data, size_t len);

struct sops_decrypt_opts {
    enum sops_format format; /* SOPS_FMT_AUTO: from the path's extension, as sops does */
    bool ignore_mac;         /* --ignore-mac */
};

/* Decrypts a SOPS document into its plaintext serialisation (what `sops -d` prints), into
 * guarded memory. `path` names the input in messages and picks the store. */
int sops_decrypt_mem(const char *path, const unsigned char *data, size_t len, const struct age_identities *ids,
                     const struct sops_decrypt_opts *opts, struct hp_secbuf *out, struct hp_error *e);

#endif
