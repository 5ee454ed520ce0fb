/* The ssh-ed25519 recipient type: OpenSSH Ed25519 public keys as recipients, unencrypted
 * OpenSSH Ed25519 private keys as identities, converted to X25519 with libsodium
 * (C2SP age spec, "ssh-ed25519 recipient type"). */
#ifndef AGE_SSH_H
#define AGE_SSH_H

#include <stddef.h>

#include "age/filekey.h"
#include "age/format.h"
#include "hp/error.h"

#define AGE_SSH_WIRE_LEN 51 /* string "ssh-ed25519" + string <32-byte key> */

struct age_ssh_pub {
    unsigned char wire[AGE_SSH_WIRE_LEN]; /* the SSH wire encoding: tag and tweak derive from it */
    unsigned char curve[AGE_X25519_LEN];  /* the key converted to X25519 */
};

/* "ssh-ed25519 AAAA... [comment]". Errors: AGE_ERR_KEY. */
int age_ssh_parse_public(const char *line, size_t len, struct age_ssh_pub *pk, struct hp_error *e);
/* Whether text is an OpenSSH private key (the PEM BEGIN line). */
int age_ssh_is_private(const char *text, size_t len);
/* An unencrypted "-----BEGIN OPENSSH PRIVATE KEY-----" Ed25519 key -> its X25519 secret
 * (guarded memory) and public key. Errors: AGE_ERR_KEY. */
int age_ssh_parse_private(const char *text, size_t len, unsigned char curve_sk[AGE_X25519_LEN], struct age_ssh_pub *pk,
                          struct hp_error *e);

int age_ssh_wrap(struct age_header *h, const struct age_ssh_pub *pk, const unsigned char file_key[AGE_FILE_KEY_LEN],
                 struct hp_error *e);
/* 1: opened; 0: not for this key; -1: malformed ssh-ed25519 stanza (AGE_ERR_HEADER). */
int age_ssh_unwrap(const struct age_stanza *s, const unsigned char curve_sk[AGE_X25519_LEN], const struct age_ssh_pub *pk,
                   unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e);

#endif
