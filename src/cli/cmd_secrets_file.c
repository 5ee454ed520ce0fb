/* helm panda secrets edit / view / rotate / updatekeys: whole-file operations on SOPS
 * documents. Every rewrite goes through a temporary file and a rename; edit's plaintext copy
 * lives in a private folder (0700, on tmpfs when there is one) and is wiped whatever happens. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <sodium.h>

#include "cli/cmd.h"
#include "cli/deploy_flags.h"
#include "cli/opts.h"
#include "cli/secrets_cmd_sops.h"
#include "hp/file.h"
#include "keys/keys.h"
#include "keys/recipients.h"
#include "secrets/editfile.h"
#include "sops/config.h"
#include "sops/store.h"

/* ---- shared: identities and an opened (decrypted) document ---- */

struct opened {
    struct sops_doc d;
    struct sops_iv_stash stash;
    bool loaded;
    unsigned char *key; /* the data key: guarded memory */
    mode_t mode;
};

static void opened_free(struct opened *o)
{
    hp_secmem_free(o->key);
    o->key = NULL;
    sops_iv_stash_free(&o->stash);
    if (o->loaded)
        sops_doc_free(&o->d);
    o->loaded = false;
}

/* Reads, opens the data key and (when decrypt) decrypts path. Prints the error itself. */
static int open_file(const char *path, const struct hp_strlist *idfiles, bool decrypt, bool ignore_mac,
                     bool stash, struct opened *o)
{
    memset(o, 0, sizeof *o);
    o->key = hp_secmem_alloc(SOPS_KEY_LEN);
    struct hp_error e = {0};
    struct hp_buf raw = {0};
    struct age_identities *ids = age_identities_new();
    int rc = -1;
    struct stat st;
    o->mode = stat(path, &st) == 0 ? (st.st_mode & 07777) : 0644;
    if (hp_file_read(path, &raw, &e) != 0) {
        hp_errorf("%s", e.msg);
        goto out;
    }
    if (keys_load_identities(ids, idfiles, &e) != 0) {
        hp_errorf("%s", e.msg);
        goto out;
    }
    o->loaded = true;
    enum sops_format fmt = sops_format_pick_encrypted(path, SOPS_FMT_AUTO, raw.data, raw.len);
    int lr = sops_doc_load_encrypted(&o->d, raw.data ? raw.data : (const unsigned char *)"", raw.len, fmt, &e);
    if (stash)
        o->d.stash = &o->stash;
    if (lr != 0 || sops_datakey_open(&o->d.meta, ids, o->key, &e) != 0 ||
        (decrypt && sops_doc_decrypt(&o->d, o->key, ignore_mac, &e) != 0)) {
        if (e.kind == SOPS_ERR_NO_KEY && age_identities_count(ids) == 0)
            hp_errorf("%s: %s (no identities found: give --identity FILE or set SOPS_AGE_KEY_FILE)", path, e.msg);
        else
            hp_errorf("%s: %s", path, e.msg);
        goto out;
    }
    rc = 0;
out:
    age_identities_free(ids);
    hp_buf_free(&raw);
    if (rc != 0)
        opened_free(o);
    return rc;
}

static int write_encrypted(const char *path, struct sops_doc *d, bool keep_other, mode_t mode)
{
    struct hp_buf enc = {0};
    struct hp_error e = {0};
    sops_doc_emit_encrypted(d, keep_other, &enc);
    int rc = hp_file_write_atomic(path, enc.data, enc.len, mode, &e);
    hp_buf_free(&enc);
    if (rc != 0)
        hp_errorf("%s", e.msg);
    return rc;
}

/* The age recipients the file's data key is sealed for now (sops.age[]), appended to out. */
static void sealed_recipients(const struct sops_meta *meta, struct hp_strlist *out)
{
    for (size_t i = 0; i < meta->nage; i++)
        hp_strlist_push(out, meta->age[i].recipient);
}

/* --identity FILE, which every command here takes. */
static struct hp_opt identity_opt(struct hp_strlist *idfiles)
{
    return deploy_flag(DEPLOY_FLAG_IDENTITY, idfiles);
}

