/* STREAM payload encryption and decryption (C2SP age spec, "Payload").
 *
 * Chunks go in batches of BATCH through a two-stage pipeline: while a pool of worker
 * threads runs the AEAD of batch k (STREAM chunks are independent: each has its own
 * nonce), this thread reads batch k+1 and writes out batch k-1, then joins the workers on
 * batch k. So the pool has one worker fewer than there are cores: with one per core, the
 * three threads of a 2-core machine took turns and the workers waited on this thread at
 * every batch (0.86-0.89 of the cores busy, against 0.94-0.95). Two batch buffers per
 * direction keep memory constant whatever the file size; every buffer that holds plaintext
 * is in guarded memory. Results are still released strictly in order, and only verified
 * plaintext is released. A payload that fits the reader's buffer (one SOPS data key, a
 * small file) skips the pipeline: one chunk, buffers of its own size, no threads; so does an
 * input to encrypt that ends within its first chunk. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "age/age.h"
#include "age/hkdf.h"
#include "age/stream.h"
#include "hp/buf.h"
#include "hp/util.h"
#include "hp/workpool.h"

#define ENC_CHUNK (AGE_CHUNK + AGE_TAG)
#define BATCH AGE_STREAM_BATCH
/* sodium_malloc locks whole pages: each batch's look-ahead byte may cost one more. */
_Static_assert(2u * (BATCH * AGE_CHUNK + 4096) <= AGE_STREAM_LOCKED_MAX, "the two plaintext batches must stay mlock'able");
#define KEY_LEN crypto_aead_chacha20poly1305_ietf_KEYBYTES
#define NONCE_LEN crypto_aead_chacha20poly1305_ietf_NPUBBYTES

static void payload_key(unsigned char key[KEY_LEN], const unsigned char file_key[AGE_FILE_KEY_LEN],
                        const unsigned char nonce[AGE_NONCE_LEN])
{
    age_hkdf_sha256(key, KEY_LEN, file_key, AGE_FILE_KEY_LEN, nonce, AGE_NONCE_LEN, "payload");
}

/* The 12-byte STREAM nonce: 11-byte big-endian chunk counter, then 0x01 on the last chunk. */
static void stream_nonce(unsigned char n[NONCE_LEN], unsigned long long counter, int last)
{
    memset(n, 0, NONCE_LEN);
    for (int i = 10; i >= 3 && counter; i--, counter >>= 8)
        n[i] = (unsigned char)(counter & 0xff);
    n[NONCE_LEN - 1] = last ? 1 : 0;
}

/* What decrypting a chunk found (decryption only). */
enum chunk_status { CH_OK, CH_TRUNCATED, CH_EMPTY_LAST, CH_BAD };

/* One batch of chunks, in either direction. The input buffer (ciphertext when decrypting,
 * plaintext when encrypting) has one more byte, for fill_batch's look-ahead. */
struct batch {
    const unsigned char *key;
    unsigned char *pt; /* plaintext, in guarded memory: chunk i at i * AGE_CHUNK */
    unsigned char *ct; /* ciphertext: chunk i (with its tag) at i * ENC_CHUNK */
    size_t data;       /* input bytes in this batch */
    size_t n;          /* chunks in this batch */
    int more;          /* whether input continues after this batch */
    unsigned long long counter;
    /* decryption only */
    enum chunk_status st[BATCH];
    int last[BATCH]; /* the flag the chunk authenticated with */
};

/* The two batches a direction alternates between (the workers run one while this thread
 * reads the other), the payload key they share and the worker pool. */
struct pipeline {
    struct batch b[2];
    unsigned char *key;
    struct hp_workpool *pool;
};

static void pipeline_open(struct pipeline *pl, const unsigned char file_key[AGE_FILE_KEY_LEN],
                          const unsigned char nonce[AGE_NONCE_LEN], bool encrypting)
{
    memset(pl, 0, sizeof *pl);
    pl->key = hp_secmem_alloc(KEY_LEN);
    payload_key(pl->key, file_key, nonce);
    for (int j = 0; j < 2; j++) {
        pl->b[j].key = pl->key;
        pl->b[j].pt = hp_secmem_alloc(BATCH * AGE_CHUNK + (encrypting ? 1 : 0));
        pl->b[j].ct = hp_xmalloc(BATCH * ENC_CHUNK + (encrypting ? 0 : 1));
    }
    pl->pool = hp_workpool_new_beside_caller();
}

