/* The scrypt (passphrase) recipient type: "-> scrypt <salt> <log2 N>" (C2SP age spec). */
#ifndef AGE_SCRYPT_H
#define AGE_SCRYPT_H

#include <stddef.h>

#include "age/format.h"
#include "hp/error.h"

#define AGE_SCRYPT_LOG_N 18 /* what age writes: about a second, 256 MiB */
/* The largest work factor we accept when decrypting, as age does: 2^22 * 8 * 128 bytes =
 * 4 GiB, and more would be a denial of service from a hostile file. */
#define AGE_SCRYPT_MAX_LOG_N 22

int age_scrypt_wrap(struct age_header *h, const char *pass, size_t passlen, int log_n,
                    const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e);
/* 1: opened; 0: wrong passphrase (or not an scrypt stanza); -1: malformed stanza or work
 * factor out of range (AGE_ERR_HEADER), or scrypt could not run (AGE_ERR_IO). */
int age_scrypt_unwrap(const struct age_stanza *s, const char *pass, size_t passlen,
                      unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e);

/* age/age.h's passphrase identity and recipient, defined in scrypt.c: declared here again so
 * scrypt.c, which does not include age/age.h (age.c's table names this type), is checked
 * against the same prototypes (age.c includes both). */
struct age_identities;
struct age_recipients;
int age_identities_add_passphrase(struct age_identities *ids, const char *pass, size_t len, struct hp_error *e);
int age_recipients_add_passphrase(struct age_recipients *rs, const char *pass, size_t len, struct hp_error *e);

#endif