/* Parses the common flags and the one FILE; returns HP_OPTS_GO_ON to continue, or an exit code. */
static int parse(const struct hp_cmdinfo *ci, const struct hp_opt *opts, int argc, char **argv, struct hp_strlist *pos)
{
    int rc = hp_opts_command(ci, opts, argc, argv, pos, NULL);
    if (rc != HP_OPTS_GO_ON)
        return rc;
    if (pos->n != 1)
        return hp_usage_error(ci, pos->n ? "exactly one FILE is allowed" : "missing FILE");
    return HP_OPTS_GO_ON;
}

/* ---- view ---- */

int cmd_secrets_view(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    const char *key = NULL;
    bool ignore_mac = false;
    struct hp_strlist idfiles = {0}, pos = {0};
    static const struct hp_cmdinfo ci = {
        "helm panda secrets view", "[--key PATH] [--identity FILE]... FILE",
        "Print the plaintext of a SOPS file, or one value of it.",
        "PATH is a dotted key path (panda.database.password; list items by index: auth.oidc.clients.0.client_id)\n"
        "or sops' --extract form ([\"auth\"][\"oidc\"][\"clients\"][0]). Strings print bare; maps and lists print in\n"
        "the file's own format. The MAC is verified first.",
        false};
    const struct hp_opt opts[] = {
        {HP_OPT_STRING, 0, "key", &key, "PATH", "print only the value at PATH"},
        identity_opt(&idfiles),
        {HP_OPT_BOOL, 0, "ignore-mac", &ignore_mac, NULL, "show the file even if its MAC does not match"},
        {0},
    };
    int rc = parse(&ci, opts, argc, argv, &pos);
    if (rc == HP_OPTS_GO_ON) {
        struct opened o;
        rc = HP_EXIT_FAIL;
        if (open_file(pos.v[0], &idfiles, true, ignore_mac, false, &o) == 0) {
            struct hp_secbuf out = {0};
            struct hp_error e = {0};
            if ((key ? sops_doc_extract(&o.d, key, &out, &e) : sops_doc_emit_plain(&o.d, &out, &e)) != 0)
                hp_errorf("%s: %s", pos.v[0], e.msg);
            else if (hp_fd_write_all(STDOUT_FILENO, out.data, out.len) != 0 ||
                     (key && out.len && out.data[out.len - 1] != '\n' && isatty(STDOUT_FILENO) &&
                      hp_fd_write_all(STDOUT_FILENO, "\n", 1) != 0))
                hp_errorf("stdout: %s", strerror(errno));
            else
                rc = HP_EXIT_OK;
            hp_secbuf_free(&out);
            opened_free(&o);
        }
    }
    hp_strlist_free(&idfiles);
    hp_strlist_free(&pos);
    return rc;
}

/* ---- rotate ---- */

int cmd_secrets_rotate(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    struct hp_strlist idfiles = {0}, pos = {0};
    bool in_place = false;
    static const struct hp_cmdinfo ci = {
        "helm panda secrets rotate", "[-i] [--identity FILE]... FILE",
        "Re-encrypt a SOPS file with a new data key, for the same age recipients.",
        "Every value is decrypted (MAC verified) and encrypted again under a fresh random data key;\n"
        "the result goes to stdout, or with -i replaces FILE atomically. Non-age master keys (pgp, kms, ...) cannot receive the new key\n"
        "and are dropped with a warning.",
        false};
    const struct hp_opt opts[] = {
        {HP_OPT_BOOL, 'i', "in-place", &in_place, NULL, "replace FILE (temporary file + rename)"},
        identity_opt(&idfiles),
        {0},
    };
    int rc = parse(&ci, opts, argc, argv, &pos);
    if (rc == HP_OPTS_GO_ON) {
        struct opened o;
        rc = HP_EXIT_FAIL;
        if (open_file(pos.v[0], &idfiles, true, false, false, &o) == 0) {
            struct hp_strlist recips = {0};
            struct hp_error e = {0};
            sealed_recipients(&o.d.meta, &recips);
            if (o.d.meta.other_keys)
                hp_warnf("%s: pgp/kms/vault master keys cannot receive the new data key and are dropped", pos.v[0]);
            randombytes_buf(o.key, SOPS_KEY_LEN);
            if (sops_datakey_seal(&o.d.meta, &recips, o.key, &e) != 0 || sops_doc_encrypt(&o.d, o.key, &e) != 0)
                hp_errorf("%s: %s", pos.v[0], e.msg);
            else if (write_encrypted(in_place ? pos.v[0] : "-", &o.d, false, o.mode) == 0)
                rc = HP_EXIT_OK;
            hp_strlist_free(&recips);
            opened_free(&o);
        }
    }
    hp_strlist_free(&idfiles);
    hp_strlist_free(&pos);
    return rc;
}

