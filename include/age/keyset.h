/* The identity and recipient sets as the age module sees them: a list of key records, each of a
 * recipient type, plus each set's own fields. Opaque outside src/age (age/age.h), open here for
 * age.c, which goes through the type table, and for the types, which push their records. It
 * sits below both and includes neither, so the table and the types it names never include each
 * other. */
#ifndef AGE_KEYSET_H
#define AGE_KEYSET_H

#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"

struct age_type;

struct age_key {
    const struct age_type *type;
    void *rec; /* hp_secmem_alloc'd: the type's identity or recipient record */
};

struct age_keys {
    struct age_key *v;
    size_t n, cap;
};

struct age_identities {
    struct age_keys keys;
    int (*prompt)(void *ctx, struct hp_secbuf *pass, struct hp_error *e); /* an age_passphrase_fn (age/age.h) */
    void *prompt_ctx;
};

struct age_recipients {
    struct age_keys keys;
    int log_n;
};

struct age_identities *age_identities_new(void);
size_t age_identities_count(const struct age_identities *ids);
void age_identities_free(struct age_identities *ids);
struct age_recipients *age_recipients_new(void);
size_t age_recipients_count(const struct age_recipients *rs);
void age_recipients_free(struct age_recipients *rs);

/* Adds a record of type t (guarded memory of t's identity or recipient size, from
 * hp_secmem_alloc) to the set, which owns it from then on. */
void age_identities_push(struct age_identities *ids, const struct age_type *t, void *rec);
void age_recipients_push(struct age_recipients *rs, const struct age_type *t, void *rec);

/* The scrypt work factor set with age_recipients_set_scrypt_work_factor, or 0 (default). */
int age_recipients_scrypt_log_n(const struct age_recipients *rs);

#endif
