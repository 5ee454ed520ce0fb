/* A set of names by digest (see include/hp/nameset.h). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hp/nameset.h"
#include "hp/util.h"

#define SLOT_USED HP_NAMESET_DIGEST_BYTES

static size_t slot_of(const unsigned char *digest, size_t cap)
{
    uint64_t h;
    memcpy(&h, digest, sizeof h);
    return (size_t)h & (cap - 1);
}

/* Returns the slot holding digest, or the empty slot where it would go. */
static unsigned char *slot_find(struct hp_nameset *s, const unsigned char *digest)
{
    for (size_t i = slot_of(digest, s->cap);; i = (i + 1) & (s->cap - 1)) {
        unsigned char *slot = s->slots[i];
        s->probes++;
        if (!slot[SLOT_USED] || memcmp(slot, digest, HP_NAMESET_DIGEST_BYTES) == 0)
            return slot;
    }
}

/* Doubles the table (at least 64 slots), keeping it at most half full. */
static void grow(struct hp_nameset *s)
{
    struct hp_nameset bigger = {.cap = s->cap ? s->cap * 2 : 64, .n = s->n};
    bigger.slots = hp_xcalloc(bigger.cap, sizeof *bigger.slots);
    for (size_t i = 0; i < s->cap; i++)
        if (s->slots[i][SLOT_USED])
            memcpy(slot_find(&bigger, s->slots[i]), s->slots[i], sizeof *s->slots);
    free(s->slots);
    *s = bigger;
}

bool hp_nameset_add(struct hp_nameset *s, const char *name, size_t len)
{
    unsigned char digest[HP_NAMESET_DIGEST_BYTES];
    crypto_generichash(digest, sizeof digest, (const unsigned char *)name, len, NULL, 0);
    if (2 * (s->n + 1) > s->cap)
        grow(s);
    unsigned char *slot = slot_find(s, digest);
    if (slot[SLOT_USED])
        return false;
    memcpy(slot, digest, sizeof digest);
    slot[SLOT_USED] = 1;
    s->n++;
    return true;
}

void hp_nameset_free(struct hp_nameset *s)
{
    free(s->slots);
    memset(s, 0, sizeof *s);
}
