/* libFuzzer: an untrusted age file through the whole decryptor (armor detection and
 * decoding, header parsing, X25519 and ssh-ed25519 stanza checks, MAC, STREAM). The first
 * byte picks the input mode. No passphrase identity: a hostile scrypt work factor would only
 * measure the fuzzer's memory limit. Seeds: CCTV vectors (tests/fuzz/corpus/). */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "age/age.h"
#include "age/file.h"

#define CCTV_ID "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"

static int discard(void *ctx, const unsigned char *p, size_t n, struct hp_error *e)
{
    (void)ctx;
    (void)p;
    (void)n;
    (void)e;
    return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    static struct age_identities *ids;
    struct hp_error e = {0};
    if (!ids) {
        ids = age_identities_new();
        age_identities_add_text(ids, CCTV_ID, strlen(CCTV_ID), "fuzz", &e);
    }
    if (size < 1)
        return 0;
    enum age_input_mode mode = data[0] % 3 == 0 ? AGE_INPUT_AUTO : data[0] % 3 == 1 ? AGE_INPUT_BINARY : AGE_INPUT_ARMOR;
    struct age_mem m = {data + 1, size - 1, 0};
    age_file_decrypt(ids, age_src_mem(&m), mode, (struct age_sink){discard, NULL}, &e);
    age_looks_like_age(data, size);
    return 0;
}
