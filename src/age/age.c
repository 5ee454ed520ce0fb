/* Identities, recipients and the whole-buffer API. Every identity record (secret scalars,
 * passphrases) is a sodium_malloc allocation, wiped by sodium_free. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "age/age.h"
#include "age/format.h"
#include "age/scrypt.h"
#include "age/ssh.h"
#include "age/stream.h"
#include "age/x25519.h"
#include "hp/util.h"

enum kind { K_X25519, K_SSH, K_PASS };

struct age_identity {
    enum kind kind;
    unsigned char sk[32]; /* X25519 secret, or the ssh key converted to X25519 */
    unsigned char pk[32]; /* X25519 public key */
    struct age_ssh_pub ssh;
    size_t passlen;
    char pass[]; /* K_PASS: the passphrase */
};

struct age_identities {
    struct age_identity **v;
    size_t n, cap;
    age_passphrase_fn prompt;
    void *prompt_ctx;
};

struct age_recipient {
    enum kind kind;
    int log_n; /* K_PASS */
    unsigned char pk[32];
    struct age_ssh_pub ssh;
    size_t passlen;
    char pass[];
};

struct age_recipients {
    struct age_recipient **v;
    size_t n, cap;
    int log_n;
};

static void *guarded(size_t n)
{
    if (sodium_init() < 0)
        abort();
    /* sodium_malloc puts the block's end against a guard page, so the start is aligned only
     * when the size is a multiple of the alignment: round up for our structs. */
    n = (n + 15) & ~(size_t)15;
    void *p = sodium_malloc(n);
    if (!p) {
        hp_errorf("out of guarded (locked) memory");
        abort();
    }
    memset(p, 0, n);
    return p;
}

struct age_identities *age_identities_new(void)
{
    return hp_xcalloc(1, sizeof(struct age_identities));
}

static void push_identity(struct age_identities *ids, struct age_identity *id)
{
    if (ids->n == ids->cap) {
        ids->cap = ids->cap ? ids->cap * 2 : 4;
        ids->v = hp_xrealloc(ids->v, ids->cap * sizeof *ids->v);
    }
    ids->v[ids->n++] = id;
}

size_t age_identities_count(const struct age_identities *ids)
{
    return ids->n;
}

void age_identities_free(struct age_identities *ids)
{
    if (!ids)
        return;
    for (size_t i = 0; i < ids->n; i++)
        sodium_free(ids->v[i]);
    free(ids->v);
    free(ids);
}

void age_identities_set_passphrase_prompt(struct age_identities *ids, age_passphrase_fn fn, void *ctx)
{
    ids->prompt = fn;
    ids->prompt_ctx = ctx;
}

int age_identities_add_passphrase(struct age_identities *ids, const char *pass, size_t len, struct hp_error *e)
{
    if (len == 0)
        return hp_error_set(e, AGE_ERR_KEY, "empty passphrase");
    struct age_identity *id = guarded(sizeof *id + len + 1);
    id->kind = K_PASS;
    memcpy(id->pass, pass, len);
    id->passlen = len;
    push_identity(ids, id);
    return 0;
}

static int add_x25519_line(struct age_identities *ids, const char *l, size_t n, struct hp_error *e)
{
    struct age_identity *id = guarded(sizeof *id);
    id->kind = K_X25519;
    if (age_x25519_parse_identity(l, n, id->sk, e) < 0) {
        sodium_free(id);
        return -1;
    }
    crypto_scalarmult_base(id->pk, id->sk);
    push_identity(ids, id);
    return 0;
}

int age_identities_add_text(struct age_identities *ids, const char *text, size_t len, const char *source,
                            struct hp_error *e)
{
    if (age_ssh_is_private(text, len)) {
        struct age_identity *id = guarded(sizeof *id);
        id->kind = K_SSH;
        if (age_ssh_parse_private(text, len, id->sk, &id->ssh, e) < 0) {
            sodium_free(id);
            hp_error_prefix(e, "%s", source);
            return -1;
        }
        crypto_scalarmult_base(id->pk, id->sk);
        push_identity(ids, id);
        return 0;
    }
    size_t lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        /* Tolerate CRLF files and stray blanks around a key (keys pasted into env vars). */
        const char *s = p, *t = le;
        while (s < t && (*s == ' ' || *s == '\t'))
            s++;
        while (t > s && (t[-1] == '\r' || t[-1] == ' ' || t[-1] == '\t'))
            t--;
        p = nl ? nl + 1 : end;
        size_t n = (size_t)(t - s);
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
        if (add_x25519_line(ids, s, n, e) < 0) {
            hp_error_set(e, AGE_ERR_KEY, "%s: line %zu: not an age identity (want AGE-SECRET-KEY-1...)", source,
                         lineno);
            return -1;
        }
    }
    return 0;
}

