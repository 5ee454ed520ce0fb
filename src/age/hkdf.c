/* HKDF-SHA256 glue. The PRK and every T(i) block are secret: they live on the stack only
 * for the call and are wiped before returning. */
#include <sodium.h>
#include <string.h>

#include "age/hkdf.h"

void age_hkdf_sha256(unsigned char *out, size_t outlen, const unsigned char *ikm, size_t ikmlen,
                     const unsigned char *salt, size_t saltlen, const char *info)
{
    unsigned char prk[crypto_auth_hmacsha256_BYTES], t[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256_state st;
    static const unsigned char zero[crypto_auth_hmacsha256_BYTES];

    if (saltlen == 0) {
        salt = zero;
        saltlen = sizeof zero;
    }
    crypto_auth_hmacsha256_init(&st, salt, saltlen);
    crypto_auth_hmacsha256_update(&st, ikm, ikmlen);
    crypto_auth_hmacsha256_final(&st, prk);

    size_t infolen = strlen(info), done = 0;
    for (unsigned char i = 1; done < outlen; i++) {
        crypto_auth_hmacsha256_init(&st, prk, sizeof prk);
        if (i > 1)
            crypto_auth_hmacsha256_update(&st, t, sizeof t);
        crypto_auth_hmacsha256_update(&st, (const unsigned char *)info, infolen);
        crypto_auth_hmacsha256_update(&st, &i, 1);
        crypto_auth_hmacsha256_final(&st, t);
        size_t take = outlen - done < sizeof t ? outlen - done : sizeof t;
        memcpy(out + done, t, take);
        done += take;
    }
    sodium_memzero(prk, sizeof prk);
    sodium_memzero(t, sizeof t);
    sodium_memzero(&st, sizeof st);
}
