#include <sodium.h>

#include <string.h>

#include "age/filekey.h"
#include "age/hkdf.h"

void age_filekey_wrap_key(unsigned char key[AGE_WRAP_KEY_LEN], const unsigned char shared[AGE_X25519_LEN],
                          const unsigned char share[AGE_X25519_LEN], const unsigned char pk[AGE_X25519_LEN],
                          const char *label)
{
    unsigned char salt[2 * AGE_X25519_LEN];
    memcpy(salt, share, AGE_X25519_LEN);
    memcpy(salt + AGE_X25519_LEN, pk, AGE_X25519_LEN);
    age_hkdf_sha256(key, AGE_WRAP_KEY_LEN, shared, AGE_X25519_LEN, salt, sizeof salt, label);
}

void age_filekey_seal(unsigned char body[AGE_WRAPPED_LEN], const unsigned char wrap_key[AGE_WRAP_KEY_LEN],
                      const unsigned char file_key[AGE_FILE_KEY_LEN])
{
    static const unsigned char zero_nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, file_key, AGE_FILE_KEY_LEN, NULL, 0, NULL, zero_nonce,
                                              wrap_key);
}

int age_filekey_open(unsigned char file_key[AGE_FILE_KEY_LEN], const unsigned char wrap_key[AGE_WRAP_KEY_LEN],
                     const unsigned char *body, size_t bodylen)
{
    static const unsigned char zero_nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    if (bodylen != AGE_WRAPPED_LEN)
        return -1;
    return crypto_aead_chacha20poly1305_ietf_decrypt(file_key, NULL, NULL, body, bodylen, NULL, 0, zero_nonce,
                                                     wrap_key) == 0;
}
