/* IVs of decrypted values, so that editing a file re-encrypts unchanged values to the same
 * ciphertext (as sops does): a diff of the encrypted file then shows only what changed. An IV
 * is reused only for the same plaintext, type and key path under the same data key, which
 * yields the identical ciphertext and reveals nothing new. Entries (a BLAKE2b digest of path,
 * type and plaintext, and the IV) live in guarded memory. */
#ifndef SOPS_IVSTASH_H
#define SOPS_IVSTASH_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"
#include "sops/cipher.h"

struct sops_iv_stash {
    struct hp_secbuf entries; /* records: BLAKE2b digest, then the IV (SOPS_IV_LEN) */
    bool sorted;
};

void sops_iv_stash_add(struct sops_iv_stash *s, const char *aad, size_t aadlen, const char *type,
                       const unsigned char *pt, size_t ptlen, const unsigned char iv[SOPS_IV_LEN]);
/* The stashed IV for this value, or NULL. */
const unsigned char *sops_iv_stash_find(struct sops_iv_stash *s, const char *aad, size_t aadlen, const char *type,
                                        const unsigned char *pt, size_t ptlen);
void sops_iv_stash_free(struct sops_iv_stash *s);

#endif
