/* Decrypting the secrets chart's inputs (see include/secrets/decrypt.h). */
#include <string.h>

#include "hp/file.h"
#include "keys/keys.h"
#include "secrets/decrypt.h"
#include "sops/sops.h"

/* TEMPORARY, until the age and sops branches are merged: these are weak references, so this
 * module links (and reports "not built in") before their implementations exist, and binds to
 * them as soon as they are in the library. Remove these pragmas after the merge. */
#pragma weak sops_is_encrypted
#pragma weak sops_decrypt_mem
#pragma weak age_decrypt_mem
#pragma weak age_looks_like_age
#pragma weak age_identities_new
#pragma weak age_identities_count
#pragma weak age_identities_free
#pragma weak keys_load_identities

static const char age_binary_magic[] = "age-encryption.org/v1\n";
static const char age_armor_magic[] = "-----BEGIN AGE ENCRYPTED FILE-----";

static bool looks_like_age(const unsigned char *data, size_t len)
{
    if (age_looks_like_age)
        return age_looks_like_age(data, len);
    return (len >= sizeof age_binary_magic - 1 && memcmp(data, age_binary_magic, sizeof age_binary_magic - 1) == 0) ||
           (len >= sizeof age_armor_magic - 1 && memcmp(data, age_armor_magic, sizeof age_armor_magic - 1) == 0);
}

/* Without the sops module, a document with a top-level "sops" key must still not reach helm
 * as if it were plaintext: this crude test makes it an error instead. */
static bool looks_like_sops(const unsigned char *data, size_t len)
{
    if (sops_is_encrypted)
        return sops_is_encrypted(data, len);
    return (len >= 5 && memcmp(data, "sops:", 5) == 0) || memmem(data, len, "\nsops:", 6) ||
           memmem(data, len, "\"sops\":", 7);
}

enum secrets_input_kind secrets_classify(const char *path, const unsigned char *data, size_t len)
{
    if (hp_str_has_suffix(path, ".age") || looks_like_age(data, len))
        return SECRETS_AGE;
    if (looks_like_sops(data, len))
        return SECRETS_SOPS;
    return SECRETS_PLAIN;
}

static int keyring_load(struct secrets_keyring *kr, const char *path, struct hp_error *e)
{
    if (kr->ids)
        return 0;
    if (!age_identities_new || !keys_load_identities)
        return hp_error_set(e, SECRETS_ERR_UNSUPPORTED, "%s: this build has no age support", path);
    kr->ids = age_identities_new();
    if (keys_load_identities(kr->ids, &kr->files, e) < 0)
        return -1;
    if (age_identities_count(kr->ids) == 0)
        return hp_error_set(e, SECRETS_ERR_NO_IDENTITY,
                            "%s: encrypted, but no age identity found (set SOPS_AGE_KEY_FILE or SOPS_AGE_KEY, "
                            "or pass --identity)",
                            path);
    return 0;
}

int secrets_decrypt(struct secrets_keyring *kr, const char *path, const unsigned char *data, size_t len,
                    struct hp_secbuf *out, enum secrets_input_kind *kind, struct hp_error *e)
{
    *kind = secrets_classify(path, data, len);
    if (*kind == SECRETS_PLAIN)
        return 0;
    if (keyring_load(kr, path, e) < 0)
        return -1;
    if (*kind == SECRETS_AGE) {
        if (!age_decrypt_mem)
            return hp_error_set(e, SECRETS_ERR_UNSUPPORTED, "%s: this build has no age support", path);
        if (age_decrypt_mem(kr->ids, data, len, out, e) < 0) {
            hp_error_prefix(e, "%s", path);
            return -1;
        }
        return 0;
    }
    if (!sops_decrypt_mem)
        return hp_error_set(e, SECRETS_ERR_UNSUPPORTED, "%s: this build has no SOPS support", path);
    struct sops_decrypt_opts opts = {SOPS_FMT_AUTO, false};
    /* sops_decrypt_mem names the file in its messages itself */
    return sops_decrypt_mem(path, data, len, kr->ids, &opts, out, e);
}

int secrets_read_plaintext(struct secrets_keyring *kr, const char *path, struct hp_secbuf *out,
                           enum secrets_input_kind *kind, struct hp_error *e)
{
    struct hp_secbuf raw = {0};
    if (hp_file_read_secret(path, &raw, e) < 0)
        return -1;
    int rc = secrets_decrypt(kr, path, raw.data ? raw.data : (const unsigned char *)"", raw.len, out, kind, e);
    if (rc == 0 && *kind == SECRETS_PLAIN) {
        hp_secbuf_append(out, raw.data, raw.len);
        hp_secbuf_cstr(out);
    }
    hp_secbuf_free(&raw);
    return rc;
}

void secrets_keyring_free(struct secrets_keyring *kr)
{
    if (kr->ids && age_identities_free)
        age_identities_free(kr->ids);
    kr->ids = NULL;
    hp_strlist_free(&kr->files);
}
