/* Base64 exactly as age uses it: the standard alphabet, canonical (unused bits zero), no
 * whitespace; unpadded in headers, padded in ASCII armor. Wraps libsodium's strict codec. */
#ifndef AGE_B64_H
#define AGE_B64_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

/* The buffer for the unpadded encoding of n bytes, NUL included (a compile-time size). */
#define AGE_B64_SIZE(n) sodium_base64_ENCODED_LEN(n, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)

/* Encoded length without the NUL. */
size_t age_b64_len(size_t n, bool pad);
/* Writes age_b64_len(n, pad) characters and a NUL to out. */
void age_b64_encode(char *out, const unsigned char *in, size_t n, bool pad);
/* Decodes all of in[0..inlen) into out (at most outmax bytes). Any non-alphabet byte,
 * wrong or missing padding, or non-canonical trailing bits is an error (-1). */
int age_b64_decode(unsigned char *out, size_t outmax, size_t *outlen, const char *in, size_t inlen, bool pad);

#endif
