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
#include "hp/util.h"
#include "sops/cipher.h"
#include "sops/errors.h"
#include "sops/format.h"
#include "sops/ivstash.h"
#include "sops/meta.h"
#include "sops/tree.h"

/* The store sops would pick for a file name: .yaml/.yml -> YAML, .json -> JSON, .env -> dotenv,
 * .ini -> INI (the last two are refused by name: we do not read them), anything else -> binary. */
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


/* ---- The document layer (extensions used by the secrets commands) ---- */

/* One SOPS document in memory: the tree (plaintext or ciphertext values), its metadata, and
 * the store it is read and written with. */
struct sops_doc {
    struct sops_tree tree;
    struct sops_meta meta;
    enum sops_format fmt;
    struct sops_iv_stash *stash; /* optional (edit): IVs recorded by decrypt, reused by encrypt */
};

/* The store for a file: opts' format, else from the name, else (stdin) by content. */
enum sops_format sops_format_pick(const char *path, enum sops_format requested, const unsigned char *data,
                                  size_t len);

/* The store of an encrypted input (requested, else by content, whatever the name): JSON text is
 * JSON, or binary when it is one "data" string beside "sops" and the name is not a .json/.yaml
 * one (stdin: JSON); sops' dotenv (`sops_mac=` line) and INI (`[sops]`) are named to be
 * refused; anything else is YAML. sops decides by the name alone. */
enum sops_format sops_format_pick_encrypted(const char *path, enum sops_format requested, const unsigned char *data,
                                            size_t len);
/* Reads an encrypted file: tree plus metadata (the `sops` key is taken out of the tree). */
int sops_doc_load_encrypted(struct sops_doc *d, const unsigned char *data, size_t len, enum sops_format fmt,
                            struct hp_error *e);
/* Reads a plaintext file into d->tree (metadata empty). */
int sops_doc_load_plain(struct sops_doc *d, const unsigned char *data, size_t len, enum sops_format fmt,
                        struct hp_error *e);
/* Decrypts every value with the data key and checks the MAC (unless ignore_mac). */
int sops_doc_decrypt(struct sops_doc *d, const unsigned char key[SOPS_KEY_LEN], bool ignore_mac, struct hp_error *e);
/* Encrypts every selected value (d->meta.sel), sets lastmodified, version and the MAC. */
int sops_doc_encrypt(struct sops_doc *d, const unsigned char key[SOPS_KEY_LEN], struct hp_error *e);
/* Plaintext serialisation (what `sops -d` prints). */
int sops_doc_emit_plain(const struct sops_doc *d, struct hp_secbuf *out, struct hp_error *e);
/* Encrypted serialisation with the `sops` block. keep_other: keep pgp/kms/... master keys
 * (only when the data key did not change). */
void sops_doc_emit_encrypted(struct sops_doc *d, bool keep_other, struct hp_buf *out);
/* One value by path ("a.b.0.c" or sops' ["a"]["b"][0] form), emitted as the store would. */
int sops_doc_extract(const struct sops_doc *d, const char *path, struct hp_secbuf *out, struct hp_error *e);
void sops_doc_free(struct sops_doc *d);

/* Data key <-> sops.age[] (src/sops/datakey.c). open: the first entry an identity opens;
 * SOPS_ERR_NO_KEY lists the file's recipients. seal: one entry per recipient string. */
int sops_datakey_open(const struct sops_meta *m, const struct age_identities *ids, unsigned char key[SOPS_KEY_LEN],
                      struct hp_error *e);
int sops_datakey_seal(struct sops_meta *m, const struct hp_strlist *recipients, const unsigned char key[SOPS_KEY_LEN],
                      struct hp_error *e);

#endif
