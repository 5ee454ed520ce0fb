/* STREAM, the payload cipher (C2SP age spec, "Payload"): a 16-byte nonce, then STREAM
 * (ChaCha20-Poly1305, 64 KiB chunks, an 11-byte big-endian counter and a last-chunk flag as
 * the 12-byte nonce). Both directions run in constant memory: chunks go in batches of
 * AGE_STREAM_BATCH through two batch buffers (plaintext in sodium guarded memory), the
 * chunks of a batch en/decrypted in parallel; a payload of one chunk skips the batches. */
#ifndef AGE_STREAM_H
#define AGE_STREAM_H

#include <sodium.h>

#include "age/format.h"
#include "age/io.h"
#include "hp/error.h"

#define AGE_CHUNK 65536
#define AGE_TAG crypto_aead_chacha20poly1305_ietf_ABYTES
#define AGE_NONCE_LEN 16
/* Chunks per batch. Bigger batches mean fewer hand-overs between the reading thread and the
 * workers (48 against 16: decryption 0.89 -> 0.94 of two cores busy, 17% less wall time), but
 * both plaintext batches are mlock'd guarded memory: Linux's default RLIMIT_MEMLOCK is 8 MiB,
 * and sodium_malloc goes on silently (swappable) when mlock fails. So the two batches (6 MiB
 * and a page each for the encryptor's look-ahead byte) stay within 7 MiB, leaving room for
 * the identities, keys and the encryptor's first chunk. */
#define AGE_STREAM_BATCH 48
#define AGE_STREAM_LOCKED_MAX (7u << 20)

/* Reads the nonce and the chunks from r and writes verified plaintext to out, one chunk at
 * a time (so on a payload failure everything released was authenticated). A missing or
 * short nonce is AGE_ERR_HEADER (as the CCTV vectors expect); anything wrong after it is
 * AGE_ERR_PAYLOAD; sink failures keep their own kind. */
int age_stream_decrypt(struct age_bufrd *r, const unsigned char file_key[AGE_FILE_KEY_LEN], struct age_sink out,
                        struct hp_error *e);
/* Writes a fresh nonce and the encrypted chunks of everything src yields. */
int age_stream_encrypt(struct age_src src, const unsigned char file_key[AGE_FILE_KEY_LEN], struct age_sink out,
                        struct hp_error *e);

#endif
