/* Decrypting the secrets chart's inputs (see include/secrets/decrypt.h). */
#include <string.h>

#include "hp/file.h"
#include "keys/keys.h"
#include "secrets/decrypt.h"
#include "sops/sops.h"

static bool looks_like_sops(const unsigned char *data, size_t len)
{
    return sops_is_encrypted(data, len);
}

enum secrets_input_kind secrets_classify(const char *path, const unsigned char *data, size_t len)
{
    if (hp_str_has_suffix(path, ".age") || age_looks_like_age(data, len))
        return SECRETS_AGE;
    if (looks_like_sops(data, len))
        return SECRETS_SOPS;
    return SECRETS_PLAIN;
}

static int keyring_load(struct secrets_keyring *kr, const char *path, struct hp_error *e)
{
    if (!kr->ids) {
        kr->ids = age_identities_new();
        if (keys_load_identities(kr->ids, &kr->files, e) < 0) {
            age_identities_free(kr->ids); /* a later file tries again, and fails the same way */
            kr->ids = NULL;
            return -1;
        }
    }
    /* checked every time: the keyring is shared by every file of a run */
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
        if (age_decrypt_mem(kr->ids, data, len, out, e) < 0) {
            hp_error_prefix(e, "%s", path);
            return -1;
        }
        return 0;
    }
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

/* A SOPS document straight into its tree: the values are decrypted in the tree's guarded
 * arena, and libyaml/cJSON only ever see the ciphertext. */
static int sops_into_tree(struct secrets_keyring *kr, const char *path, const unsigned char *data, size_t len,
                          struct sops_doc *doc, struct hp_error *e)
{
    unsigned char *key = hp_secmem_alloc(SOPS_KEY_LEN); /* the data key: guarded memory, wiped when freed */
    enum sops_format fmt = sops_format_pick_encrypted(path, SOPS_FMT_AUTO, data, len);
    int rc = -1;
    if (sops_doc_load_encrypted(doc, data, len, fmt, e) == 0 && sops_datakey_open(&doc->meta, kr->ids, key, e) == 0 &&
        sops_doc_decrypt(doc, key, false, e) == 0)
        rc = 0;
    hp_secmem_free(key);
    if (rc < 0)
        hp_error_prefix(e, "%s", path);
    return rc;
}

int secrets_read_tree(struct secrets_keyring *kr, const char *path, struct sops_doc *doc, struct hp_error *e)
{
    struct hp_secbuf raw = {0}, plain = {0};
    memset(doc, 0, sizeof *doc);
    sops_tree_init(&doc->tree);
    if (hp_file_read_secret(path, &raw, e) < 0)
        return -1;
    const unsigned char *data = raw.data ? raw.data : (const unsigned char *)"";
    enum secrets_input_kind kind = secrets_classify(path, data, raw.len);
    int rc = kind == SECRETS_PLAIN ? 0 : keyring_load(kr, path, e);
    if (rc == 0 && kind == SECRETS_SOPS) {
        sops_tree_free(&doc->tree);
        rc = sops_into_tree(kr, path, data, raw.len, doc, e);
    } else if (rc == 0) {
        /* plain text (already so on disk) or an age file's plaintext: parsed by the YAML store,
         * which wipes what libyaml held */
        if (kind == SECRETS_AGE && (rc = age_decrypt_mem(kr->ids, data, raw.len, &plain, e)) < 0)
            hp_error_prefix(e, "%s", path);
        const struct hp_secbuf *text = kind == SECRETS_AGE ? &plain : &raw;
        if (rc == 0) {
            sops_tree_free(&doc->tree);
            rc = sops_doc_load_plain(doc, text->data ? text->data : (const unsigned char *)"", text->len,
                                     SOPS_FMT_YAML, e);
            if (rc < 0)
                hp_error_prefix(e, "%s", path);
        }
    }
    hp_secbuf_free(&plain);
    hp_secbuf_free(&raw);
    return rc;
}

void secrets_keyring_free(struct secrets_keyring *kr)
{
    if (kr->ids)
        age_identities_free(kr->ids);
    kr->ids = NULL;
    hp_strlist_free(&kr->files);
}
