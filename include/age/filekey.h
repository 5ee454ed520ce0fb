/* Wrapping the 16-byte file key in a stanza body: ChaCha20-Poly1305 with a zero nonce under
 * a one-time wrap key, as every native recipient type does. */
#ifndef AGE_FILEKEY_H
#define AGE_FILEKEY_H

#include <stddef.h>

#include "age/format.h"

#define AGE_WRAPPED_LEN (AGE_FILE_KEY_LEN + 16)

void age_filekey_seal(unsigned char body[AGE_WRAPPED_LEN], const unsigned char wrap_key[32],
                      const unsigned char file_key[AGE_FILE_KEY_LEN]);
/* 1: opened into file_key; 0: does not authenticate (not our stanza); -1: the body is not
 * exactly 32 bytes (a malformed stanza, checked before any decryption). */
int age_filekey_open(unsigned char file_key[AGE_FILE_KEY_LEN], const unsigned char wrap_key[32],
                     const unsigned char *body, size_t bodylen);

#endif