void age_identities_generate(struct age_identities *ids, char *recipient, struct hp_secbuf *identity_text)
{
    struct age_identity *id = guarded(sizeof *id);
    id->kind = K_X25519;
    randombytes_buf(id->sk, sizeof id->sk);
    crypto_scalarmult_base(id->pk, id->sk);
    age_x25519_format_recipient(recipient, id->pk);
    char *txt = guarded(AGE_X25519_IDENTITY_MAX);
    age_x25519_format_identity(txt, id->sk);
    hp_secbuf_append(identity_text, txt, strlen(txt));
    sodium_free(txt);
    push_identity(ids, id);
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

int age_identities_unwrap(struct age_identities *ids, const struct age_header *h, unsigned char file_key[16],
                          struct hp_error *e)
{
    int has_scrypt = 0, has_pass = 0;
    for (size_t i = 0; i < h->n; i++)
        if (strcmp(h->st[i].args[0], "scrypt") == 0) {
            if (h->n != 1)
                return hp_error_set(e, AGE_ERR_HEADER, "malformed age header: an scrypt stanza must be the only one");
            has_scrypt = 1;
        }
    for (size_t i = 0; i < ids->n; i++)
        has_pass |= ids->v[i]->kind == K_PASS;
    if (has_scrypt && !has_pass && ids->prompt) {
        struct hp_secbuf pass = {0};
        int rc = ids->prompt(ids->prompt_ctx, &pass, e);
        if (rc == 0)
            rc = age_identities_add_passphrase(ids, (const char *)pass.data, pass.len, e);
        hp_secbuf_free(&pass);
        if (rc < 0)
            return -1;
    }
    for (size_t i = 0; i < ids->n; i++) {
        const struct age_identity *id = ids->v[i];
        for (size_t j = 0; j < h->n; j++) {
            int rc = 0;
            if (id->kind == K_X25519)
                rc = age_x25519_unwrap(&h->st[j], id->sk, id->pk, file_key, e);
            else if (id->kind == K_SSH)
                rc = age_ssh_unwrap(&h->st[j], id->sk, &id->ssh, file_key, e);
            else
                rc = age_scrypt_unwrap(&h->st[j], id->pass, id->passlen, file_key, e);
            if (rc != 0)
                return rc < 0 ? -1 : 0;
        }
    }
    struct hp_buf types = {0};
    type_list(h, &types);
    has_pass = 0;
    for (size_t i = 0; i < ids->n; i++)
        has_pass |= ids->v[i]->kind == K_PASS;
    if (has_scrypt && has_pass)
        hp_error_set(e, AGE_ERR_NO_MATCH, "incorrect passphrase (the file is passphrase-encrypted)");
    else if (has_scrypt)
        hp_error_set(e, AGE_ERR_NO_MATCH, "the file is passphrase-encrypted and no passphrase was given");
    else if (ids->n == 0)
        hp_error_set(e, AGE_ERR_NO_MATCH, "no identity to decrypt with (the file's recipients are: %s)",
                     hp_buf_cstr(&types));
    else
        hp_error_set(e, AGE_ERR_NO_MATCH, "no identity matched any of the file's recipients (%s)", hp_buf_cstr(&types));
    hp_buf_free(&types);
    return -1;
}

struct age_recipients *age_recipients_new(void)
{
    return hp_xcalloc(1, sizeof(struct age_recipients));
}

static void push_recipient(struct age_recipients *rs, struct age_recipient *r)
{
    if (rs->n == rs->cap) {
        rs->cap = rs->cap ? rs->cap * 2 : 4;
        rs->v = hp_xrealloc(rs->v, rs->cap * sizeof *rs->v);
    }
    rs->v[rs->n++] = r;
}

size_t age_recipients_count(const struct age_recipients *rs)
{
    return rs->n;
}

void age_recipients_free(struct age_recipients *rs)
{
    if (!rs)
        return;
    for (size_t i = 0; i < rs->n; i++)
        sodium_free(rs->v[i]);
    free(rs->v);
    free(rs);
}

static int add_recipient(struct age_recipients *rs, const char *s, size_t n, struct hp_error *e)
{
    while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r' || s[n - 1] == '\n'))
        n--;
    while (n && (*s == ' ' || *s == '\t'))
        s++, n--;
    struct age_recipient *r = guarded(sizeof *r);
    int rc;
    /* bech32's separator is the last '1' (its data alphabet has none): age1... is X25519,
     * age1pq1... age 1.3's post-quantum hybrid, age1NAME1... a plugin's recipient */
    const char *sep = n > 4 && memcmp(s, "age1", 4) == 0 ? memrchr(s, '1', n) : NULL;
    size_t hrp = sep ? (size_t)(sep - s) : 0;
    if (sep && hrp == 6 && memcmp(s, "age1pq", 6) == 0) {
        rc = hp_error_set(e, AGE_ERR_KEY,
                          "post-quantum recipients (age1pq1..., mlkem768x25519) are not supported yet: use an "
                          "X25519 (age1...) or ssh-ed25519 recipient");
    } else if (sep && hrp > 4) {
        rc = hp_error_set(e, AGE_ERR_KEY, "age plugin recipients (%.*s1...) are not supported", (int)(hrp > 40 ? 40 : hrp),
                          s);
    } else if (sep) {
        r->kind = K_X25519;
        rc = age_x25519_parse_recipient(s, n, r->pk, e);
    } else if (n > 12 && memcmp(s, "ssh-ed25519 ", 12) == 0) {
        r->kind = K_SSH;
        rc = age_ssh_parse_public(s, n, &r->ssh, e);
    } else if (n > 4 && memcmp(s, "ssh-", 4) == 0) {
        rc = hp_error_set(e, AGE_ERR_KEY, "unsupported SSH key type \"%.*s\": only ssh-ed25519 keys are supported",
                          (int)(memchr(s, ' ', n) ? (const char *)memchr(s, ' ', n) - s : (long)(n > 40 ? 40 : n)), s);
    } else {
        rc = hp_error_set(e, AGE_ERR_KEY, "unknown recipient \"%.*s\" (want age1... or ssh-ed25519 ...)",
                          (int)(n > 70 ? 70 : n), s);
    }
    if (rc < 0) {
        sodium_free(r);
        return -1;
    }
    push_recipient(rs, r);
    return 0;
}

int age_recipients_add(struct age_recipients *rs, const char *recipient, struct hp_error *e)
{
    return add_recipient(rs, recipient, strlen(recipient), e);
}

int age_recipients_add_text(struct age_recipients *rs, const char *text, size_t len, const char *source,
                            struct hp_error *e)
{
    size_t lineno = 0;
    const char *p = text, *end = text + len;
    while (p < end) {
        const char *nl = memchr(p, '\n', (size_t)(end - p));
        const char *le = nl ? nl : end;
        lineno++;
        const char *s = p;
        while (s < le && (*s == ' ' || *s == '\t' || *s == '\r'))
            s++;
        if (s < le && *s != '#' && add_recipient(rs, p, (size_t)(le - p), e) < 0) {
            hp_error_prefix(e, "%s: line %zu", source, lineno);
            return -1;
        }
        p = nl ? nl + 1 : end;
    }
    return 0;
}

void age_recipients_set_scrypt_work_factor(struct age_recipients *rs, int log_n)
{
    if (log_n >= 1 && log_n <= AGE_SCRYPT_MAX_LOG_N)
        rs->log_n = log_n;
}

int age_recipients_add_passphrase(struct age_recipients *rs, const char *pass, size_t len, struct hp_error *e)
{
    if (len == 0)
        return hp_error_set(e, AGE_ERR_KEY, "empty passphrase");
    struct age_recipient *r = guarded(sizeof *r + len + 1);
    r->kind = K_PASS;
    r->log_n = rs->log_n ? rs->log_n : AGE_SCRYPT_LOG_N;
    memcpy(r->pass, pass, len);
    r->passlen = len;
    push_recipient(rs, r);
    return 0;
}

int age_recipients_wrap(const struct age_recipients *rs, struct age_header *h, const unsigned char file_key[16],
                        struct hp_error *e)
{
    if (rs->n == 0)
        return hp_error_set(e, AGE_ERR_KEY, "no recipients");
    for (size_t i = 0; i < rs->n; i++) {
        const struct age_recipient *r = rs->v[i];
        if (r->kind == K_PASS && rs->n != 1)
            return hp_error_set(e, AGE_ERR_KEY, "a passphrase cannot be combined with other recipients");
        int rc = 0;
        if (r->kind == K_X25519)
            age_x25519_wrap(h, r->pk, file_key);
        else if (r->kind == K_SSH)
            rc = age_ssh_wrap(h, &r->ssh, file_key, e);
        else
            rc = age_scrypt_wrap(h, r->pass, r->passlen, r->log_n, file_key, e);
        if (rc < 0)
            return -1;
    }
    return 0;
}

bool age_looks_like_age(const unsigned char *data, size_t len)
{
    static const char intro[] = AGE_INTRO "\n";
    if (len >= sizeof intro - 1 && memcmp(data, intro, sizeof intro - 1) == 0)
        return true;
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    static const char begin[] = "-----BEGIN AGE ENCRYPTED FILE-----";
    return len - i >= sizeof begin - 1 && memcmp(data + i, begin, sizeof begin - 1) == 0;
}

int age_encrypt_mem(const struct age_recipients *rs, const unsigned char *pt, size_t ptlen, bool armor,
                    struct hp_buf *out, struct hp_error *e)
{
    struct age_mem m = {pt, ptlen, 0};
    return age_encrypt_stream(rs, age_src_mem(&m), armor, age_sink_buf(out), e);
}

int age_decrypt_mem(const struct age_identities *ids, const unsigned char *ct, size_t ctlen,
                    struct hp_secbuf *out, struct hp_error *e)
{
    struct age_mem m = {ct, ctlen, 0};
    size_t start = out->len;
    hp_secbuf_reserve(out, ctlen); /* the plaintext is shorter than the file: one allocation */
    /* The const contract: decryption never changes the set, except that a prompt may add a
     * passphrase identity, which only the streaming API's non-const callers enable. */
    int rc = age_decrypt_stream((struct age_identities *)ids, age_src_mem(&m), AGE_INPUT_AUTO, age_sink_secbuf(out), e);
    if (rc < 0 && out->data) {
        /* Whole-buffer callers get all or nothing. */
        sodium_memzero(out->data + start, out->len - start);
        out->len = start;
    }
    return rc;
}