/* ---- updatekeys ---- */

int cmd_secrets_updatekeys(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    struct hp_strlist idfiles = {0}, pos = {0};
    bool yes = false;
    static const struct hp_cmdinfo ci = {
        "helm panda secrets updatekeys", "[--identity FILE]... FILE",
        "Give a SOPS file's data key to the age recipients its .sops.yaml rule names now.",
        "The data key is opened with your identity and encrypted for exactly the recipients of the\n"
        "first matching creation_rules entry; values, MAC and lastmodified stay as they are. The\n"
        "changes are listed on stderr.",
        false};
    const struct hp_opt opts[] = {
        identity_opt(&idfiles),
        {HP_OPT_BOOL, 'y', "yes", &yes, NULL, "accepted for sops compatibility (no prompt is ever shown)"},
        {0},
    };
    int rc = parse(&ci, opts, argc, argv, &pos);
    if (rc == HP_OPTS_GO_ON) {
        struct opened o;
        struct sops_rule rule;
        bool found = false;
        struct hp_error e = {0};
        rc = HP_EXIT_FAIL;
        if (sops_config_find_rule(pos.v[0], &rule, &found, &e) != 0) {
            hp_errorf("%s", e.msg);
        } else if (!found || rule.age.n == 0) {
            hp_errorf("%s: no .sops.yaml creation rule with age recipients matches this file", pos.v[0]);
        } else if (open_file(pos.v[0], &idfiles, false, false, false, &o) == 0) {
            struct hp_strlist have = {0};
            sealed_recipients(&o.d.meta, &have);
            bool same = have.n == rule.age.n;
            for (size_t i = 0; i < rule.age.n; i++)
                if (!hp_strlist_contains(&have, rule.age.v[i])) {
                    fprintf(stderr, "+++ %s\n", rule.age.v[i]);
                    same = false;
                }
            for (size_t i = 0; i < have.n; i++)
                if (!hp_strlist_contains(&rule.age, have.v[i])) {
                    fprintf(stderr, "--- %s\n", have.v[i]);
                    same = false;
                }
            if (same) {
                fprintf(stderr, "%s: already up to date\n", pos.v[0]);
                rc = HP_EXIT_OK;
            } else if (sops_datakey_seal(&o.d.meta, &rule.age, o.key, &e) != 0) {
                hp_errorf("%s: %s", pos.v[0], e.msg);
            } else if (write_encrypted(pos.v[0], &o.d, true, o.mode) == 0) {
                fprintf(stderr, "%s: data key updated for %zu recipient(s)\n", pos.v[0], rule.age.n);
                rc = HP_EXIT_OK;
            }
            hp_strlist_free(&have);
            opened_free(&o);
        }
        sops_rule_free(&rule);
    }
    hp_strlist_free(&idfiles);
    hp_strlist_free(&pos);
    return rc;
}

/* ---- edit ---- */

/* A new file's recipients and rule: SOPS_AGE_RECIPIENTS, then .sops.yaml (keys/recipients.h). */
static int new_doc_meta(const char *path, struct sops_doc *d, const unsigned char key[SOPS_KEY_LEN])
{
    struct sops_rule r;
    struct hp_error e = {0};
    int rc = -1;
    if (keys_recipients_for(path, NULL, NULL, &r, &e) != 0) {
        hp_errorf("%s", e.msg);
        goto out;
    }
    if (r.age.n == 0) {
        hp_errorf("%s: a new file needs age recipients: set SOPS_AGE_RECIPIENTS or add a .sops.yaml creation rule", path);
        goto out;
    }
    sops_select_copy(&d->meta.sel, &r.sel);
    if (sops_datakey_seal(&d->meta, &r.age, key, &e) != 0) {
        hp_errorf("%s: %s", path, e.msg);
        goto out;
    }
    rc = 0;
out:
    sops_rule_free(&r);
    return rc;
}

/* The plaintext to edit: the decrypted file, or a new file's empty document (with a fresh
 * data key). Prints the error itself. */
