/* STREAM payload encryption and decryption (C2SP age spec, "Payload"). */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "age/age.h"
#include "age/hkdf.h"
#include "age/payload.h"
#include "hp/util.h"

#define ENC_CHUNK (AGE_CHUNK + AGE_TAG)

static void payload_key(unsigned char key[32], const unsigned char file_key[AGE_FILE_KEY_LEN],
                        const unsigned char nonce[AGE_NONCE_LEN])
{
    age_hkdf_sha256(key, 32, file_key, AGE_FILE_KEY_LEN, nonce, AGE_NONCE_LEN, "payload");
}

/* The 12-byte STREAM nonce: 11-byte big-endian chunk counter, then 0x01 on the last chunk. */
static void stream_nonce(unsigned char n[12], unsigned long long counter, int last)
{
    memset(n, 0, 12);
    for (int i = 10; i >= 3 && counter; i--, counter >>= 8)
        n[i] = (unsigned char)(counter & 0xff);
    n[11] = last ? 1 : 0;
}

/* Out of place on purpose: on a tag mismatch libsodium zeroes the output, and a full chunk
 * may need a second try with the other last-chunk flag, so the ciphertext must survive. */
static int open_chunk(unsigned char *pt, const unsigned char *ct, size_t clen, unsigned long long counter, int last,
                      const unsigned char *key)
{
    unsigned char n[12];
    stream_nonce(n, counter, last);
    return crypto_aead_chacha20poly1305_ietf_decrypt_detached(pt, NULL, ct, clen - AGE_TAG, ct + clen - AGE_TAG,
                                                              NULL, 0, n, key);
}

int age_payload_decrypt(struct age_bufrd *r, const unsigned char file_key[AGE_FILE_KEY_LEN], struct age_sink out,
                        struct hp_error *e)
{
    unsigned char nonce[AGE_NONCE_LEN];
    ssize_t got = age_bufrd_read_full(r, nonce, sizeof nonce, e);
    if (got < 0)
        return -1;
    if (got != AGE_NONCE_LEN)
        return hp_error_set(e, AGE_ERR_HEADER, "file ends before the payload nonce");

    if (sodium_init() < 0)
        return hp_error_set(e, AGE_ERR_IO, "libsodium failed to initialise");
    unsigned char *key = sodium_malloc(32);
    /* One encrypted chunk plus one byte of look-ahead (whether more data follows decides
     * which last-chunk flag a full chunk must carry), and the plaintext in guarded memory. */
    unsigned char *buf = hp_xmalloc(ENC_CHUNK + 1);
    unsigned char *pt = sodium_malloc(AGE_CHUNK);
    if (!key || !pt) {
        hp_errorf("out of guarded memory");
        abort();
    }
    payload_key(key, file_key, nonce);

    int rc = -1;
    size_t have = 0;
    for (unsigned long long counter = 0;; counter++) {
        got = age_bufrd_read_full(r, buf + have, ENC_CHUNK + 1 - have, e);
        if (got < 0)
            goto out;
        have += (size_t)got;
        if (have == 0) {
            hp_error_set(e, AGE_ERR_PAYLOAD, counter == 0 ? "payload has no chunks (truncated file)"
                                                          : "payload ends without a last chunk (truncated file)");
            goto out;
        }
        int more = have == ENC_CHUNK + 1;
        size_t clen = more ? ENC_CHUNK : have;
        if (clen < AGE_TAG) {
            hp_error_set(e, AGE_ERR_PAYLOAD, "payload chunk %llu is truncated", counter);
            goto out;
        }
        if (!more && clen == AGE_TAG && counter > 0) {
            hp_error_set(e, AGE_ERR_PAYLOAD, "last payload chunk is empty (only allowed for an empty file)");
            goto out;
        }
        /* Try the flag the chunk's position calls for, then (for a full-size chunk) the other
         * one: a chunk that authenticates either way is released (it is genuine plaintext)
         * before the misplaced end is reported, as the reference implementation does. A short
         * chunk can only be the last one. */
        int last = !more;
        if (open_chunk(pt, buf, clen, counter, last, key) != 0) {
            last = !last;
            if (clen != ENC_CHUNK || open_chunk(pt, buf, clen, counter, last, key) != 0) {
                hp_error_set(e, AGE_ERR_PAYLOAD, "payload chunk %llu does not authenticate (corrupted or truncated file)",
                             counter);
                goto out;
            }
        }
        if (clen > AGE_TAG && out.write(out.ctx, pt, clen - AGE_TAG, e) < 0)
            goto out;
        if (last) {
            if (more)
                hp_error_set(e, AGE_ERR_PAYLOAD, "trailing data after the end of the payload");
            else
                rc = 0;
            goto out;
        }
        if (!more) {
            hp_error_set(e, AGE_ERR_PAYLOAD, "payload ends without a last chunk (truncated file)");
            goto out;
        }
        buf[0] = buf[ENC_CHUNK];
        have = 1;
    }
out:
    free(buf);
    sodium_free(pt);
    sodium_free(key);
    return rc;
}

int age_payload_encrypt(struct age_src src, const unsigned char file_key[AGE_FILE_KEY_LEN], struct age_sink out,
                        struct hp_error *e)
{
    unsigned char nonce[AGE_NONCE_LEN];
    if (sodium_init() < 0)
        return hp_error_set(e, AGE_ERR_IO, "libsodium failed to initialise");
    randombytes_buf(nonce, sizeof nonce);
    if (out.write(out.ctx, nonce, sizeof nonce, e) < 0)
        return -1;

    unsigned char *key = sodium_malloc(32);
    unsigned char *buf = sodium_malloc(ENC_CHUNK + 1);
    if (!key || !buf) {
        hp_errorf("out of guarded memory");
        abort();
    }
    payload_key(key, file_key, nonce);

    int rc = -1;
    size_t have = 0;
    for (unsigned long long counter = 0;; counter++) {
        /* Fill one chunk plus a look-ahead byte: a full chunk is the last one only if
         * nothing follows it. */
        while (have < AGE_CHUNK + 1) {
            ssize_t got = src.read(src.ctx, buf + have, AGE_CHUNK + 1 - have, e);
            if (got < 0)
                goto out;
            if (got == 0)
                break;
            have += (size_t)got;
        }
        int last = have <= AGE_CHUNK;
        size_t plen = last ? have : AGE_CHUNK;
        unsigned char ahead = buf[AGE_CHUNK];
        unsigned char n[12];
        stream_nonce(n, counter, last);
        crypto_aead_chacha20poly1305_ietf_encrypt_detached(buf, buf + plen, NULL, buf, plen, NULL, 0, NULL, n, key);
        if (out.write(out.ctx, buf, plen + AGE_TAG, e) < 0)
            goto out;
        if (last)
            break;
        buf[0] = ahead;
        have = 1;
    }
    rc = 0;
out:
    sodium_free(buf);
    sodium_free(key);
    return rc;
}
