/* X25519 recipients and identities. */
#include <sodium.h>
#include <stdbool.h>
#include <string.h>

#include "age/errors.h"
#include "age/b64.h"
#include "age/bech32.h"
#include "age/filekey.h"
#include "age/keyset.h"
#include "age/recipient.h"
#include "age/x25519.h"
#include "hp/util.h"

#define LABEL "age-encryption.org/v1/X25519"
/* Bech32 decoding room: the prefix ("age", "age-secret-key-") and more data than a key, so
 * that a longer payload is decoded and refused by its length rather than cut. */
#define HRP_MAX 32
#define DATA_MAX (2 * AGE_X25519_LEN)

/* A point of small order (the all-zero key age1qqq...5cu47z, 1, the order-8 points, p-1, ...)
 * sends every scalar to the all-zero shared secret, which crypto_scalarmult refuses (-1): a
 * file "encrypted" to it would be readable by anyone. One multiplication by a fixed non-zero
 * scalar finds every such point, those libsodium lists and any other. */
static bool is_low_order(const unsigned char pk[AGE_X25519_LEN])
{
    static const unsigned char probe[crypto_scalarmult_SCALARBYTES] = {
        0x2a, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x0e, 0x0f,
        0x10, 0x11, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17, 0x18, 0x19, 0x1a, 0x1b, 0x1c, 0x1d, 0x1e, 0x4f};
    unsigned char out[crypto_scalarmult_BYTES];
    bool low = crypto_scalarmult(out, probe, pk) != 0;
    sodium_memzero(out, sizeof out);
    return low;
}

int age_x25519_parse_recipient(const char *s, size_t len, unsigned char pk[AGE_X25519_LEN], struct hp_error *e)
{
    char hrp[HRP_MAX];
    unsigned char data[DATA_MAX];
    size_t n;
    int shown = (int)(len > 80 ? 80 : len);
    if (age_bech32_decode(s, len, hrp, sizeof hrp, data, sizeof data, &n) < 0 || strcmp(hrp, "age") != 0 ||
        n != AGE_X25519_LEN)
        return hp_error_set(e, AGE_ERR_KEY, "malformed X25519 recipient \"%.*s\"", shown, s);
    if (is_low_order(data))
        return hp_error_set(e, AGE_ERR_KEY, "X25519 recipient \"%.*s\": low order point", shown, s);
    memcpy(pk, data, AGE_X25519_LEN);
    return 0;
}

int age_x25519_parse_identity(const char *s, size_t len, unsigned char sk[AGE_X25519_LEN], struct hp_error *e)
{
    char hrp[HRP_MAX];
    unsigned char data[DATA_MAX];
    size_t n;
    int rc = 0;
    /* Identities are written in upper case; refuse the lower-case form as age-keygen does. */
    for (size_t i = 0; i < len; i++)
        if (s[i] >= 'a' && s[i] <= 'z')
            rc = -1;
    if (rc < 0 || age_bech32_decode(s, len, hrp, sizeof hrp, data, sizeof data, &n) < 0 ||
        strcmp(hrp, "age-secret-key-") != 0 || n != AGE_X25519_LEN)
        rc = hp_error_set(e, AGE_ERR_KEY, "malformed X25519 identity (AGE-SECRET-KEY-1...)");
    else
        memcpy(sk, data, AGE_X25519_LEN);
    sodium_memzero(data, sizeof data);
    return rc;
}

void age_x25519_format_recipient(char out[AGE_X25519_RECIPIENT_MAX], const unsigned char pk[AGE_X25519_LEN])
{
    age_bech32_encode(out, AGE_X25519_RECIPIENT_MAX, "age", pk, AGE_X25519_LEN, 0);
}

void age_x25519_format_identity(char out[AGE_X25519_IDENTITY_MAX], const unsigned char sk[AGE_X25519_LEN])
{
    age_bech32_encode(out, AGE_X25519_IDENTITY_MAX, "AGE-SECRET-KEY-", sk, AGE_X25519_LEN, 1);
}