static int edit_start(const char *path, bool exists, const struct hp_strlist *idfiles, bool ignore_mac,
                      struct opened *o, struct hp_secbuf *before)
{
    if (!exists) {
        memset(o, 0, sizeof *o);
        o->mode = 0644;
        o->key = hp_secmem_alloc(SOPS_KEY_LEN);
        randombytes_buf(o->key, SOPS_KEY_LEN);
        const char *empty = sops_store_for(sops_format_for_path(path))->empty;
        hp_secbuf_append(before, empty, strlen(empty));
        return 0;
    }
    if (open_file(path, idfiles, true, ignore_mac, true, o) != 0)
        return -1;
    struct hp_error e = {0};
    if (sops_doc_emit_plain(&o->d, before, &e) != 0) {
        hp_errorf("%s: %s", path, e.msg);
        return -1;
    }
    return 0;
}

/* The edited text encrypted with the same data key (an existing file keeps its recipients, rule
 * and the ciphertext of unchanged values) and written over path. */
static int edit_save(const char *path, bool exists, struct opened *o, const struct hp_secbuf *after)
{
    struct hp_error e = {0};
    struct sops_doc nd;
    enum sops_format fmt = sops_format_for_path(path);
    int rc = -1;
    if (sops_doc_load_plain(&nd, after->data ? after->data : (const unsigned char *)"", after->len, fmt, &e) != 0) {
        hp_errorf("%s: the edited text is not valid (%s); nothing was written", path, e.msg);
        goto out;
    }
    if (exists) {
        nd.meta = o->d.meta; /* same recipients, rule and foreign master keys */
        nd.stash = &o->stash; /* unchanged values keep their ciphertext */
        memset(&o->d.meta, 0, sizeof o->d.meta);
    } else if (new_doc_meta(path, &nd, o->key) != 0) {
        goto out;
    }
    if (sops_doc_encrypt(&nd, o->key, &e) != 0)
        hp_errorf("%s: %s", path, e.msg);
    else if (write_encrypted(path, &nd, true, o->mode) == 0)
        rc = 0;
out:
    sops_doc_free(&nd);
    return rc;
}

int cmd_secrets_edit(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    struct hp_strlist idfiles = {0}, pos = {0};
    bool ignore_mac = false;
    static const struct hp_cmdinfo ci = {
        "helm panda secrets edit", "[--identity FILE]... FILE",
        "Edit a SOPS file in $EDITOR; a file that does not exist yet is created.",
        "The plaintext goes to a private file (0600, in a 0700 folder on a tmpfs when there is one),\n"
        "$EDITOR runs on it, and the result is encrypted again with the same data key and written\n"
        "atomically. The private file is overwritten and removed whatever happens (editor failure,\n"
        "Ctrl-C, SIGTERM). A new file gets its recipients from SOPS_AGE_RECIPIENTS or .sops.yaml.",
        false};
    const struct hp_opt opts[] = {
        identity_opt(&idfiles),
        {HP_OPT_BOOL, 0, "ignore-mac", &ignore_mac, NULL, "edit even if the MAC does not match"},
        {0},
    };
    int rc = parse(&ci, opts, argc, argv, &pos);
    if (rc != HP_OPTS_GO_ON)
        goto done;
    rc = HP_EXIT_FAIL;
    const char *path = pos.v[0];
    struct opened o;
    struct hp_secbuf before = {0}, after = {0};
    bool exists = hp_path_exists(path);
    if (edit_start(path, exists, &idfiles, ignore_mac, &o, &before) != 0)
        goto out;
    struct hp_error e = {0};
    if (secrets_editfile_edit(path, before.data, before.len, &after, &e) != 0) {
        hp_errorf("%s", e.msg); /* the editor failed or its result cannot be read: nothing written */
    } else if (exists && after.len == before.len &&
               (after.len == 0 || sodium_memcmp(after.data, before.data, after.len) == 0)) {
        fprintf(stderr, "%s: file has not changed, nothing written\n", path);
        rc = HP_EXIT_OK;
    } else if (edit_save(path, exists, &o, &after) == 0) {
        rc = HP_EXIT_OK;
    }
out:
    hp_secbuf_free(&before);
    hp_secbuf_free(&after);
    opened_free(&o);
done:
    hp_strlist_free(&idfiles);
    hp_strlist_free(&pos);
    return rc;
}
