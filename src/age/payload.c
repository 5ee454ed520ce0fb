/* STREAM payload encryption and decryption (C2SP age spec, "Payload").
 *
 * Chunks are processed in batches of BATCH: one large read, the chunks' AEAD operations
 * split between two threads when there are two cores (STREAM chunks are independent: each
 * has its own nonce), one large write. Memory stays constant: two batch buffers, the
 * plaintext one in guarded memory. Results are still released strictly in order, and only
 * verified plaintext is released. */
#include <pthread.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "age/age.h"
#include "age/hkdf.h"
#include "age/payload.h"
#include "hp/util.h"

#define ENC_CHUNK (AGE_CHUNK + AGE_TAG)
#define BATCH 16

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

static void *guarded_or_die(size_t n)
{
    void *p = sodium_malloc(n);
    if (!p) {
        hp_errorf("out of guarded memory");
        abort();
    }
    return p;
}

/* Runs job(ctx, i) for i in [0, n): on two threads when there are two cores and two chunks. */
struct half {
    void (*job)(void *ctx, size_t i);
    void *ctx;
    size_t from, to;
};

static void *run_half(void *arg)
{
    struct half *h = arg;
    for (size_t i = h->from; i < h->to; i++)
        h->job(h->ctx, i);
    return NULL;
}

static void parallel_for(size_t n, void (*job)(void *, size_t), void *ctx)
{
    static long cores;
    if (!cores)
        cores = sysconf(_SC_NPROCESSORS_ONLN);
    struct half lo = {job, ctx, 0, n}, hi = {job, ctx, n / 2, n};
    pthread_t t;
    if (n >= 2 && cores > 1 && pthread_create(&t, NULL, run_half, &hi) == 0) {
        lo.to = n / 2;
        run_half(&lo);
        pthread_join(t, NULL);
        return;
    }
    run_half(&lo);
}

/* ---- decryption ---- */

enum chunk_status { CH_OK, CH_TRUNCATED, CH_EMPTY_LAST, CH_BAD };

struct dec_batch {
    const unsigned char *key;
    const unsigned char *ct; /* the batch's ciphertext */
    unsigned char *pt;       /* the batch's plaintext: chunk i at i * AGE_CHUNK */
    size_t data;             /* ciphertext bytes in this batch */
    size_t n;                /* chunks in this batch */
    int more;                /* whether input continues after this batch */
    unsigned long long counter;
    enum chunk_status st[BATCH];
    int last[BATCH]; /* the flag the chunk authenticated with */
};

static void dec_chunk(void *ctx, size_t i)
{
    struct dec_batch *b = ctx;
    size_t off = i * ENC_CHUNK, clen = b->data - off < ENC_CHUNK ? b->data - off : ENC_CHUNK;
    int more = i + 1 < b->n || b->more;
    unsigned long long counter = b->counter + i;
    if (clen < AGE_TAG) {
        b->st[i] = CH_TRUNCATED;
        return;
    }
    if (!more && clen == AGE_TAG && counter > 0) {
        b->st[i] = CH_EMPTY_LAST;
        return;
    }
    /* Try the flag the chunk's position calls for, then (for a full-size chunk) the other
     * one: a chunk that authenticates either way is released (it is genuine plaintext)
     * before the misplaced end is reported, as the reference implementation does. A short
     * chunk can only be the last one. Out of place on purpose: libsodium zeroes the output
     * on a tag mismatch, and the ciphertext must survive for the second try. */
    for (int attempt = 0; attempt < 2; attempt++) {
        int last = attempt ? more : !more;
        unsigned char nonce[12];
        stream_nonce(nonce, counter, last);
        if (crypto_aead_chacha20poly1305_ietf_decrypt_detached(b->pt + i * AGE_CHUNK, NULL, b->ct + off,
                                                               clen - AGE_TAG, b->ct + off + clen - AGE_TAG, NULL, 0,
                                                               nonce, b->key) == 0) {
            b->st[i] = CH_OK;
            b->last[i] = last;
            return;
        }
        if (clen != ENC_CHUNK)
            break;
    }
    b->st[i] = CH_BAD;
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

    struct dec_batch b;
    memset(&b, 0, sizeof b);
    unsigned char *key = guarded_or_die(32);
    /* BATCH encrypted chunks plus one byte of look-ahead: whether more data follows decides
     * which last-chunk flag the batch's final chunk must carry. */
    unsigned char *cbuf = hp_xmalloc(BATCH * ENC_CHUNK + 1);
    unsigned char *pbuf = guarded_or_die(BATCH * AGE_CHUNK);
    payload_key(key, file_key, nonce);
    b.key = key;
    b.ct = cbuf;
    b.pt = pbuf;

    int rc = -1;
    size_t have = 0;
    for (;;) {
        got = age_bufrd_read_full(r, cbuf + have, BATCH * ENC_CHUNK + 1 - have, e);
        if (got < 0)
            goto out;
        have += (size_t)got;
        if (have == 0) {
            hp_error_set(e, AGE_ERR_PAYLOAD, "payload has no chunks (truncated file)");
            goto out;
        }
        b.more = have == BATCH * ENC_CHUNK + 1;
        b.data = b.more ? BATCH * ENC_CHUNK : have;
        b.n = (b.data + ENC_CHUNK - 1) / ENC_CHUNK;
        parallel_for(b.n, dec_chunk, &b);

        /* Release in order up to the first problem, then report it. */
        size_t release = 0, i;
        const char *err = NULL;
        for (i = 0; i < b.n; i++) {
            int more = i + 1 < b.n || b.more;
            if (b.st[i] != CH_OK)
                break;
            release += (i + 1 < b.n) ? AGE_CHUNK : b.data - i * ENC_CHUNK - AGE_TAG;
            if (b.last[i]) {
                if (more)
                    err = "trailing data after the end of the payload";
                break;
            }
            if (!more) {
                err = "payload ends without a last chunk (truncated file)";
                break;
            }
        }
        if (release && out.write(out.ctx, pbuf, release, e) < 0)
            goto out;
        sodium_memzero(pbuf, release);
        if (i < b.n && b.st[i] != CH_OK) {
            unsigned long long c = b.counter + i;
            if (b.st[i] == CH_TRUNCATED)
                hp_error_set(e, AGE_ERR_PAYLOAD, "payload chunk %llu is truncated", c);
            else if (b.st[i] == CH_EMPTY_LAST)
                hp_error_set(e, AGE_ERR_PAYLOAD, "last payload chunk is empty (only allowed for an empty file)");
            else
                hp_error_set(e, AGE_ERR_PAYLOAD, "payload chunk %llu does not authenticate (corrupted or truncated file)",
                             c);
            goto out;
        }
        if (err) {
            hp_error_set(e, AGE_ERR_PAYLOAD, "%s", err);
            goto out;
        }
        if (i < b.n) { /* the last chunk, in its place */
            rc = 0;
            goto out;
        }
        cbuf[0] = cbuf[BATCH * ENC_CHUNK];
        have = 1;
        b.counter += BATCH;
    }
out:
    free(cbuf);
    sodium_free(pbuf);
    sodium_free(key);
    return rc;
}

