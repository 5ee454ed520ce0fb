/* HKDF-SHA256 (RFC 5869) on libsodium's HMAC-SHA256: Debian's libsodium 1.0.18 has no HKDF. */
#ifndef AGE_HKDF_H
#define AGE_HKDF_H

#include <stddef.h>

/* out[0..outlen) = HKDF-Expand(HKDF-Extract(salt, ikm), info, outlen); outlen <= 255*32.
 * An empty salt means 32 zero bytes, as RFC 5869 says (HMAC pads short keys with zeros). */
void age_hkdf_sha256(unsigned char *out, size_t outlen, const unsigned char *ikm, size_t ikmlen,
                     const unsigned char *salt, size_t saltlen, const char *info);

#endif
