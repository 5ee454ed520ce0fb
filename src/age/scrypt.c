/* scrypt stanzas: libsodium's scrypt (crypto_pwhash_scryptsalsa208sha256_ll) with r=8, p=1
 * over the salt "age-encryption.org/v1/scrypt" || 16 random bytes. */
#include <errno.h>
#include <sodium.h>
#include <stdio.h>
#include <string.h>

#include "age/errors.h"
#include "age/b64.h"
#include "age/filekey.h"
#include "age/keyset.h"
#include "age/recipient.h"
#include "age/scrypt.h"
#include "hp/buf.h"

#define LABEL "age-encryption.org/v1/scrypt"
#define SALT_LEN 16 /* the random part of the salt, as age writes it */
#define SCRYPT_R 8
#define SCRYPT_P 1

static int derive(unsigned char key[AGE_WRAP_KEY_LEN], const char *pass, size_t passlen, const unsigned char salt[SALT_LEN],
                  int log_n, struct hp_error *e)
{
    unsigned char full[sizeof LABEL - 1 + SALT_LEN];
    memcpy(full, LABEL, sizeof LABEL - 1);
    memcpy(full + sizeof LABEL - 1, salt, SALT_LEN);
    if (crypto_pwhash_scryptsalsa208sha256_ll((const uint8_t *)pass, passlen, full, sizeof full, (uint64_t)1 << log_n,
                                              SCRYPT_R, SCRYPT_P, key, AGE_WRAP_KEY_LEN) != 0)
        return hp_error_set(e, AGE_ERR_IO, "scrypt with work factor %d failed: %s", log_n, strerror(errno));
    return 0;
}

int age_scrypt_wrap(struct age_header *h, const char *pass, size_t passlen, int log_n,
                    const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e)
{
    unsigned char salt[SALT_LEN], key[AGE_WRAP_KEY_LEN], body[AGE_WRAPPED_LEN];
    randombytes_buf(salt, sizeof salt);
    if (derive(key, pass, passlen, salt, log_n, e) < 0)
        return -1;
    age_filekey_seal(body, key, file_key);
    sodium_memzero(key, sizeof key);
    char salt64[AGE_B64_SIZE(SALT_LEN)], logn[16];
    age_b64_encode(salt64, salt, sizeof salt, false);
    snprintf(logn, sizeof logn, "%d", log_n);
    const char *args[] = {"scrypt", salt64, logn};
    age_header_add(h, args, 3, body, sizeof body);
    return 0;
}

/* The work factor: a decimal without sign or leading zeros, 1..AGE_SCRYPT_MAX_LOG_N. */
static int parse_log_n(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 2 || s[0] < '1' || s[0] > '9')
        return -1;
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return -1;
        v = v * 10 + (s[i] - '0');
    }
    return v;
}

int age_scrypt_unwrap(const struct age_stanza *s, const char *pass, size_t passlen,
                      unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e)
{
    if (strcmp(s->args[0], "scrypt") != 0)
        return 0;
    if (s->nargs != 3)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed scrypt stanza: %zu arguments, want 2", s->nargs - 1);
    unsigned char salt[SALT_LEN], key[AGE_WRAP_KEY_LEN];
    size_t n;
    if (age_b64_decode(salt, sizeof salt, &n, s->args[1], strlen(s->args[1]), false) < 0 || n != SALT_LEN)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed scrypt stanza: the salt is not 16 bytes of canonical base64");
    int log_n = parse_log_n(s->args[2]);
    if (log_n < 0)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed scrypt stanza: work factor \"%.20s\" is not a decimal number",
                            s->args[2]);
    if (log_n > AGE_SCRYPT_MAX_LOG_N)
        return hp_error_set(e, AGE_ERR_HEADER, "scrypt work factor %d is too large (at most %d)", log_n,
                            AGE_SCRYPT_MAX_LOG_N);
    if (s->bodylen != AGE_WRAPPED_LEN)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed scrypt stanza: the wrapped file key is %zu bytes, not %d",
                            s->bodylen, AGE_WRAPPED_LEN);
    if (derive(key, pass, passlen, salt, log_n, e) < 0)
        return -1;
    int rc = age_filekey_open(file_key, key, s->body, s->bodylen);
    sodium_memzero(key, sizeof key);
    return rc;
}

/* ---- the scrypt entry of the recipient type table: passphrases, added by the two
 * functions below (a passphrase has no recipient or identity string) ---- */

struct scrypt_key {
    int log_n; /* recipients only: the work factor to write */
    size_t passlen;
    char pass[];
};

static int wrap(const void *rec, struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN],
                struct hp_error *e)
{
    const struct scrypt_key *k = rec;
    return age_scrypt_wrap(h, k->pass, k->passlen, k->log_n, file_key, e);
}

static int unwrap(const void *rec, const struct age_stanza *s, unsigned char file_key[AGE_FILE_KEY_LEN],
                  struct hp_error *e)
{
    const struct scrypt_key *k = rec;
    return age_scrypt_unwrap(s, k->pass, k->passlen, file_key, e);
}

const struct age_type age_type_scrypt = {
    .tag = "scrypt",
    .passphrase = true,
    .wrap = wrap,
    .unwrap = unwrap,
};

static struct scrypt_key *key_new(const char *pass, size_t len)
{
    struct scrypt_key *k = hp_secmem_alloc(sizeof *k + len + 1);
    memcpy(k->pass, pass, len);
    k->passlen = len;
    return k;
}

int age_identities_add_passphrase(struct age_identities *ids, const char *pass, size_t len, struct hp_error *e)
{
    if (len == 0)
        return hp_error_set(e, AGE_ERR_KEY, "empty passphrase");
    age_identities_push(ids, &age_type_scrypt, key_new(pass, len));
    return 0;
}

int age_recipients_add_passphrase(struct age_recipients *rs, const char *pass, size_t len, struct hp_error *e)
{
    if (len == 0)
        return hp_error_set(e, AGE_ERR_KEY, "empty passphrase");
    struct scrypt_key *k = key_new(pass, len);
    int log_n = age_recipients_scrypt_log_n(rs);
    k->log_n = log_n ? log_n : AGE_SCRYPT_LOG_N;
    age_recipients_push(rs, &age_type_scrypt, k);
    return 0;
}
