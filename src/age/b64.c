/* Strict base64 on libsodium: sodium_base642bin already rejects non-canonical trailing bits
 * and, in the padded variant, anything but the exact padding. We only add "consume all". */
#include <sodium.h>

#include "age/b64.h"

static int variant(bool pad)
{
    return pad ? sodium_base64_VARIANT_ORIGINAL : sodium_base64_VARIANT_ORIGINAL_NO_PADDING;
}

size_t age_b64_len(size_t n, bool pad)
{
    return sodium_base64_encoded_len(n, variant(pad)) - 1;
}

void age_b64_encode(char *out, const unsigned char *in, size_t n, bool pad)
{
    sodium_bin2base64(out, age_b64_len(n, pad) + 1, in, n, variant(pad));
}

int age_b64_decode(unsigned char *out, size_t outmax, size_t *outlen, const char *in, size_t inlen, bool pad)
{
    size_t n = 0;
    /* b64_end NULL: libsodium fails unless the whole input was consumed. */
    if (inlen == 0) {
        *outlen = 0;
        return 0;
    }
    if (sodium_base642bin(out, outmax, in, inlen, NULL, &n, NULL, variant(pad)) != 0)
        return -1;
    *outlen = n;
    return 0;
}
