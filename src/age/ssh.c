/* ssh-ed25519 recipients and identities. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "age/errors.h"
#include "age/b64.h"
#include "age/filekey.h"
#include "age/keyset.h"
#include "age/hkdf.h"
#include "age/recipient.h"
#include "age/ssh.h"
#include "age/x25519.h"
#include "hp/util.h"

#define LABEL "age-encryption.org/v1/ssh-ed25519"
#define KEYTYPE "ssh-ed25519"
#define PRIV_BEGIN "-----BEGIN OPENSSH PRIVATE KEY-----"
#define PRIV_END "-----END OPENSSH PRIVATE KEY-----"
#define ED_PK_LEN crypto_sign_ed25519_PUBLICKEYBYTES
#define ED_SK_LEN crypto_sign_ed25519_SECRETKEYBYTES
#define WIRE_KEY_OFF (4 + strlen(KEYTYPE) + 4) /* the public key's offset in the wire form */
_Static_assert(AGE_SSH_WIRE_LEN == 4 + sizeof KEYTYPE - 1 + 4 + ED_PK_LEN, "the wire form is string <type> + string <key>");
#define TAG_LEN 4       /* the stanza's key tag: the first bytes of SHA-256(wire) */

/* SSH wire strings: uint32 big-endian length, then the bytes. */
struct rd {
    const unsigned char *p;
    size_t n;
};

static int rd_u32(struct rd *r, uint32_t *v)
{
    if (r->n < 4)
        return -1;
    *v = (uint32_t)r->p[0] << 24 | (uint32_t)r->p[1] << 16 | (uint32_t)r->p[2] << 8 | r->p[3];
    r->p += 4;
    r->n -= 4;
    return 0;
}

static int rd_str(struct rd *r, const unsigned char **s, size_t *len)
{
    uint32_t l;
    if (rd_u32(r, &l) < 0 || l > r->n)
        return -1;
    *s = r->p;
    *len = l;
    r->p += l;
    r->n -= l;
    return 0;
}

static int rd_str_is(struct rd *r, const char *want)
{
    const unsigned char *s;
    size_t l;
    return rd_str(r, &s, &l) == 0 && l == strlen(want) && memcmp(s, want, l) == 0;
}

/* wire -> pk (wire must be exactly string "ssh-ed25519" + string of 32 bytes). */
static int pub_from_wire(const unsigned char *wire, size_t n, struct age_ssh_pub *pk)
{
    struct rd r = {wire, n};
    const unsigned char *key;
    size_t kl;
    if (n != AGE_SSH_WIRE_LEN || !rd_str_is(&r, KEYTYPE) || rd_str(&r, &key, &kl) < 0 || kl != ED_PK_LEN || r.n != 0)
        return -1;
    memcpy(pk->wire, wire, AGE_SSH_WIRE_LEN);
    return crypto_sign_ed25519_pk_to_curve25519(pk->curve, key) == 0 ? 0 : -1;
}

int age_ssh_parse_public(const char *line, size_t len, struct age_ssh_pub *pk, struct hp_error *e)
{
    const char *sp = memchr(line, ' ', len);
    if (!sp || (size_t)(sp - line) != strlen(KEYTYPE) || memcmp(line, KEYTYPE, strlen(KEYTYPE)) != 0)
        return hp_error_set(e, AGE_ERR_KEY, "not an ssh-ed25519 public key");
    const char *b = sp + 1, *end = line + len;
    const char *bend = memchr(b, ' ', (size_t)(end - b));
    if (!bend)
        bend = end;
    unsigned char wire[128];
    size_t n;
    if (age_b64_decode(wire, sizeof wire, &n, b, (size_t)(bend - b), true) < 0 || pub_from_wire(wire, n, pk) < 0)
        return hp_error_set(e, AGE_ERR_KEY, "malformed ssh-ed25519 public key");
    return 0;
}

int age_ssh_is_private(const char *text, size_t len)
{
    size_t i = 0;
    while (i < len && (text[i] == ' ' || text[i] == '\n' || text[i] == '\r' || text[i] == '\t'))
        i++;
    return len - i >= strlen(PRIV_BEGIN) && memcmp(text + i, PRIV_BEGIN, strlen(PRIV_BEGIN)) == 0;
}

