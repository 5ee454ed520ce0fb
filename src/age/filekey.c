#include <sodium.h>

#include "age/filekey.h"

void age_filekey_seal(unsigned char body[AGE_WRAPPED_LEN], const unsigned char wrap_key[32],
                      const unsigned char file_key[AGE_FILE_KEY_LEN])
{
    static const unsigned char zero_nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    crypto_aead_chacha20poly1305_ietf_encrypt(body, NULL, file_key, AGE_FILE_KEY_LEN, NULL, 0, NULL, zero_nonce,
                                              wrap_key);
}

int age_filekey_open(unsigned char file_key[AGE_FILE_KEY_LEN], const unsigned char wrap_key[32],
                     const unsigned char *body, size_t bodylen)
{
    static const unsigned char zero_nonce[crypto_aead_chacha20poly1305_ietf_NPUBBYTES];
    if (bodylen != AGE_WRAPPED_LEN)
        return -1;
    return crypto_aead_chacha20poly1305_ietf_decrypt(file_key, NULL, NULL, body, bodylen, NULL, 0, zero_nonce,
                                                     wrap_key) == 0;
}
