/* libFuzzer: the ENC[AES256_GCM,...] value parser and decryption with a fixed key. */
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>

#include "hp/buf.h"
#include "sops/cipher.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sodium_init() < 0)
        return 0;
    static const unsigned char key[32] = {1, 2, 3};
    struct sops_enc v;
    struct hp_error e = {0};
    if (sops_enc_parse((const char *)data, size, &v, &e) == 0)
        sops_enc_free(&v);
    struct hp_secbuf pt = {0};
    char type[8];
    (void)sops_value_decrypt(key, (const char *)data, size, "a:", 2, &pt, type, &e);
    hp_secbuf_free(&pt);
    return 0;
}
