/* Bech32 as in BIP 173, written from the specification. age does not apply BIP 173's
 * 90-character limit (X25519 identities are longer in some encodings), so neither do we. */
#include <ctype.h>
#include <stdint.h>
#include <string.h>

#include "age/bech32.h"

static const char charset[] = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";

static uint32_t polymod_step(uint32_t chk, uint8_t v)
{
    static const uint32_t gen[5] = {0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3};
    uint8_t top = (uint8_t)(chk >> 25);
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (int i = 0; i < 5; i++)
        if ((top >> i) & 1)
            chk ^= gen[i];
    return chk;
}

static uint32_t hrp_polymod(const char *hrp, size_t n)
{
    uint32_t chk = 1;
    for (size_t i = 0; i < n; i++)
        chk = polymod_step(chk, (uint8_t)(tolower((unsigned char)hrp[i]) >> 5));
    chk = polymod_step(chk, 0);
    for (size_t i = 0; i < n; i++)
        chk = polymod_step(chk, (uint8_t)(tolower((unsigned char)hrp[i]) & 31));
    return chk;
}

int age_bech32_encode(char *out, size_t outmax, const char *hrp, const unsigned char *data, size_t n, int upper)
{
    size_t hl = strlen(hrp), groups = (n * 8 + 4) / 5;
    if (outmax < hl + 1 + groups + 6 + 1)
        return -1;
    uint32_t chk = hrp_polymod(hrp, hl);
    size_t o = 0;
    for (size_t i = 0; i < hl; i++)
        out[o++] = (char)tolower((unsigned char)hrp[i]);
    out[o++] = '1';
    uint32_t acc = 0;
    int bits = 0;
    for (size_t i = 0; i < n; i++) {
        acc = (acc << 8) | data[i];
        bits += 8;
        while (bits >= 5) {
            bits -= 5;
            uint8_t v = (acc >> bits) & 31;
            chk = polymod_step(chk, v);
            out[o++] = charset[v];
        }
    }
    if (bits > 0) {
        uint8_t v = (acc << (5 - bits)) & 31;
        chk = polymod_step(chk, v);
        out[o++] = charset[v];
    }
    for (int i = 0; i < 6; i++)
        chk = polymod_step(chk, 0);
    chk ^= 1;
    for (int i = 0; i < 6; i++)
        out[o++] = charset[(chk >> (5 * (5 - i))) & 31];
    out[o] = 0;
    if (upper)
        for (size_t i = 0; i < o; i++)
            out[i] = (char)toupper((unsigned char)out[i]);
    return 0;
}

int age_bech32_decode(const char *s, size_t slen, char *hrp, size_t hrpmax, unsigned char *data, size_t datamax,
                      size_t *datalen)
{
    int lower = 0, upper = 0;
    size_t sep = 0;
    int found = 0;
    for (size_t i = 0; i < slen; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 33 || c > 126)
            return -1;
        if (islower(c))
            lower = 1;
        if (isupper(c))
            upper = 1;
        if (c == '1') {
            sep = i;
            found = 1;
        }
    }
    if ((lower && upper) || !found || sep == 0 || sep + 7 > slen || sep + 1 > hrpmax)
        return -1;
    for (size_t i = 0; i < sep; i++)
        hrp[i] = (char)tolower((unsigned char)s[i]);
    hrp[sep] = 0;
    uint32_t chk = hrp_polymod(hrp, sep);
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0, ndata = slen - sep - 1 - 6;
    for (size_t i = sep + 1; i < slen; i++) {
        const char *p = strchr(charset, tolower((unsigned char)s[i]));
        if (!p || !*p)
            return -1;
        uint8_t v = (uint8_t)(p - charset);
        chk = polymod_step(chk, v);
        if (i - sep - 1 < ndata) {
            acc = (acc << 5) | v;
            bits += 5;
            if (bits >= 8) {
                bits -= 8;
                if (o >= datamax)
                    return -1;
                data[o++] = (unsigned char)((acc >> bits) & 0xff);
            }
        }
    }
    /* Leftover bits must be padding: fewer than 5 and all zero. */
    if (chk != 1 || bits >= 5 || (acc & ((1u << bits) - 1)) != 0)
        return -1;
    *datalen = o;
    return 0;
}
