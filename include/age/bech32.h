/* Bech32 (BIP 173 checksum, no 90-character limit, as age uses it) for age1... recipients
 * and AGE-SECRET-KEY-1... identities. Glue code: no cryptography here. */
#ifndef AGE_BECH32_H
#define AGE_BECH32_H

#include <stddef.h>

/* Encodes hrp + data. upper selects the all-uppercase form. out must hold
 * strlen(hrp) + 1 + ceil(n*8/5) + 6 + 1 bytes. Returns 0, or -1 if out is too small. */
int age_bech32_encode(char *out, size_t outmax, const char *hrp, const unsigned char *data, size_t n, int upper);
/* Decodes s (all lower or all upper case). hrp receives the lowercased prefix (hrpmax bytes
 * incl. NUL); data receives the 8-bit payload. Returns 0, or -1 on any malformation. */
int age_bech32_decode(const char *s, size_t slen, char *hrp, size_t hrpmax, unsigned char *data, size_t datamax,
                      size_t *datalen);

#endif
