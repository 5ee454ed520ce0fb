/* The SOPS value cipher: `ENC[AES256_GCM,data:<b64>,iv:<b64>,tag:<b64>,type:<t>]`, AES-256-GCM
 * with a 256-bit IV (OpenSSL EVP: libsodium's AES-GCM only takes 96-bit nonces). The
 * additional data is the key path ("a:b:c:") or, for the MAC, sops.lastmodified. */
#ifndef SOPS_CIPHER_H
#define SOPS_CIPHER_H

#include <sodium.h>
#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"

/* The data key (one per file, sealed to each age recipient; callers keep it in guarded
 * memory, hp_secmem_alloc) and the GCM tag: AES-256-GCM's sizes, which libsodium names
 * (OpenSSL runs the cipher). The IV is sops' own: 256 bits where GCM usually takes 96, and
 * values from other writers may carry other lengths, up to SOPS_IV_MAX. */
#define SOPS_KEY_LEN crypto_aead_aes256gcm_KEYBYTES
#define SOPS_IV_LEN 32
#define SOPS_TAG_LEN crypto_aead_aes256gcm_ABYTES
#define SOPS_IV_MAX 128
_Static_assert(SOPS_IV_LEN <= SOPS_IV_MAX, "sops' own IV must fit a parsed value's");

/* A parsed ENC[...] value. data is heap memory (ciphertext is not secret). */
struct sops_enc {
    unsigned char *data;
    size_t datalen;
    unsigned char iv[SOPS_IV_MAX];
    size_t ivlen;
    unsigned char tag[SOPS_TAG_LEN];
    char type[8]; /* str, int, int64, float, bool, bytes, comment */
};

/* Strict parse: every field present, standard padded base64, a 16-byte tag, a known type.
 * Errors are SOPS_ERR_VALUE (format) or SOPS_ERR_TYPE (unknown type). */
int sops_enc_parse(const char *s, size_t len, struct sops_enc *v, struct hp_error *e);
void sops_enc_free(struct sops_enc *v);

/* Decrypts an ENC value with the data key; the plaintext bytes go to pt (guarded memory,
 * appended), the type to type_out. A failed tag check is SOPS_ERR_MAC-free: it is reported
 * as SOPS_ERR_VALUE ("authentication failed"), since the caller knows which key it was. */
int sops_value_decrypt(const unsigned char key[SOPS_KEY_LEN], const char *s, size_t len, const char *aad,
                       size_t aadlen, struct hp_secbuf *pt, char type_out[8], struct hp_error *e);

/* One data key for many values (a tree walk): the cipher is set up once and each value only
 * sets its IV. key points to the caller's guarded copy, which must outlive g. */
struct sops_gcm {
    void *ctx; /* EVP_CIPHER_CTX: OpenSSL stays out of this header */
    bool keyed;
    size_t ivlen; /* the IV length set in ctx (0: none yet) */
    const unsigned char *key;
};
int sops_gcm_init(struct sops_gcm *g, const unsigned char key[SOPS_KEY_LEN], struct hp_error *e);
void sops_gcm_free(struct sops_gcm *g);
/* sops_value_decrypt with g's key, also giving the value's IV when it is 256 bits (*has_iv
 * false otherwise). */
int sops_gcm_decrypt(struct sops_gcm *g, const char *s, size_t len, const char *aad, size_t aadlen,
                     struct hp_secbuf *pt, char type_out[8], unsigned char iv_out[SOPS_IV_LEN], bool *has_iv,
                     struct hp_error *e);
/* sops_value_encrypt with g's key. */
int sops_gcm_encrypt(struct sops_gcm *g, const unsigned char *pt, size_t ptlen, const char *type, const char *aad,
                     size_t aadlen, const unsigned char *iv, struct hp_buf *out, struct hp_error *e);

/* Encrypts pt as `type` with a fresh random IV (or `iv` when not NULL: re-encrypting an
 * unchanged value after edit keeps its IV, as sops does), appending the ENC text to out. */
int sops_value_encrypt(const unsigned char key[SOPS_KEY_LEN], const unsigned char *pt, size_t ptlen,
                       const char *type, const char *aad, size_t aadlen, const unsigned char *iv,
                       struct hp_buf *out, struct hp_error *e);

#endif
