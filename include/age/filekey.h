/* Wrapping the 16-byte file key in a stanza body: ChaCha20-Poly1305 with a zero nonce under
 * a one-time wrap key, as every native recipient type does. */
#ifndef AGE_FILEKEY_H
#define AGE_FILEKEY_H

#include <sodium.h>
#include <stddef.h>

#include "age/format.h"

#define AGE_WRAP_KEY_LEN crypto_aead_chacha20poly1305_ietf_KEYBYTES
#define AGE_WRAPPED_LEN (AGE_FILE_KEY_LEN + crypto_aead_chacha20poly1305_ietf_ABYTES)
/* An X25519 point (public key, share, shared secret) and scalar (secret key) have one size. */
#define AGE_X25519_LEN crypto_scalarmult_BYTES
_Static_assert(crypto_scalarmult_SCALARBYTES == AGE_X25519_LEN, "X25519 scalars and points differ in size");

/* The wrap key of the X25519-based types (X25519, ssh-ed25519): HKDF-SHA256 of the shared
 * secret, salted with the ephemeral share and the recipient's X25519 public key, under the
 * type's label. */
void age_filekey_wrap_key(unsigned char key[AGE_WRAP_KEY_LEN], const unsigned char shared[AGE_X25519_LEN],
                          const unsigned char share[AGE_X25519_LEN], const unsigned char pk[AGE_X25519_LEN],
                          const char *label);

void age_filekey_seal(unsigned char body[AGE_WRAPPED_LEN], const unsigned char wrap_key[AGE_WRAP_KEY_LEN],
                      const unsigned char file_key[AGE_FILE_KEY_LEN]);
/* 1: opened into file_key; 0: does not authenticate (not our stanza); -1: the body is not
 * exactly 32 bytes (a malformed stanza, checked before any decryption). */
int age_filekey_open(unsigned char file_key[AGE_FILE_KEY_LEN], const unsigned char wrap_key[AGE_WRAP_KEY_LEN],
                     const unsigned char *body, size_t bodylen);

#endif
