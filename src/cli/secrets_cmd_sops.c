/* SOPS decrypt and encrypt for the secrets commands: read, transform in guarded memory,
 * write once (stdout, or a temporary file renamed over the target) so that a failure never
 * leaves a half-written or plaintext file behind. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/secrets_cmd_sops.h"
#include "hp/file.h"
#include "keys/recipients.h"
#include "sops/store.h"

int secrets_cmd_sops_format(const char *s, enum sops_format *f)
{
    if (!s || !strcmp(s, "auto") || !strcmp(s, "sops")) {
        *f = SOPS_FMT_AUTO;
        return 0;
    }
    const struct sops_store *st = sops_store_named(s);
    if (!st)
        return -1;
    *f = st->format;
    return 0;
}

/* The mode an in-place rewrite keeps (the file's own), else `dflt`. */
static mode_t mode_of(const char *path, mode_t dflt)
{
    struct stat st;
    return path && stat(path, &st) == 0 ? (st.st_mode & 07777) : dflt;
}

int secrets_cmd_sops_decrypt(const char *name, const unsigned char *data, size_t len, const struct age_identities *ids,
                     const struct secrets_cmd_sops_decrypt_opts *o)
{
    const char *path = strcmp(name, "stdin") == 0 ? "-" : name;
    struct sops_doc d;
    struct hp_error e = {0};
    unsigned char *key = hp_secmem_alloc(SOPS_KEY_LEN);
    struct hp_secbuf out = {0};
    int rc = HP_EXIT_FAIL;
    enum sops_format fmt = sops_format_pick_encrypted(path, o->in_fmt, data, len);
    if (sops_doc_load_encrypted(&d, data, len, fmt, &e) != 0 || sops_datakey_open(&d.meta, ids, key, &e) != 0 ||
        sops_doc_decrypt(&d, key, o->ignore_mac, &e) != 0 ||
        (d.fmt = o->out_fmt != SOPS_FMT_AUTO ? o->out_fmt : d.fmt, 0) ||
        (o->extract ? sops_doc_extract(&d, o->extract, &out, &e) : sops_doc_emit_plain(&d, &out, &e)) != 0) {
        if (e.kind == SOPS_ERR_NO_KEY && age_identities_count(ids) == 0)
            hp_errorf("%s: %s (no identities found: give --identity FILE or set SOPS_AGE_KEY_FILE)", name, e.msg);
        else
            hp_errorf("%s: %s", name, e.msg);
        goto done;
    }
    const char *target = o->in_place ? path : o->out ? o->out : "-";
    if (o->in_place && !strcmp(path, "-")) {
        hp_errorf("--in-place needs a file, not stdin");
        goto done;
    }
    if (hp_file_write_atomic(target, out.data, out.len, o->in_place ? mode_of(path, 0600) : 0600, &e) != 0) {
        hp_errorf("%s", e.msg);
        goto done;
    }
    rc = HP_EXIT_OK;
done:
    hp_secmem_free(key);
    hp_secbuf_free(&out);
    sops_doc_free(&d);
    return rc;
}

/* Whether `secrets decrypt TARGET` would take the encrypted bytes for another format than fmt
 * (stdout: no name to judge by); says so in one line. */
static bool read_back_differs(const char *target, enum sops_format fmt, const struct hp_buf *enc)
{
    if (strcmp(target, "-") == 0)
        return false;
    enum sops_format back = sops_format_pick_encrypted(target, SOPS_FMT_AUTO, enc->data, enc->len);
    if (back == fmt)
        return false;
    hp_errorf("%s: `helm panda secrets decrypt %s` would read this encrypted %s document back as %s: choose a "
              "name %s",
              target, target, sops_store_for(fmt)->title, sops_store_for(back)->title,
              fmt == SOPS_FMT_BINARY ? "that does not end in .json, .yaml or .yml" : "ending in .json");
    return true;
}

