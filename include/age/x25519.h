/* The X25519 recipient type: age1... recipients, AGE-SECRET-KEY-1... identities, and
 * "-> X25519 <share>" stanzas (C2SP age spec, "X25519 recipient type"). */
#ifndef AGE_X25519_H
#define AGE_X25519_H

#include <stddef.h>

#include "age/filekey.h"
#include "age/format.h"
#include "hp/buf.h"
#include "hp/error.h"

#define AGE_X25519_RECIPIENT_MAX 128
#define AGE_X25519_IDENTITY_MAX 128

/* "age1..." -> its X25519 public key. Errors: AGE_ERR_KEY (also for a low-order point). */
int age_x25519_parse_recipient(const char *s, size_t len, unsigned char pk[AGE_X25519_LEN], struct hp_error *e);
/* "AGE-SECRET-KEY-1..." -> its X25519 secret key (sk must be guarded memory). AGE_ERR_KEY. */
int age_x25519_parse_identity(const char *s, size_t len, unsigned char sk[AGE_X25519_LEN], struct hp_error *e);
void age_x25519_format_recipient(char out[AGE_X25519_RECIPIENT_MAX], const unsigned char pk[AGE_X25519_LEN]);
/* out holds the secret key text: give it guarded memory. */
void age_x25519_format_identity(char out[AGE_X25519_IDENTITY_MAX], const unsigned char sk[AGE_X25519_LEN]);

/* Adds an X25519 stanza for pk. -1 (AGE_ERR_KEY) when pk is a low-order point. */
int age_x25519_wrap(struct age_header *h, const unsigned char pk[AGE_X25519_LEN],
                    const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e);
/* 1: opened (file_key filled); 0: not for this identity; -1: a malformed X25519 stanza or a
 * low-order share (AGE_ERR_HEADER). pk is the identity's public key (sk's base point mult). */
int age_x25519_unwrap(const struct age_stanza *s, const unsigned char sk[AGE_X25519_LEN],
                      const unsigned char pk[AGE_X25519_LEN], unsigned char file_key[AGE_FILE_KEY_LEN],
                      struct hp_error *e);

/* Shared with ssh-ed25519, which wraps the same way with its own label. */
int age_x25519_stanza_share(const struct age_stanza *s, size_t argi, unsigned char share[AGE_X25519_LEN],
                            const char *type, struct hp_error *e);

/* age/age.h's age_identities_generate, defined in x25519.c: declared here again for the same
 * reason as scrypt.h's passphrase functions. */
struct age_identities;
void age_identities_generate(struct age_identities *ids, char *recipient, struct hp_secbuf *identity_text);

#endif
