/* Recipient types behind one table, as age's Recipient/Identity interfaces: each type
 * (x25519.c, ssh.c, scrypt.c) defines one `struct age_type` and is listed once in
 * AGE_TYPES below; age.c (the identity and recipient sets) only goes through the table.
 *
 * Adding a recipient type: one file that defines `const struct age_type age_type_<name>`,
 * plus one X(<name>) line in AGE_TYPES. Types are tried in that order. */
#ifndef AGE_RECIPIENT_H
#define AGE_RECIPIENT_H

#include <stdbool.h>
#include <stddef.h>

#include "age/format.h"
#include "hp/error.h"

struct age_identities; /* age/age.h, age/keyset.h */
struct age_recipients;

struct age_type {
    const char *tag; /* the stanza type: "-> <tag> ..." */
    /* A passphrase type (scrypt): its stanza must be the only one in a header, it cannot be
     * combined with other recipients, and a passphrase prompt may supply its identity. */
    bool passphrase;
    /* The sizes of this type's key records (guarded memory, zeroed, owned by the sets). */
    size_t recipient_size, identity_size;

    /* Recipient strings starting with recipient_prefix (and longer than it) are this
     * type's: parse_recipient fills the record or fails (AGE_ERR_KEY). NULL: no string form. */
    const char *recipient_prefix;
    int (*parse_recipient)(const char *s, size_t n, void *rec, struct hp_error *e);
    /* Identity files: a whole file this type claims (an OpenSSH private key), or one line
     * of an age-keygen style file. NULL where the type has no such form. parse_identity_line
     * fails for lines that are not its; the caller names the line. */
    bool (*claims_identity_file)(const char *text, size_t n);
    int (*parse_identity_file)(const char *text, size_t n, void *rec, struct hp_error *e);
    int (*parse_identity_line)(const char *s, size_t n, void *rec, struct hp_error *e);

    /* Adds this recipient's stanza for file_key to h. */
    int (*wrap)(const void *rec, struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN],
                struct hp_error *e);
    /* s is a stanza of this type: 1 opened (file_key filled), 0 not for this identity,
     * -1 malformed stanza (AGE_ERR_HEADER) or could not run (AGE_ERR_IO). */
    int (*unwrap)(const void *rec, const struct age_stanza *s, unsigned char file_key[AGE_FILE_KEY_LEN],
                  struct hp_error *e);
};

#define AGE_TYPES(X) \
    X(x25519)        \
    X(ssh)           \
    X(scrypt)

#define AGE_TYPE_DECLARE(name) extern const struct age_type age_type_##name;
AGE_TYPES(AGE_TYPE_DECLARE)
#undef AGE_TYPE_DECLARE

/* The registered types, NULL-terminated, in AGE_TYPES order. */
extern const struct age_type *const age_types[];
/* The type whose stanzas carry this tag, or NULL. */
const struct age_type *age_type_by_tag(const char *tag);

/* Finds the file key: applies the spec's header rules (a passphrase stanza must be alone),
 * tries every identity against every stanza of its type. Errors: AGE_ERR_HEADER,
 * AGE_ERR_NO_MATCH, or what a type's unwrap or the passphrase prompt reports. */
int age_identities_unwrap(struct age_identities *ids, const struct age_header *h,
                          unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e);
/* Adds one stanza per recipient for file_key. */
int age_recipients_wrap(const struct age_recipients *rs, struct age_header *h,
                        const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e);


#endif
