#ifndef HP_NAMESET_H
#define HP_NAMESET_H

#include <stdbool.h>
#include <stddef.h>

#include <sodium.h>

/* A set of names kept as BLAKE2b digests in an open-addressing table: adding and asking are
 * constant time and the memory is a digest per name, whatever the names' lengths (an archive's
 * entry names may be long and many: the set must not be the thing an attacker fills). */
#define HP_NAMESET_DIGEST_BYTES crypto_generichash_BYTES_MIN

struct hp_nameset {
    unsigned char (*slots)[HP_NAMESET_DIGEST_BYTES + 1]; /* digest, then 1 when used */
    size_t cap, n;                                       /* cap: a power of two, or 0 */
    size_t probes; /* slots looked at so far: what the tests count to prove constant time a name */
};

/* Adds name (len bytes). Returns false when it was already there. */
bool hp_nameset_add(struct hp_nameset *s, const char *name, size_t len);
void hp_nameset_free(struct hp_nameset *s);

#endif
