/* age v1 (https://age-encryption.org/v1, C2SP spec): the high-level API the rest of helm-panda
 * uses. The layers below (header format, STREAM, armor, one file per recipient type) have
 * their own headers in include/age/. Every secret (file keys, identities, passphrases,
 * plaintext) lives in libsodium guarded memory and is wiped when freed.
 *
 * Error kinds (struct hp_error.kind) keep the spec's layers apart; the CCTV vectors name
 * exactly these outcomes. */
#ifndef AGE_AGE_H
#define AGE_AGE_H

#include <stdbool.h>
#include <stddef.h>

#include "age/errors.h"
#include "hp/buf.h"
#include "hp/error.h"

struct age_identities; /* opaque: X25519, ssh-ed25519, scrypt passphrase identities */
struct age_recipients; /* opaque: X25519, ssh-ed25519, scrypt recipients */

struct age_identities *age_identities_new(void);
/* Parses an identity file's text as age-keygen writes it (comments, blank lines, several
 * AGE-SECRET-KEY-1... lines) or an unencrypted OpenSSH ed25519 private key. `source` names
 * the origin for messages ("keys.txt", "SOPS_AGE_KEY"). */
int age_identities_add_text(struct age_identities *ids, const char *text, size_t len, const char *source,
                            struct hp_error *e);
/* A passphrase identity (scrypt stanzas). Copies pass into guarded memory. In scrypt.c. */
int age_identities_add_passphrase(struct age_identities *ids, const char *pass, size_t len, struct hp_error *e);
size_t age_identities_count(const struct age_identities *ids);
void age_identities_free(struct age_identities *ids);

struct age_recipients *age_recipients_new(void);
/* "age1..." (X25519) or "ssh-ed25519 AAAA... [comment]". */
int age_recipients_add(struct age_recipients *rs, const char *recipient, struct hp_error *e);
/* A recipients file: one recipient per line, '#' comments and blank lines ignored. */
int age_recipients_add_text(struct age_recipients *rs, const char *text, size_t len, const char *source,
                            struct hp_error *e);
int age_recipients_add_passphrase(struct age_recipients *rs, const char *pass, size_t len, struct hp_error *e);
size_t age_recipients_count(const struct age_recipients *rs);
void age_recipients_free(struct age_recipients *rs);

/* Whole-buffer encryption and decryption (SOPS data keys, small files). For files of any
 * size, use the whole-file API in include/age/file.h (constant memory). */
int age_encrypt_mem(const struct age_recipients *rs, const unsigned char *pt, size_t ptlen, bool armor,
                    struct hp_buf *out, struct hp_error *e);
int age_decrypt_mem(const struct age_identities *ids, const unsigned char *ct, size_t ctlen,
                    struct hp_secbuf *out, struct hp_error *e);

/* Whether data starts like an age file (binary header line or armor BEGIN line). */
bool age_looks_like_age(const unsigned char *data, size_t len);

/* ---- Extensions (used by the whole-file layer, the CLI and the key loader) ---- */

/* Called at most once per decryption when the file is passphrase-encrypted (an scrypt
 * stanza) and no passphrase identity was added: fills pass (guarded memory) or fails. */
typedef int (*age_passphrase_fn)(void *ctx, struct hp_secbuf *pass, struct hp_error *e);
void age_identities_set_passphrase_prompt(struct age_identities *ids, age_passphrase_fn fn, void *ctx);
/* Adds an X25519 identity, returns its recipient ("age1...") in recipient (>= 128 bytes).
 * Defined in x25519.c. */
void age_identities_generate(struct age_identities *ids, char *recipient, struct hp_secbuf *identity_text);

/* The scrypt work factor (log2 N) for passphrase recipients added later: default 18, as
 * age writes; tests use small ones. 1..22. */
void age_recipients_set_scrypt_work_factor(struct age_recipients *rs, int log_n);

#endif