int age_ssh_parse_private(const char *text, size_t len, unsigned char curve_sk[AGE_X25519_LEN], struct age_ssh_pub *pk,
                          struct hp_error *e)
{
    const char *b = memmem(text, len, PRIV_BEGIN, strlen(PRIV_BEGIN));
    if (b)
        b += strlen(PRIV_BEGIN); /* search for END only after BEGIN: their dashes may overlap */
    const char *end = b ? memmem(b, len - (size_t)(b - text), PRIV_END, strlen(PRIV_END)) : NULL;
    if (!b || !end)
        return hp_error_set(e, AGE_ERR_KEY, "not an OpenSSH private key (no BEGIN/END lines)");
    size_t blen = (size_t)(end - b);
    /* The decoded key and the base64 text are secret: both in guarded memory. */
    unsigned char *raw = hp_secmem_alloc(blen + 1);
    char *b64 = hp_secmem_alloc(blen + 1);
    size_t m = 0, n = 0;
    for (size_t i = 0; i < blen; i++)
        if (b[i] != '\n' && b[i] != '\r' && b[i] != ' ' && b[i] != '\t')
            b64[m++] = b[i];
    int rc = -1;
    struct rd r;
    const unsigned char *cipher, *kdf, *kopts, *pub, *priv, *s;
    size_t cl, kl, ol, pl, vl, sl;
    uint32_t nkeys, c1, c2;
    static const char magic[] = "openssh-key-v1";
    if (age_b64_decode(raw, blen + 1, &n, b64, m, true) < 0 || n < sizeof magic ||
        memcmp(raw, magic, sizeof magic) != 0) {
        hp_error_set(e, AGE_ERR_KEY, "malformed OpenSSH private key");
        goto out;
    }
    r = (struct rd){raw + sizeof magic, n - sizeof magic};
    if (rd_str(&r, &cipher, &cl) < 0 || rd_str(&r, &kdf, &kl) < 0 || rd_str(&r, &kopts, &ol) < 0 ||
        rd_u32(&r, &nkeys) < 0) {
        hp_error_set(e, AGE_ERR_KEY, "malformed OpenSSH private key");
        goto out;
    }
    if (cl != 4 || memcmp(cipher, "none", 4) != 0) {
        hp_error_set(e, AGE_ERR_KEY, "passphrase-protected OpenSSH keys are not supported (decrypt it with "
                                     "ssh-keygen -p first, or use an age identity)");
        goto out;
    }
    if (nkeys != 1 || rd_str(&r, &pub, &pl) < 0 || rd_str(&r, &priv, &vl) < 0) {
        hp_error_set(e, AGE_ERR_KEY, "malformed OpenSSH private key (want exactly one key)");
        goto out;
    }
    if (pub_from_wire(pub, pl, pk) < 0) {
        hp_error_set(e, AGE_ERR_KEY, "unsupported OpenSSH private key: only ssh-ed25519 keys can decrypt age files");
        goto out;
    }
    r = (struct rd){priv, vl};
    if (rd_u32(&r, &c1) < 0 || rd_u32(&r, &c2) < 0 || c1 != c2 || !rd_str_is(&r, KEYTYPE) ||
        rd_str(&r, &s, &sl) < 0 || sl != ED_PK_LEN || memcmp(s, pub + WIRE_KEY_OFF, ED_PK_LEN) != 0 || rd_str(&r, &s, &sl) < 0 ||
        sl != ED_SK_LEN || memcmp(s + ED_PK_LEN, pub + WIRE_KEY_OFF, ED_PK_LEN) != 0) {
        hp_error_set(e, AGE_ERR_KEY, "malformed OpenSSH ed25519 private key");
        goto out;
    }
    crypto_sign_ed25519_sk_to_curve25519(curve_sk, s);
    rc = 0;
out:
    hp_secmem_free(raw);
    hp_secmem_free(b64);
    return rc;
}

static void tag_of(const struct age_ssh_pub *pk, unsigned char tag[TAG_LEN])
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, pk->wire, AGE_SSH_WIRE_LEN);
    memcpy(tag, h, TAG_LEN);
}

static void tweak_of(const struct age_ssh_pub *pk, unsigned char tweak[AGE_X25519_LEN])
{
    age_hkdf_sha256(tweak, AGE_X25519_LEN, NULL, 0, pk->wire, AGE_SSH_WIRE_LEN, LABEL);
}

int age_ssh_wrap(struct age_header *h, const struct age_ssh_pub *pk, const unsigned char file_key[AGE_FILE_KEY_LEN],
                 struct hp_error *e)
{
    unsigned char eph[AGE_X25519_LEN], share[AGE_X25519_LEN], point[AGE_X25519_LEN], shared[AGE_X25519_LEN];
    unsigned char tweak[AGE_X25519_LEN], key[AGE_WRAP_KEY_LEN], body[AGE_WRAPPED_LEN], tag[TAG_LEN];
    int rc = 0;
    randombytes_buf(eph, sizeof eph);
    crypto_scalarmult_base(share, eph);
    tweak_of(pk, tweak);
    if (crypto_scalarmult(point, eph, pk->curve) != 0 || crypto_scalarmult(shared, tweak, point) != 0) {
        rc = hp_error_set(e, AGE_ERR_KEY, "ssh-ed25519 recipient is a low-order point");
        goto out;
    }
    age_filekey_wrap_key(key, shared, share, pk->curve, LABEL);
    age_filekey_seal(body, key, file_key);
    tag_of(pk, tag);
    char tag64[AGE_B64_SIZE(TAG_LEN)], share64[AGE_B64_SIZE(AGE_X25519_LEN)];
    age_b64_encode(tag64, tag, TAG_LEN, false);
    age_b64_encode(share64, share, AGE_X25519_LEN, false);
    const char *args[] = {"ssh-ed25519", tag64, share64};
    age_header_add(h, args, 3, body, sizeof body);
out:
    sodium_memzero(eph, sizeof eph);
    sodium_memzero(point, sizeof point);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(key, sizeof key);
    return rc;
}

