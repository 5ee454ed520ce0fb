/* The IV stash: an append-only array, sorted once on first lookup, binary-searched. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sops/ivstash.h"

#define DIGEST_LEN crypto_generichash_BYTES
#define REC (DIGEST_LEN + SOPS_IV_LEN)

static void digest(unsigned char out[DIGEST_LEN], const char *aad, size_t aadlen, const char *type, const unsigned char *pt,
                   size_t ptlen)
{
    crypto_generichash_state st;
    unsigned char sep = 0;
    crypto_generichash_init(&st, NULL, 0, DIGEST_LEN);
    crypto_generichash_update(&st, (const unsigned char *)aad, aadlen);
    crypto_generichash_update(&st, &sep, 1);
    crypto_generichash_update(&st, (const unsigned char *)type, strlen(type));
    crypto_generichash_update(&st, &sep, 1);
    crypto_generichash_update(&st, pt, ptlen);
    crypto_generichash_final(&st, out, DIGEST_LEN);
    sodium_memzero(&st, sizeof st);
}

void sops_iv_stash_add(struct sops_iv_stash *s, const char *aad, size_t aadlen, const char *type,
                       const unsigned char *pt, size_t ptlen, const unsigned char iv[SOPS_IV_LEN])
{
    unsigned char rec[REC];
    digest(rec, aad, aadlen, type, pt, ptlen);
    memcpy(rec + DIGEST_LEN, iv, SOPS_IV_LEN);
    hp_secbuf_append(&s->entries, rec, REC);
    sodium_memzero(rec, sizeof rec);
    s->sorted = false;
}

static int cmp(const void *a, const void *b) { return memcmp(a, b, DIGEST_LEN); }

const unsigned char *sops_iv_stash_find(struct sops_iv_stash *s, const char *aad, size_t aadlen, const char *type,
                                        const unsigned char *pt, size_t ptlen)
{
    size_t n = s->entries.len / REC;
    if (n == 0)
        return NULL;
    if (!s->sorted) {
        qsort(s->entries.data, n, REC, cmp);
        s->sorted = true;
    }
    unsigned char key[DIGEST_LEN];
    digest(key, aad, aadlen, type, pt, ptlen);
    const unsigned char *hit = bsearch(key, s->entries.data, n, REC, cmp);
    return hit ? hit + DIGEST_LEN : NULL;
}

void sops_iv_stash_free(struct sops_iv_stash *s)
{
    hp_secbuf_free(&s->entries);
    s->sorted = false;
}
