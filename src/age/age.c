/* The recipient type table and the work on the identity and recipient sets that goes through
 * it (parsing, wrapping, unwrapping), so nothing here knows a particular type. The sets' records
 * and the accessors the types call are keyset.c, below the table. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "age/age.h"
#include "age/format.h"
#include "age/recipient.h"
#include "age/keyset.h"
#include "age/scrypt.h"
#include "age/x25519.h"
#include "hp/util.h"

#define TYPE_ENTRY(name) &age_type_##name,
const struct age_type *const age_types[] = {AGE_TYPES(TYPE_ENTRY) NULL};
#undef TYPE_ENTRY

const struct age_type *age_type_by_tag(const char *tag)
{
    for (const struct age_type *const *t = age_types; *t; t++)
        if (strcmp((*t)->tag, tag) == 0)
            return *t;
    return NULL;
}

static bool keys_have_passphrase(const struct age_keys *ks)
{
    for (size_t i = 0; i < ks->n; i++)
        if (ks->v[i].type->passphrase)
            return true;
    return false;
}

void age_identities_set_passphrase_prompt(struct age_identities *ids, age_passphrase_fn fn, void *ctx)
{
    ids->prompt = fn;
    ids->prompt_ctx = ctx;
}

/* A whole file one type claims (an OpenSSH private key): 1 added, 0 not claimed, -1 error. */
static int add_identity_file(struct age_identities *ids, const char *text, size_t len, const char *source,
                             struct hp_error *e)
{
    for (const struct age_type *const *t = age_types; *t; t++) {
        if (!(*t)->claims_identity_file || !(*t)->claims_identity_file(text, len))
            continue;
        void *rec = hp_secmem_alloc((*t)->identity_size);
        if ((*t)->parse_identity_file(text, len, rec, e) < 0) {
            hp_secmem_free(rec);
            hp_error_prefix(e, "%s", source);
            return -1;
        }
        age_identities_push(ids, *t, rec);
        return 1;
    }
    return 0;
}

static int add_identity_line(struct age_identities *ids, const char *s, size_t n, struct hp_error *e)
{
    for (const struct age_type *const *t = age_types; *t; t++) {
        if (!(*t)->parse_identity_line)
            continue;
        void *rec = hp_secmem_alloc((*t)->identity_size);
        if ((*t)->parse_identity_line(s, n, rec, e) == 0) {
            age_identities_push(ids, *t, rec);
            return 0;
        }
        hp_secmem_free(rec);
    }
    return -1;
}

int age_identities_add_text(struct age_identities *ids, const char *text, size_t len, const char *source,
                            struct hp_error *e)
{
    int claimed = add_identity_file(ids, text, len, source, e);
    if (claimed != 0)
        return claimed < 0 ? -1 : 0;
    struct hp_lines lines;
    hp_lines_init(&lines, text, len);
    const char *s, *t;
    while (hp_lines_next(&lines, &s, &t)) {
        /* Tolerate CRLF files and stray blanks around a key (keys pasted into env vars). */
        while (s < t && (*s == ' ' || *s == '\t'))
            s++;
        while (t > s && (t[-1] == '\r' || t[-1] == ' ' || t[-1] == '\t'))
            t--;
        size_t n = (size_t)(t - s), lineno = lines.lineno;
        if (n == 0 || *s == '#')
            continue;
        if (n > 18 && memcmp(s, "AGE-SECRET-KEY-PQ-", 18) == 0) {
            hp_warnf("%s: line %zu: skipping a post-quantum (mlkem768x25519) identity: not supported yet", source,
                     lineno);
            continue;
        }
        if (n > 11 && memcmp(s, "AGE-PLUGIN-", 11) == 0)
            return hp_error_set(e, AGE_ERR_KEY, "%s: line %zu: age plugin identities are not supported", source,
                                lineno);
        if (add_identity_line(ids, s, n, e) < 0)
            return hp_error_set(e, AGE_ERR_KEY, "%s: line %zu: not an age identity (want AGE-SECRET-KEY-1...)",
                                source, lineno);
    }
    return 0;
}

static void type_list(const struct age_header *h, struct hp_buf *out)
{
    for (size_t i = 0; i < h->n; i++) {
        int seen = 0;
        for (size_t j = 0; j < i && !seen; j++)
            seen = strcmp(h->st[i].args[0], h->st[j].args[0]) == 0;
        if (seen)
            continue;
        if (out->len)
            hp_buf_append_str(out, ", ");
        hp_buf_appendf(out, "%.40s", h->st[i].args[0]);
    }
    if (!out->len)
        hp_buf_append_str(out, "none");
}

/* The header rule for passphrase stanzas: alone. Sets *has_pass when there is one. */
static int check_passphrase_stanza(const struct age_header *h, bool *has_pass, struct hp_error *e)
{
    *has_pass = false;
    for (size_t i = 0; i < h->n; i++) {
        const struct age_type *t = age_type_by_tag(h->st[i].args[0]);
        if (!t || !t->passphrase)
            continue;
        if (h->n != 1)
            return hp_error_set(e, AGE_ERR_HEADER, "malformed age header: an %s stanza must be the only one", t->tag);
        *has_pass = true;
    }
    return 0;
}

/* A passphrase-encrypted file and no passphrase identity: ask the prompt, if any. */
static int prompt_passphrase(struct age_identities *ids, struct hp_error *e)
{
    struct hp_secbuf pass = {0};
    int rc = ids->prompt(ids->prompt_ctx, &pass, e);
    if (rc == 0)
        rc = age_identities_add_passphrase(ids, (const char *)pass.data, pass.len, e);
    hp_secbuf_free(&pass);
    return rc < 0 ? -1 : 0;
}