int age_ssh_unwrap(const struct age_stanza *s, const unsigned char curve_sk[AGE_X25519_LEN], const struct age_ssh_pub *pk,
                   unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_error *e)
{
    if (strcmp(s->args[0], "ssh-ed25519") != 0)
        return 0;
    if (s->nargs != 3)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed ssh-ed25519 stanza: %zu arguments, want 2", s->nargs - 1);
    unsigned char tag[TAG_LEN], mytag[TAG_LEN], share[AGE_X25519_LEN], point[AGE_X25519_LEN], shared[AGE_X25519_LEN];
    unsigned char tweak[AGE_X25519_LEN], key[AGE_WRAP_KEY_LEN];
    size_t n;
    if (age_b64_decode(tag, sizeof tag, &n, s->args[1], strlen(s->args[1]), false) < 0 || n != TAG_LEN)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed ssh-ed25519 stanza: the tag is not 4 bytes");
    if (age_x25519_stanza_share(s, 2, share, "ssh-ed25519", e) < 0)
        return -1;
    tag_of(pk, mytag);
    if (memcmp(tag, mytag, TAG_LEN) != 0)
        return 0; /* a stanza for another key: the tag is public, no need for constant time */
    tweak_of(pk, tweak);
    int low = crypto_scalarmult(point, curve_sk, share) != 0 || crypto_scalarmult(shared, tweak, point) != 0;
    sodium_memzero(point, sizeof point);
    if (low) {
        sodium_memzero(shared, sizeof shared);
        return hp_error_set(e, AGE_ERR_HEADER, "malformed ssh-ed25519 stanza: low-order share");
    }
    age_filekey_wrap_key(key, shared, share, pk->curve, LABEL);
    int rc = age_filekey_open(file_key, key, s->body, s->bodylen);
    sodium_memzero(shared, sizeof shared);
    sodium_memzero(key, sizeof key);
    if (rc < 0)
        return hp_error_set(e, AGE_ERR_HEADER, "malformed ssh-ed25519 stanza: the wrapped file key is %zu bytes",
                            s->bodylen);
    return rc;
}

/* ---- the ssh-ed25519 entry of the recipient type table ---- */

struct ssh_identity {
    unsigned char curve_sk[AGE_X25519_LEN]; /* the Ed25519 key converted to X25519 */
    struct age_ssh_pub pub;
};

static int parse_recipient(const char *s, size_t n, void *rec, struct hp_error *e)
{
    if (n > strlen(KEYTYPE " ") && memcmp(s, KEYTYPE " ", strlen(KEYTYPE " ")) == 0)
        return age_ssh_parse_public(s, n, rec, e);
    const char *sp = memchr(s, ' ', n);
    return hp_error_set(e, AGE_ERR_KEY, "unsupported SSH key type \"%.*s\": only ssh-ed25519 keys are supported",
                        (int)(sp ? sp - s : (long)(n > 40 ? 40 : n)), s);
}

static bool claims_identity_file(const char *text, size_t n)
{
    return age_ssh_is_private(text, n);
}

static int parse_identity_file(const char *text, size_t n, void *rec, struct hp_error *e)
{
    struct ssh_identity *id = rec;
    return age_ssh_parse_private(text, n, id->curve_sk, &id->pub, e);
}

static int wrap(const void *rec, struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN],
                struct hp_error *e)
{
    return age_ssh_wrap(h, rec, file_key, e);
}

static int unwrap(const void *rec, const struct age_stanza *s, unsigned char file_key[AGE_FILE_KEY_LEN],
                  struct hp_error *e)
{
    const struct ssh_identity *id = rec;
    return age_ssh_unwrap(s, id->curve_sk, &id->pub, file_key, e);
}

const struct age_type age_type_ssh = {
    .tag = KEYTYPE,
    .recipient_size = sizeof(struct age_ssh_pub),
    .identity_size = sizeof(struct ssh_identity),
    .recipient_prefix = "ssh-",
    .parse_recipient = parse_recipient,
    .claims_identity_file = claims_identity_file,
    .parse_identity_file = parse_identity_file,
    .wrap = wrap,
    .unwrap = unwrap,
};