static void pipeline_close(struct pipeline *pl)
{
    hp_workpool_free(pl->pool); /* first: it waits for any batch still in the workers */
    for (int j = 0; j < 2; j++) {
        hp_secmem_free(pl->b[j].pt);
        free(pl->b[j].ct);
    }
    hp_secmem_free(pl->key);
}

/* ---- decryption ---- */

static void dec_chunk(void *ctx, size_t i)
{
    struct batch *b = ctx;
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
        unsigned char nonce[NONCE_LEN];
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

/* Fills buf with the next batch: the byte carried over from the previous fill (if any), then
 * up to cap bytes and one more, which tells whether input continues after the batch (that
 * decides the last-chunk flag of its final chunk) and is carried to the next fill. Sets
 * *data (at most cap) and *more. */
static int fill_batch(struct age_src src, unsigned char *buf, size_t cap, int *carry, size_t *data, int *more,
                      struct hp_error *e)
{
    size_t have = 0;
    if (*carry >= 0) {
        buf[0] = (unsigned char)*carry;
        have = 1;
    }
    while (have < cap + 1) {
        ssize_t got = src.read(src.ctx, buf + have, cap + 1 - have, e);
        if (got < 0)
            return -1;
        if (got == 0)
            break;
        have += (size_t)got;
    }
    *more = have == cap + 1;
    *data = *more ? cap : have;
    *carry = *more ? buf[cap] : -1;
    return 0;
}

static ssize_t bufrd_read(void *ctx, unsigned char *buf, size_t n, struct hp_error *e)
{
    return age_bufrd_read_full(ctx, buf, n, e);
}

static int dec_read(struct age_bufrd *r, struct batch *b, int *carry, struct hp_error *e)
{
    if (fill_batch((struct age_src){bufrd_read, r}, b->ct, BATCH * ENC_CHUNK, carry, &b->data, &b->more, e) < 0)
        return -1;
    b->n = (b->data + ENC_CHUNK - 1) / ENC_CHUNK;
    return 0;
}

/* Checks a decrypted batch in order: sets *release to the verified plaintext bytes before
 * the first problem, and returns 1 when the payload ended well within the batch, 0 when it
 * continues into the next, -1 with e set on the first problem. */
static int dec_verdict(const struct batch *b, size_t *release, struct hp_error *e)
{
    size_t i;
    *release = 0;
    for (i = 0; i < b->n; i++) {
        int more = i + 1 < b->n || b->more;
        if (b->st[i] != CH_OK)
            break;
        *release += (i + 1 < b->n) ? AGE_CHUNK : b->data - i * ENC_CHUNK - AGE_TAG;
        if (b->last[i])
            return more ? hp_error_set(e, AGE_ERR_PAYLOAD, "trailing data after the end of the payload") : 1;
        if (!more)
            return hp_error_set(e, AGE_ERR_PAYLOAD, "payload ends without a last chunk (truncated file)");
    }
    if (i == b->n)
        return 0;
    unsigned long long c = b->counter + i;
    if (b->st[i] == CH_TRUNCATED)
        return hp_error_set(e, AGE_ERR_PAYLOAD, "payload chunk %llu is truncated", c);
    if (b->st[i] == CH_EMPTY_LAST)
        return hp_error_set(e, AGE_ERR_PAYLOAD, "last payload chunk is empty (only allowed for an empty file)");
    return hp_error_set(e, AGE_ERR_PAYLOAD, "payload chunk %llu does not authenticate (corrupted or truncated file)",
                        c);
}

/* The batch of a payload that is one chunk (dec_small, enc_small), with its payload key in
 * guarded memory, which the caller frees. */
static unsigned char *batch_one_chunk(struct batch *b, const unsigned char file_key[AGE_FILE_KEY_LEN],
                                      const unsigned char nonce[AGE_NONCE_LEN])
{
    memset(b, 0, sizeof *b);
    unsigned char *key = hp_secmem_alloc(KEY_LEN);
    payload_key(key, file_key, nonce);
    b->key = key;
    b->n = 1;
    return key;
}

/* A payload shorter than the reader's buffer (n bytes, already in it) is one chunk: decrypted
 * here into a guarded buffer of its own size. The pipeline's two 1 MiB guarded batches (which
 * libsodium fills and wipes whole) and its worker threads cost ~10 M instructions, for a SOPS
 * data key of 32 bytes. The same chunk checks and messages as the pipeline's. */
static int dec_small(struct age_bufrd *r, size_t n, const unsigned char file_key[AGE_FILE_KEY_LEN],
                     const unsigned char nonce[AGE_NONCE_LEN], struct age_sink out, struct hp_error *e)
{
    struct batch b;
    unsigned char *key = batch_one_chunk(&b, file_key, nonce);
    b.ct = r->buf + r->pos;
    b.data = n;
    b.pt = hp_secmem_alloc(n > AGE_TAG ? n - AGE_TAG : 1);
    r->pos += n;
    dec_chunk(&b, 0);
    size_t release;
    int verdict = dec_verdict(&b, &release, e); /* 1 or -1: the input ends after this chunk */
    int wrote = release ? out.write(out.ctx, b.pt, release, e) : 0;
    hp_secmem_free(b.pt);
    hp_secmem_free(key);
    return wrote < 0 || verdict < 0 ? -1 : 0;
}

int age_stream_decrypt(struct age_bufrd *r, const unsigned char file_key[AGE_FILE_KEY_LEN], struct age_sink out,
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
    /* Less than a full reader buffer means the input ended inside it: the small path. */
    ssize_t avail = age_bufrd_peek(r, AGE_BUFRD_SIZE, e);
    if (avail < 0)
        return -1;
    if (avail == 0)
        return hp_error_set(e, AGE_ERR_PAYLOAD, "payload has no chunks (truncated file)");
    if ((size_t)avail < AGE_BUFRD_SIZE)
        return dec_small(r, (size_t)avail, file_key, nonce, out, e);

    struct pipeline pl;
    pipeline_open(&pl, file_key, nonce, false);
    struct batch *b = pl.b;
    struct hp_workpool *pool = pl.pool;
    int rc = -1, carry = -1;
    if (dec_read(r, &b[0], &carry, e) < 0)
        goto out;
    if (b[0].data == 0) {
        hp_error_set(e, AGE_ERR_PAYLOAD, "payload has no chunks (truncated file)");
        goto out;
    }
    hp_workpool_submit(pool, dec_chunk, &b[0], b[0].n);
    for (int k = 0;; k ^= 1) {
        struct batch *cur = &b[k], *nxt = &b[k ^ 1];
        /* Read ahead while the workers decrypt; nxt's buffers were released last round. */
        if (cur->more) {
            nxt->counter = cur->counter + BATCH;
            if (dec_read(r, nxt, &carry, e) < 0)
                goto out;
        }
        hp_workpool_wait(pool);
        size_t release;
        int verdict = dec_verdict(cur, &release, e);
        if (verdict == 0)
            hp_workpool_submit(pool, dec_chunk, nxt, nxt->n);
        int wrote = release ? out.write(out.ctx, cur->pt, release, e) : 0;
        sodium_memzero(cur->pt, release);
        if (wrote < 0 || verdict < 0)
            goto out;
        if (verdict == 1) {
            rc = 0;
            goto out;
        }
    }
out:
    pipeline_close(&pl);
    return rc;
}

/* ---- encryption ---- */

static void enc_chunk(void *ctx, size_t i)
{
    struct batch *b = ctx;
    size_t off = i * AGE_CHUNK, plen = b->data - off < AGE_CHUNK ? b->data - off : AGE_CHUNK;
    unsigned char nonce[NONCE_LEN];
    stream_nonce(nonce, b->counter + i, i + 1 == b->n && !b->more);
    crypto_aead_chacha20poly1305_ietf_encrypt_detached(b->ct + i * ENC_CHUNK, b->ct + i * ENC_CHUNK + plen, NULL,
                                                       b->pt + off, plen, NULL, 0, NULL, nonce, b->key);
}

static int enc_read(struct age_src src, struct batch *b, int *carry, struct hp_error *e)
{
    if (fill_batch(src, b->pt, BATCH * AGE_CHUNK, carry, &b->data, &b->more, e) < 0)
        return -1;
    /* An empty input is one empty last chunk; otherwise the carried byte guarantees data > 0. */
    b->n = b->data ? (b->data + AGE_CHUNK - 1) / AGE_CHUNK : 1;
    return 0;
}

/* An input that ends within its first chunk (a SOPS data key, a small file) is that one chunk,
 * encrypted here from the guarded head buffer: no batches, no threads (see dec_small). */
static int enc_small(unsigned char *head, size_t have, const unsigned char file_key[AGE_FILE_KEY_LEN],
                     const unsigned char nonce[AGE_NONCE_LEN], struct age_sink out, struct hp_error *e)
{
    struct batch b;
    unsigned char *key = batch_one_chunk(&b, file_key, nonce);
    b.pt = head;
    b.ct = hp_xmalloc(have + AGE_TAG);
    b.data = have;
    enc_chunk(&b, 0);
    int rc = out.write(out.ctx, b.ct, have + AGE_TAG, e);
    free(b.ct);
    hp_secmem_free(key);
    return rc < 0 ? -1 : 0;
}

/* The pipeline's first batch of a longer input: the head's first chunk, then the carried byte
 * and what follows. */
static int enc_read_first(struct age_src src, struct batch *b, const unsigned char *head, int *carry,
                          struct hp_error *e)
{
    memcpy(b->pt, head, AGE_CHUNK);
    size_t data;
    if (fill_batch(src, b->pt + AGE_CHUNK, (BATCH - 1) * AGE_CHUNK, carry, &data, &b->more, e) < 0)
        return -1;
    b->data = AGE_CHUNK + data;
    b->n = (b->data + AGE_CHUNK - 1) / AGE_CHUNK;
    return 0;
}

int age_stream_encrypt(struct age_src src, const unsigned char file_key[AGE_FILE_KEY_LEN], struct age_sink out,
                        struct hp_error *e)
{
    unsigned char nonce[AGE_NONCE_LEN];
    if (sodium_init() < 0)
        return hp_error_set(e, AGE_ERR_IO, "libsodium failed to initialise");
    randombytes_buf(nonce, sizeof nonce);
    if (out.write(out.ctx, nonce, sizeof nonce, e) < 0)
        return -1;
    /* the first chunk and one byte more: whether the input ends within it */
    unsigned char *head = hp_secmem_alloc(AGE_CHUNK + 1);
    int rc = -1, carry = -1, more = 1;
    size_t have;
    if (fill_batch(src, head, AGE_CHUNK, &carry, &have, &more, e) < 0 || !more) {
        rc = more ? -1 : enc_small(head, have, file_key, nonce, out, e);
        hp_secmem_free(head);
        return rc;
    }

    struct pipeline pl;
    pipeline_open(&pl, file_key, nonce, true);
    struct batch *b = pl.b;
    struct hp_workpool *pool = pl.pool;
    if (enc_read_first(src, &b[0], head, &carry, e) < 0)
        goto out;
    hp_workpool_submit(pool, enc_chunk, &b[0], b[0].n);
    for (int k = 0;; k ^= 1) {
        struct batch *cur = &b[k], *nxt = &b[k ^ 1];
        if (cur->more) { /* read ahead while the workers encrypt */
            nxt->counter = cur->counter + BATCH;
            if (enc_read(src, nxt, &carry, e) < 0)
                goto out;
        }
        hp_workpool_wait(pool);
        if (cur->more) /* write this batch while the workers encrypt the next */
            hp_workpool_submit(pool, enc_chunk, nxt, nxt->n);
        if (out.write(out.ctx, cur->ct, cur->data + cur->n * AGE_TAG, e) < 0)
            goto out;
        if (!cur->more)
            break;
    }
    rc = 0;
out:
    pipeline_close(&pl);
    hp_secmem_free(head);
    return rc;
}