int age_x25519_wrap(struct age_header *h, const unsigned char pk[AGE_X25519_LEN],
                    const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e)
{
    unsigned char eph[AGE_X25519_LEN], share[AGE_X25519_LEN], shared[AGE_X25519_LEN];
    unsigned char key[AGE_WRAP_KEY_LEN], body[AGE_WRAPPED_LEN];
    char share64[AGE_B64_SIZE(AGE_X25519_LEN)];
    randombytes_buf(eph, sizeof eph);
    crypto_scalarmult_base(share, eph);
    /* An all-zero shared secret comes from a low-order pk whatever the scalar: no retry can
     * help (it looped forever here), so fail as age does. Parsing already refuses such keys. */
    if (crypto_scalarmult(shared, eph, pk) != 0) {
        sodium_memzero(eph, sizeof eph);
        return hp_error_set(e, AGE_ERR_KEY, "X25519 recipient: low order point");
    }
    age_filekey_wrap_key(key, shared, share, pk, LABEL);
    age_filekey_seal(body, key, file_key);
    age_b64_encode(share64, share, sizeof share, false);
    const char *args[] = {"X25519", share64};
    age_header_add(h, args, 2, body, sizeof body);
    sodium_memzero(eph, sizeof eph);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(key, sizeof key);
    return 0;
}

int age_x25519_stanza_share(const struct age_stanza *s, size_t argi, unsigned char share[AGE_X25519_LEN],
                            const char *type, struct hp_error *e)
{
    size_t n;
    const char *a = s->args[argi];
    if (age_b64_decode(share, AGE_X25519_LEN, &n, a, strlen(a), false) < 0 || n != AGE_X25519_LEN)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed %s stanza: the share is not 32 bytes of canonical base64",
                            type);
    return 0;
}

int age_x25519_unwrap(const struct age_stanza *s, const unsigned char sk[AGE_X25519_LEN],
                      const unsigned char pk[AGE_X25519_LEN], unsigned char file_key[AGE_FILE_KEY_LEN],
                      struct hp_error *e)
{
    if (strcmp(s->args[0], "X25519") != 0)
        return 0;
    if (s->nargs != 2)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed X25519 stanza: %zu arguments, want 1", s->nargs - 1);
    unsigned char share[AGE_X25519_LEN], shared[AGE_X25519_LEN], key[AGE_WRAP_KEY_LEN];
    if (age_x25519_stanza_share(s, 1, share, "X25519", e) < 0)
        return -1;
    if (crypto_scalarmult(shared, sk, share) != 0)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed X25519 stanza: low-order share (all-zero shared secret)");
    age_filekey_wrap_key(key, shared, share, pk, LABEL);
    int rc = age_filekey_open(file_key, key, s->body, s->bodylen);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(key, sizeof key);
    if (rc < 0)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed X25519 stanza: the wrapped file key is %zu bytes, not %d",
                            s->bodylen, AGE_WRAPPED_LEN);
    return rc;
}

/* ---- the X25519 entry of the recipient type table ---- */

struct x25519_identity {
    unsigned char sk[AGE_X25519_LEN];
    unsigned char pk[AGE_X25519_LEN]; /* sk's public key: the wrap key's salt */
};

static int parse_recipient(const char *s, size_t n, void *rec, struct hp_error *e)
{
    return age_x25519_parse_recipient(s, n, rec, e);
}

static int parse_identity_line(const char *s, size_t n, void *rec, struct hp_error *e)
{
    struct x25519_identity *id = rec;
    if (age_x25519_parse_identity(s, n, id->sk, e) < 0)
        return -1;
    crypto_scalarmult_base(id->pk, id->sk);
    return 0;
}

static int wrap(const void *rec, struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN],
                struct hp_error *e)
{
    return age_x25519_wrap(h, rec, file_key, e);
}

static int unwrap(const void *rec, const struct age_stanza *s, unsigned char file_key[AGE_FILE_KEY_LEN],
                  struct hp_error *e)
{
    const struct x25519_identity *id = rec;
    return age_x25519_unwrap(s, id->sk, id->pk, file_key, e);
}

const struct age_type age_type_x25519 = {
    .tag = "X25519",
    .recipient_size = AGE_X25519_LEN,
    .identity_size = sizeof(struct x25519_identity),
    .recipient_prefix = "age1",
    .parse_recipient = parse_recipient,
    .parse_identity_line = parse_identity_line,
    .wrap = wrap,
    .unwrap = unwrap,
};

void age_identities_generate(struct age_identities *ids, char *recipient, struct hp_secbuf *identity_text)
{
    struct x25519_identity *id = hp_secmem_alloc(sizeof *id);
    randombytes_buf(id->sk, sizeof id->sk);
    crypto_scalarmult_base(id->pk, id->sk);
    age_x25519_format_recipient(recipient, id->pk);
    char *txt = hp_secmem_alloc(AGE_X25519_IDENTITY_MAX);
    age_x25519_format_identity(txt, id->sk);
    hp_secbuf_append(identity_text, txt, strlen(txt));
    hp_secmem_free(txt);
    age_identities_push(ids, &age_type_x25519, id);
}
