/* The IV stash: an append-only array, sorted once on first lookup, binary-searched. */
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "sops/ivstash.h"

#define REC 64

static void digest(unsigned char out[32], const char *aad, size_t aadlen, const char *type, const unsigned char *pt,
                   size_t ptlen)
{
    crypto_generichash_state st;
    unsigned char sep = 0;
    crypto_generichash_init(&st, NULL, 0, 32);
    crypto_generichash_update(&st, (const unsigned char *)aad, aadlen);
    crypto_generichash_update(&st, &sep, 1);
    crypto_generichash_update(&st, (const unsigned char *)type, strlen(type));
    crypto_generichash_update(&st, &sep, 1);
    crypto_generichash_update(&st, pt, ptlen);
    crypto_generichash_final(&st, out, 32);
    sodium_memzero(&st, sizeof st);
}

void sops_iv_stash_add(struct sops_iv_stash *s, const char *aad, size_t aadlen, const char *type,
                       const unsigned char *pt, size_t ptlen, const unsigned char iv[32])
{
    unsigned char rec[REC];
    digest(rec, aad, aadlen, type, pt, ptlen);
    memcpy(rec + 32, iv, 32);
    hp_secbuf_append(&s->entries, rec, REC);
    sodium_memzero(rec, sizeof rec);
    s->sorted = false;
}

static int cmp(const void *a, const void *b) { return memcmp(a, b, 32); }

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
    unsigned char key[32];
    digest(key, aad, aadlen, type, pt, ptlen);
    const unsigned char *hit = bsearch(key, s->entries.data, n, REC, cmp);
    return hit ? hit + 32 : NULL;
}

void sops_iv_stash_free(struct sops_iv_stash *s)
{
    hp_secbuf_free(&s->entries);
    s->sorted = false;
}
