/* The identity and recipient sets' records (see include/age/keyset.h): every record is guarded
 * memory owned by its set. */
#include <stdlib.h>

#include "age/keyset.h"
#include "hp/util.h"

static void keys_push(struct age_keys *ks, const struct age_type *t, void *rec)
{
    if (ks->n == ks->cap) {
        ks->cap = ks->cap ? ks->cap * 2 : 4;
        ks->v = hp_xrealloc(ks->v, ks->cap * sizeof *ks->v);
    }
    ks->v[ks->n++] = (struct age_key){t, rec};
}

static void keys_free(struct age_keys *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        hp_secmem_free(ks->v[i].rec);
    free(ks->v);
}

/* age_identities_new/push/count/free and age_recipients_new/push/count/free: both sets are a
 * struct age_keys plus fields of their own, so their accessors are written once. */
#define KEY_SET_ACCESSORS(set)                                                          \
    struct age_##set *age_##set##_new(void)                                             \
    {                                                                                   \
        return hp_xcalloc(1, sizeof(struct age_##set));                                 \
    }                                                                                   \
    void age_##set##_push(struct age_##set *s, const struct age_type *t, void *rec)     \
    {                                                                                   \
        keys_push(&s->keys, t, rec);                                                    \
    }                                                                                   \
    size_t age_##set##_count(const struct age_##set *s)                                 \
    {                                                                                   \
        return s->keys.n;                                                               \
    }                                                                                   \
    void age_##set##_free(struct age_##set *s)                                          \
    {                                                                                   \
        if (!s)                                                                         \
            return;                                                                     \
        keys_free(&s->keys);                                                            \
        free(s);                                                                        \
    }
KEY_SET_ACCESSORS(identities)
KEY_SET_ACCESSORS(recipients)
#undef KEY_SET_ACCESSORS

int age_recipients_scrypt_log_n(const struct age_recipients *rs)
{
    return rs->log_n;
}
