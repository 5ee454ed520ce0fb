/* STREAM, the payload cipher (C2SP age spec, "Payload"): a 16-byte nonce, then STREAM
 * (ChaCha20-Poly1305, 64 KiB chunks, an 11-byte big-endian counter and a last-chunk flag as
 * the 12-byte nonce). Both directions
 * run in constant memory: one chunk buffer, in sodium guarded memory since it holds
 * plaintext, and chunks go straight between that buffer and the source/sink. */
#ifndef AGE_STREAM_H
#define AGE_STREAM_H

#include <sodium.h>

#include "age/format.h"
#include "age/io.h"
#include "hp/error.h"

#define AGE_CHUNK 65536
#define AGE_TAG crypto_aead_chacha20poly1305_ietf_ABYTES
#define AGE_NONCE_LEN 16

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