static int no_match(const struct age_identities *ids, const struct age_header *h, bool passphrase_file,
                    struct hp_error *e)
{
    struct hp_buf types = {0};
    type_list(h, &types);
    bool has_pass = keys_have_passphrase(&ids->keys);
    if (passphrase_file && has_pass)
        hp_error_set(e, AGE_ERR_NO_MATCH, "incorrect passphrase (the file is passphrase-encrypted)");
    else if (passphrase_file)
        hp_error_set(e, AGE_ERR_NO_MATCH, "the file is passphrase-encrypted and no passphrase was given");
    else if (ids->keys.n == 0)
        hp_error_set(e, AGE_ERR_NO_MATCH, "no identity to decrypt with (the file's recipients are: %s)",
                     hp_buf_cstr(&types));
    else
        hp_error_set(e, AGE_ERR_NO_MATCH, "no identity matched any of the file's recipients (%s)", hp_buf_cstr(&types));
    hp_buf_free(&types);
    return -1;
}

int age_identities_unwrap(struct age_identities *ids, const struct age_header *h,
                          unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e)
{
    bool passphrase_file;
    if (check_passphrase_stanza(h, &passphrase_file, e) < 0)
        return -1;
    if (passphrase_file && !keys_have_passphrase(&ids->keys) && ids->prompt && prompt_passphrase(ids, e) < 0)
        return -1;
    for (size_t i = 0; i < ids->keys.n; i++) {
        const struct age_key *id = &ids->keys.v[i];
        for (size_t j = 0; j < h->n; j++) {
            if (strcmp(h->st[j].args[0], id->type->tag) != 0)
                continue;
            int rc = id->type->unwrap(id->rec, &h->st[j], file_key, e);
            if (rc != 0)
                return rc < 0 ? -1 : 0;
        }
    }
    return no_match(ids, h, passphrase_file, e);
}

static int add_recipient(struct age_recipients *rs, const char *s, size_t n, struct hp_error *e)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    /* bech32's separator is the last '1' (its data alphabet has none): age1... is X25519,
     * age1pq1... age 1.3's post-quantum hybrid, age1NAME1... a plugin's recipient; the last
     * two are refused by name here, before the table would take them for malformed X25519 */
    const char *sep = n > 4 && memcmp(s, "age1", 4) == 0 ? memrchr(s, '1', n) : NULL;
    size_t hrp = sep ? (size_t)(sep - s) : 0;
    if (sep && hrp == 6 && memcmp(s, "age1pq", 6) == 0)
        return hp_error_set(e, AGE_ERR_KEY,
                            "post-quantum recipients (age1pq1..., mlkem768x25519) are not supported yet: use an "
                            "X25519 (age1...) or ssh-ed25519 recipient");
    if (sep && hrp > 4)
        return hp_error_set(e, AGE_ERR_KEY, "age plugin recipients (%.*s1...) are not supported",
                            (int)(hrp > 40 ? 40 : hrp), s);
    for (const struct age_type *const *t = age_types; *t; t++) {
        const char *prefix = (*t)->recipient_prefix;
        if (!prefix || n <= strlen(prefix) || memcmp(s, prefix, strlen(prefix)) != 0)
            continue;
        void *rec = hp_secmem_alloc((*t)->recipient_size);
        if ((*t)->parse_recipient(s, n, rec, e) < 0) {
            hp_secmem_free(rec);
            return -1;
        }
        age_recipients_push(rs, *t, rec);
        return 0;
    }
    return hp_error_set(e, AGE_ERR_KEY, "unknown recipient \"%.*s\" (want age1... or ssh-ed25519 ...)",
                        (int)(n > 70 ? 70 : n), s);
}

int age_recipients_add(struct age_recipients *rs, const char *recipient, struct hp_error *e)
{
    return add_recipient(rs, recipient, strlen(recipient), e);
}

int age_recipients_add_text(struct age_recipients *rs, const char *text, size_t len, const char *source,
                            struct hp_error *e)
{
    struct hp_lines lines;
    hp_lines_init(&lines, text, len);
    const char *line, *le;
    while (hp_lines_next(&lines, &line, &le)) {
        const char *s = line;
        while (s < le && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (s < le && *s != '#' && add_recipient(rs, line, (size_t)(le - line), e) < 0) {
            hp_error_prefix(e, "%s: line %zu", source, lines.lineno);
            return -1;
        }
    }
    return 0;
}

void age_recipients_set_scrypt_work_factor(struct age_recipients *rs, int log_n)
{
    if (log_n >= 1 && log_n <= AGE_SCRYPT_MAX_LOG_N)
        rs->log_n = log_n;
}

int age_recipients_wrap(const struct age_recipients *rs, struct age_header *h,
                        const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e)
{
    if (rs->keys.n == 0)
        return hp_error_set(e, AGE_ERR_KEY, "no recipients");
    for (size_t i = 0; i < rs->keys.n; i++) {
        const struct age_key *r = &rs->keys.v[i];
        if (r->type->passphrase && rs->keys.n != 1)
            return hp_error_set(e, AGE_ERR_KEY, "a passphrase cannot be combined with other recipients");
        if (r->type->wrap(r->rec, h, file_key, e) < 0)
            return -1;
    }
    return 0;
}
