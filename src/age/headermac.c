/* The header MAC: the only place the header meets the file key. */
#include <sodium.h>

#include "age/headermac.h"
#include "age/hkdf.h"

#define HMAC_KEY_LEN crypto_auth_hmacsha256_KEYBYTES
_Static_assert(AGE_MAC_LEN == crypto_verify_32_BYTES, "the MAC is compared with crypto_verify_32");

static void header_mac(const struct hp_buf *raw, const unsigned char file_key[AGE_FILE_KEY_LEN],
                       unsigned char mac[AGE_MAC_LEN])
{
    unsigned char k[HMAC_KEY_LEN];
    age_hkdf_sha256(k, sizeof k, file_key, AGE_FILE_KEY_LEN, NULL, 0, "header");
    crypto_auth_hmacsha256_state st;
    crypto_auth_hmacsha256_init(&st, k, sizeof k);
    crypto_auth_hmacsha256_update(&st, raw->data, raw->len);
    crypto_auth_hmacsha256_final(&st, mac);
    sodium_memzero(k, sizeof k);
    sodium_memzero(&st, sizeof st);
}

int age_header_verify_mac(const struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN])
{
    unsigned char mac[AGE_MAC_LEN];
    header_mac(&h->raw, file_key, mac);
    return crypto_verify_32(mac, h->mac) == 0;
}

void age_header_seal(struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_buf *out)
{
    age_header_encode(h);
    header_mac(&h->raw, file_key, h->mac);
    age_header_write(h, out);
}