/* The encrypted document to -o, -i's file or stdout, once; the exit code. */
static int write_encrypted(struct sops_doc *d, enum sops_format fmt, const char *path,
                           const struct secrets_cmd_sops_encrypt_opts *o)
{
    struct hp_error e = {0};
    struct hp_buf enc = {0};
    sops_doc_emit_encrypted(d, false, &enc);
    const char *target = o->in_place ? path : o->out ? o->out : "-";
    int rc = HP_EXIT_OK;
    if (read_back_differs(target, fmt, &enc)) {
        rc = HP_EXIT_USAGE;
    } else if (hp_file_write_atomic(target, enc.data, enc.len, o->in_place ? mode_of(path, 0644) : 0644, &e) != 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    }
    hp_buf_free(&enc);
    return rc;
}

int secrets_cmd_sops_encrypt(const char *path, const struct secrets_cmd_sops_encrypt_opts *o)
{
    int rc = HP_EXIT_FAIL;
    struct hp_error e = {0};
    struct hp_secbuf in = {0};
    struct sops_rule recips = {0};
    struct sops_doc d;
    bool doc_loaded = false;
    unsigned char *key = NULL;
    enum sops_format fmt;
    const char *name = strcmp(path, "-") == 0 ? "stdin" : path;
    if (secrets_cmd_sops_format(o->format, &fmt) != 0) {
        hp_errorf("--format: unknown format \"%s\" (age, yaml, json or binary)", o->format);
        return HP_EXIT_USAGE;
    }
    if (o->in_place && !strcmp(path, "-")) {
        hp_errorf("--in-place needs a file, not stdin");
        return HP_EXIT_USAGE;
    }
    if (sops_select_count(&o->sel) > 1) {
        hp_errorf("only one of --unencrypted-suffix, --encrypted-suffix, --unencrypted-regex, --encrypted-regex may be given");
        return HP_EXIT_USAGE;
    }
    /* recipients and the selection: flags, SOPS_AGE_RECIPIENTS, then .sops.yaml */
    if (keys_recipients_for(path, o->recipients, &o->sel, &recips, &e) != 0) {
        hp_errorf("%s", e.msg);
        goto done;
    }
    if (recips.age.n == 0) {
        if (recips.config_path)
            hp_errorf("%s: no age recipients: no creation rule of %s matches it; give -r age1... or set "
                      "SOPS_AGE_RECIPIENTS",
                      name, recips.config_path);
        else
            hp_errorf("%s: no age recipients: give -r age1..., set SOPS_AGE_RECIPIENTS, or add a creation rule "
                      "with age keys to .sops.yaml",
                      name);
        goto done;
    }
    if (hp_file_read_secret(path, &in, &e) != 0) {
        hp_errorf("%s", e.msg);
        goto done;
    }
    fmt = sops_format_pick(path, fmt, in.data, in.len);
    const struct sops_store *store = sops_store_for(fmt);
    if (store && store->load_plain && store->structured && sops_is_encrypted(in.data, in.len)) {
        hp_errorf("%s: the file is already encrypted with sops", name);
        goto done;
    }
    doc_loaded = true;
    if (sops_doc_load_plain(&d, in.data, in.len, fmt, &e) != 0) {
        hp_errorf("%s: %s", name, e.msg);
        goto done;
    }
    sops_select_copy(&d.meta.sel, &recips.sel);
    key = hp_secmem_alloc(SOPS_KEY_LEN);
    randombytes_buf(key, SOPS_KEY_LEN);
    if (sops_datakey_seal(&d.meta, &recips.age, key, &e) != 0 || sops_doc_encrypt(&d, key, &e) != 0) {
        hp_errorf("%s: %s", name, e.msg);
        goto done;
    }
    rc = write_encrypted(&d, fmt, path, o);
done:
    hp_secmem_free(key);
    if (doc_loaded)
        sops_doc_free(&d);
    hp_secbuf_free(&in);
    sops_rule_free(&recips);
    return rc;
}