/* ---- encryption ---- */

struct enc_batch {
    const unsigned char *key;
    const unsigned char *pt;
    unsigned char *ct; /* chunk i (ciphertext + tag) at i * ENC_CHUNK */
    size_t data, n;
    int more;
    unsigned long long counter;
};

static void enc_chunk(void *ctx, size_t i)
{
    struct enc_batch *b = ctx;
    size_t off = i * AGE_CHUNK, plen = b->data - off < AGE_CHUNK ? b->data - off : AGE_CHUNK;
    unsigned char nonce[12];
    stream_nonce(nonce, b->counter + i, i + 1 == b->n && !b->more);
    crypto_aead_chacha20poly1305_ietf_encrypt_detached(b->ct + i * ENC_CHUNK, b->ct + i * ENC_CHUNK + plen, NULL,
                                                       b->pt + off, plen, NULL, 0, NULL, nonce, b->key);
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

    struct enc_batch b;
    memset(&b, 0, sizeof b);
    unsigned char *key = guarded_or_die(32);
    /* Plaintext in guarded memory, BATCH chunks plus one look-ahead byte: a full final chunk
     * is the last one only if nothing follows it. */
    unsigned char *pbuf = guarded_or_die(BATCH * AGE_CHUNK + AGE_TAG);
    unsigned char *cbuf = hp_xmalloc(BATCH * ENC_CHUNK);
    payload_key(key, file_key, nonce);
    b.key = key;
    b.pt = pbuf;
    b.ct = cbuf;

    int rc = -1;
    size_t have = 0;
    for (;;) {
        while (have < BATCH * AGE_CHUNK + 1) {
            ssize_t got = src.read(src.ctx, pbuf + have, BATCH * AGE_CHUNK + 1 - have, e);
            if (got < 0)
                goto out;
            if (got == 0)
                break;
            have += (size_t)got;
        }
        b.more = have == BATCH * AGE_CHUNK + 1;
        b.data = b.more ? BATCH * AGE_CHUNK : have;
        /* An empty input is one empty last chunk; otherwise the look-ahead byte carried
         * over guarantees data > 0. */
        b.n = b.data ? (b.data + AGE_CHUNK - 1) / AGE_CHUNK : 1;
        parallel_for(b.n, enc_chunk, &b);
        if (out.write(out.ctx, cbuf, b.data + b.n * AGE_TAG, e) < 0)
            goto out;
        if (!b.more)
            break;
        pbuf[0] = pbuf[BATCH * AGE_CHUNK];
        have = 1;
        b.counter += BATCH;
    }
    rc = 0;
out:
    free(cbuf);
    sodium_free(pbuf);
    sodium_free(key);
    return rc;
}
