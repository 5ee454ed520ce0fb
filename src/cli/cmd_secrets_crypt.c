/* helm panda secrets keygen / encrypt / decrypt. The age paths are here; SOPS documents go
 * through sops_*_command below (the SOPS area fills those in: decrypt detects an age file
 * first and hands everything else to SOPS; encrypt defaults to SOPS unless --format age). */
#include <errno.h>
#include <fcntl.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

#include "age/age.h"
#include "age/armor.h"
#include "age/file.h"
#include "age/x25519.h"
#include "cli/cmd.h"
#include "cli/deploy_flags.h"
#include "cli/opts.h"
#include "cli/secrets_cmd_sops.h"
#include "hp/file.h"
#include "hp/outfile.h"
#include "keys/keygen.h"
#include "keys/keys.h"
#include "keys/passphrase.h"
#include "keys/recipients.h"

/* ---- output: stdout, or OUT written through hp/outfile.h (unnamed until complete) ---- */

struct output {
    bool file;              /* false: stdout */
    struct hp_outfile f;
    int fd;
    struct age_fd afd;
};

/* A symlink at OUT is followed, so the file it points to is the one replaced and the link
 * stays; a device or FIFO (-o /dev/null, a pipe) is written in place. mode is masked by the
 * umask, as open(2) would. */
static int output_open(struct output *o, const char *path, mode_t mode, struct hp_error *e)
{
    memset(o, 0, sizeof *o);
    o->fd = o->afd.fd = STDOUT_FILENO;
    if (!path || strcmp(path, "-") == 0)
        return 0;
    char *real = realpath(path, NULL); /* NULL when path does not exist yet */
    mode_t um = umask(0);
    umask(um);
    int rc = hp_outfile_open(&o->f, real ? real : path, mode & ~um, e);
    free(real);
    if (rc < 0)
        return -1;
    o->file = true;
    o->fd = o->afd.fd = o->f.fd;
    return 0;
}

/* Either OUT takes the finished file (ok) or nothing of it remains, so OUT never holds a
 * partial result. */
static int output_close(struct output *o, bool ok, struct hp_error *e)
{
    if (!o->file)
        return ok ? 0 : -1;
    o->file = false;
    if (!ok) {
        hp_outfile_abort(&o->f);
        return -1;
    }
    return hp_outfile_commit(&o->f, false, e);
}

/* ---- input: a file or stdin, with its first bytes read ahead to tell age from SOPS ---- */

#define PREFIX_MAX 4096

struct input {
    const char *name; /* for messages: the path, or "stdin" */
    int fd;
    unsigned char prefix[PREFIX_MAX];
    size_t plen, ppos;
    struct age_fd afd;
};

static int input_open(struct input *in, const char *path, struct hp_error *e)
{
    memset(in, 0, sizeof *in);
    in->name = strcmp(path, "-") == 0 ? "stdin" : path;
    in->fd = STDIN_FILENO;
    if (strcmp(path, "-") != 0) {
        in->fd = open(path, O_RDONLY | O_CLOEXEC);
        struct stat st;
        if (in->fd < 0)
            return hp_error_set(e, AGE_ERR_IO, "%s: %s", path, strerror(errno));
        if (fstat(in->fd, &st) == 0 && S_ISDIR(st.st_mode)) {
            close(in->fd);
            return hp_error_set(e, AGE_ERR_IO, "%s: is a directory", path);
        }
    }
    in->afd.fd = in->fd;
    return 0;
}

static int input_peek(struct input *in, struct hp_error *e)
{
    while (in->plen < PREFIX_MAX) {
        ssize_t r = read(in->fd, in->prefix + in->plen, PREFIX_MAX - in->plen);
        if (r < 0 && errno == EINTR)
            continue;
        if (r < 0)
            return hp_error_set(e, AGE_ERR_IO, "%s: %s", in->name, strerror(errno));
        if (r == 0)
            break;
        in->plen += (size_t)r;
    }
    return 0;
}

static ssize_t input_read(void *ctx, unsigned char *buf, size_t n, struct hp_error *e)
{
    struct input *in = ctx;
    if (in->ppos < in->plen) {
        size_t take = in->plen - in->ppos < n ? in->plen - in->ppos : n;
        memcpy(buf, in->prefix + in->ppos, take);
        in->ppos += take;
        return (ssize_t)take;
    }
    struct age_src s = age_src_fd(&in->afd);
    return s.read(s.ctx, buf, n, e);
}

static void input_close(struct input *in)
{
    if (in->fd != STDIN_FILENO && in->fd >= 0)
        close(in->fd);
    sodium_memzero(in->prefix, sizeof in->prefix);
}

/* An age file: the binary intro (any version, so a newer one gets a clear error) or armor. */
static bool is_age_input(const struct input *in)
{
    static const char intro[] = "age-encryption.org/";
    return (in->plen >= sizeof intro - 1 && memcmp(in->prefix, intro, sizeof intro - 1) == 0) ||
           age_looks_like_age(in->prefix, in->plen);
}

/* ---- the SOPS side: src/cli/secrets_cmd_sops.c ---- */

/* The whole input (the read-ahead prefix, then the rest) into guarded memory: a SOPS
 * document is parsed whole, and it may hold plaintext (unencrypted keys, or a decrypted copy). */
static int input_read_all(struct input *in, struct hp_secbuf *b, struct hp_error *e)
{
    /* A regular file's size up front: a guarded block of its size (sodium_malloc fills, and
     * sodium_free wipes, the whole block: 64 KiB steps made 128 KiB for a one-key file).
     * Otherwise, and if the file grew, 64 KiB more whenever the block is full. */
    struct stat st;
    if (fstat(in->fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
        hp_secbuf_reserve(b, (size_t)st.st_size + 1);
    for (;;) {
        hp_secbuf_reserve(b, b->cap - b->len > 1 ? 0 : 65536);
        ssize_t r = input_read(in, b->data + b->len, b->cap - b->len - 1, e);
        if (r < 0)
            return -1;
        if (r == 0)
            break;
        b->len += (size_t)r;
    }
    hp_secbuf_cstr(b);
    return 0;
}

static int sops_decrypt_command(struct input *in, struct age_identities *ids, const struct secrets_cmd_sops_decrypt_opts *o)
{
    struct hp_secbuf doc = {0};
    struct hp_error e = {0};
    if (input_read_all(in, &doc, &e) < 0) {
        hp_errorf("%s", e.msg);
        hp_secbuf_free(&doc);
        return HP_EXIT_FAIL;
    }
    int rc = secrets_cmd_sops_decrypt(in->name, doc.data, doc.len, ids, o);
    hp_secbuf_free(&doc);
    return rc;
}

/* ---- recipients files (-R) ---- */

static int add_recipients_file(struct age_recipients *rs, const char *path, struct hp_error *e)
{
    struct keys_recipients_file rf;
    if (keys_recipients_file_read(path, &rf, e) < 0)
        return -1;
    int rc = 0;
    for (size_t j = 0; rc == 0 && j < rf.lines.n; j++)
        if ((rc = age_recipients_add(rs, rf.lines.v[j], e)) < 0)
            hp_error_prefix(e, "%s: line %zu", path, rf.lineno[j]);
    if (rc == 0 && rf.empty)
        rc = hp_error_set(e, AGE_ERR_KEY, "%s: no recipients in the file", path);
    keys_recipients_file_free(&rf);
    return rc;
}

/* ---- one input FILE (encrypt, decrypt) ---- */

/* encrypt and decrypt: after the flags (parsed: hp_opts_command's result), exactly one FILE
 * operand (or -). HP_OPTS_GO_ON, or the exit code. */
static int one_input(const struct hp_cmdinfo *ci, int parsed, const struct hp_strlist *pos)
{
    if (parsed != HP_OPTS_GO_ON)
        return parsed;
    if (pos->n != 1)
        return hp_usage_error(ci, pos->n ? "exactly one input FILE (or -) is allowed" : "missing input FILE (or -)");
    return HP_OPTS_GO_ON;
}

/* ---- keygen ---- */

int cmd_secrets_keygen(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    const char *out = NULL;
    static const struct hp_cmdinfo ci = {
        "helm panda secrets keygen", "[-o FILE]", "Generate a new age identity (X25519), as age-keygen does.",
        "With -o, the identity is written to FILE (mode 0600; an existing FILE is never overwritten) and\n"
        "the public key (age1...) is printed on stdout. Without -o, the identity file goes to stdout and\n"
        "the public key to stderr.",
        false};
    const struct hp_opt opts[] = {
        {HP_OPT_STRING, 'o', "output", &out, "FILE", "write the identity to FILE (mode 0600, never overwritten)"},
        {0},
    };
    struct hp_strlist pos = {0};
    int rc = hp_opts_command(&ci, opts, argc, argv, &pos, NULL);
    if (rc == HP_OPTS_GO_ON && pos.n)
        rc = hp_usage_error(&ci, "unexpected argument \"%s\"", pos.v[0]);
    hp_strlist_free(&pos);
    if (rc != HP_OPTS_GO_ON)
        return rc;

    struct hp_secbuf text = {0};
    struct hp_error e = {0};
    char recipient[AGE_X25519_RECIPIENT_MAX];
    keys_identity_new(&text, recipient);
    rc = HP_EXIT_OK;
    if (!out || strcmp(out, "-") == 0) {
        if (hp_fd_write_all(STDOUT_FILENO, text.data, text.len) < 0) {
            hp_errorf("stdout: %s", strerror(errno));
            rc = HP_EXIT_FAIL;
        } else {
            fprintf(stderr, "Public key: %s\n", recipient);
        }
    } else if (keys_identity_file_write(out, &text, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    } else {
        printf("%s\n", recipient);
    }
    hp_secbuf_free(&text);
    return rc;
}

/* ---- encrypt ---- */

struct encrypt_flags {
    const char *format, *out, *passfile;
    bool armor, in_place;
    struct sops_select sel; /* the selection flags (strings point into argv) */
    struct hp_strlist rcpts, rfiles;
};

/* SOPS: -R files add to the -r recipients; the rest is secrets_cmd_sops.c's. */
static int encrypt_sops(const struct hp_cmdinfo *ci, const char *path, struct encrypt_flags *f)
{
    if (f->in_place && f->out)
        return hp_usage_error(ci, "--in-place and -o exclude each other");
    if (f->passfile || f->armor)
        return hp_usage_error(ci, "--passphrase-file and --armor need --format age");
    for (size_t i = 0; i < f->rfiles.n; i++) {
        struct keys_recipients_file rf;
        struct hp_error e = {0};
        if (keys_recipients_file_read(f->rfiles.v[i], &rf, &e) < 0) {
            hp_errorf("%s", e.msg);
            return HP_EXIT_FAIL;
        }
        for (size_t j = 0; j < rf.lines.n; j++)
            hp_strlist_push(&f->rcpts, rf.lines.v[j]);
        keys_recipients_file_free(&rf);
    }
    struct secrets_cmd_sops_encrypt_opts so = {
        .recipients = &f->rcpts, .out = f->out, .in_place = f->in_place, .format = f->format, .sel = f->sel};
    return secrets_cmd_sops_encrypt(path, &so);
}

/* age: -r, -R and --passphrase-file into rs. Prints the error itself. */
static int collect_age_recipients(const struct encrypt_flags *f, struct age_recipients *rs)
{
    struct hp_error e = {0};
    for (size_t i = 0; i < f->rcpts.n; i++)
        if (age_recipients_add(rs, f->rcpts.v[i], &e) < 0) {
            hp_errorf("-r: %s", e.msg);
            return -1;
        }
    for (size_t i = 0; i < f->rfiles.n; i++)
        if (add_recipients_file(rs, f->rfiles.v[i], &e) < 0) {
            hp_errorf("%s", e.msg);
            return -1;
        }
    if (f->passfile) {
        struct hp_secbuf pass = {0};
        int pr = keys_passphrase_file_read(f->passfile, &pass, &e);
        if (pr == 0)
            pr = age_recipients_add_passphrase(rs, (const char *)pass.data, pass.len, &e);
        hp_secbuf_free(&pass);
        if (pr < 0) {
            hp_errorf("%s", e.msg);
            return -1;
        }
    }
    return 0;
}

/* age: FILE (or stdin) to every recipient; OUT only ever holds a whole encryption. */
static int encrypt_age(const struct hp_cmdinfo *ci, const char *path, const struct encrypt_flags *f)
{
    if (f->in_place || sops_select_count(&f->sel) || f->sel.mac_only_encrypted)
        return hp_usage_error(ci, "-i and the SOPS selection flags do not apply to --format age");
    if (f->rcpts.n + f->rfiles.n == 0 && !f->passfile)
        return hp_usage_error(ci, "no recipients: give -r RECIPIENT, -R FILE or --passphrase-file FILE");
    if (f->passfile && f->rcpts.n + f->rfiles.n)
        return hp_usage_error(ci, "--passphrase-file cannot be combined with -r/-R (age allows a passphrase only alone)");
    int rc = HP_EXIT_FAIL;
    struct age_recipients *rs = age_recipients_new();
    struct hp_error e = {0};
    struct input in;
    struct output o;
    if (collect_age_recipients(f, rs) < 0)
        goto done;
    if (input_open(&in, path, &e) < 0) {
        hp_errorf("%s", e.msg);
        goto done;
    }
    if (output_open(&o, f->out, 0644, &e) < 0) {
        hp_errorf("%s", e.msg);
        input_close(&in);
        goto done;
    }
    int er = age_file_encrypt(rs, age_src_fd(&in.afd), f->armor, age_sink_fd(&o.afd), &e);
    if (er < 0)
        hp_error_prefix(&e, "%s", e.kind == HP_ERR_WRITE ? (f->out ? f->out : "stdout") : in.name);
    if (output_close(&o, er == 0, &e) < 0 || er < 0)
        hp_errorf("%s", e.msg);
    else
        rc = HP_EXIT_OK;
    input_close(&in);
done:
    age_recipients_free(rs);
    return rc;
}

int cmd_secrets_encrypt(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    struct encrypt_flags f = {0};
    struct hp_strlist pos = {0};
    static const struct hp_cmdinfo ci = {
        "helm panda secrets encrypt", "[-r RECIPIENT]... [-i | -o OUT] [flags] FILE|-",
        "Encrypt a file as a SOPS document (default) or, with --format age, as a plain age file.",
        "SOPS (default): the store follows the file name (.yaml/.yml YAML, .json JSON, anything else\n"
        "binary) unless --format yaml|json|binary. Recipients come from -r, else SOPS_AGE_RECIPIENTS,\n"
        "else the first matching creation_rules entry of the nearest .sops.yaml above the file (which\n"
        "also gives unencrypted_suffix, encrypted_regex, ...). Keys ending in _unencrypted stay in clear\n"
        "by default. -i replaces FILE (temporary file + rename); -o writes OUT; otherwise stdout.\n"
        "With --format age, FILE (or stdin) is encrypted to every recipient as an age v1 file.",
        false};
    const struct hp_opt opts[] = {
        {HP_OPT_STRING, 0, "format", &f.format, "FORMAT", "sops (default: store from the file name), yaml, json, binary, or age"},
        {HP_OPT_BOOL, 'i', "in-place", &f.in_place, NULL, "SOPS: replace FILE with its encryption"},
        {HP_OPT_STRING, 0, "unencrypted-suffix", &f.sel.unencrypted_suffix, "SUFFIX", "SOPS: keys ending in SUFFIX stay in clear"},
        {HP_OPT_STRING, 0, "encrypted-suffix", &f.sel.encrypted_suffix, "SUFFIX", "SOPS: only keys ending in SUFFIX are encrypted"},
        {HP_OPT_STRING, 0, "unencrypted-regex", &f.sel.unencrypted_regex, "REGEX", "SOPS: keys matching REGEX stay in clear"},
        {HP_OPT_STRING, 0, "encrypted-regex", &f.sel.encrypted_regex, "REGEX", "SOPS: only keys matching REGEX are encrypted"},
        {HP_OPT_BOOL, 0, "mac-only-encrypted", &f.sel.mac_only_encrypted, NULL, "SOPS: the MAC covers encrypted values only"},
        {HP_OPT_LIST, 'r', "recipient", &f.rcpts, "RECIPIENT", "an age1... key or an \"ssh-ed25519 AAAA...\" line"},
        {HP_OPT_LIST, 'R', "recipients-file", &f.rfiles, "FILE", "a file of recipients, one a line ('#' comments)"},
        {HP_OPT_STRING, 0, "passphrase-file", &f.passfile, "FILE", "encrypt with the passphrase in FILE (scrypt)"},
        {HP_OPT_BOOL, 'a', "armor", &f.armor, NULL, "write ASCII armor (PEM) instead of binary"},
        {HP_OPT_STRING, 'o', "output", &f.out, "FILE", "write to FILE instead of stdout"},
        {0},
    };
    int rc = one_input(&ci, hp_opts_command(&ci, opts, argc, argv, &pos, NULL), &pos);
    if (rc == HP_OPTS_GO_ON)
        rc = !f.format || strcmp(f.format, "age") != 0 ? encrypt_sops(&ci, pos.v[0], &f) : encrypt_age(&ci, pos.v[0], &f);
    hp_strlist_free(&f.rcpts);
    hp_strlist_free(&f.rfiles);
    hp_strlist_free(&pos);
    return rc;
}

/* ---- decrypt ---- */

/* --passphrase-file (else a prompt on the terminal for a passphrase-encrypted file), --identity
 * files and the SOPS places. Prints the error itself. */
static int load_identities(struct age_identities *ids, const char *passfile, const char *name,
                           const struct hp_strlist *idfiles)
{
    struct hp_error e = {0};
    if (passfile) {
        struct hp_secbuf pass = {0};
        int pr = keys_passphrase_file_read(passfile, &pass, &e);
        if (pr == 0)
            pr = age_identities_add_passphrase(ids, (const char *)pass.data, pass.len, &e);
        hp_secbuf_free(&pass);
        if (pr < 0) {
            hp_errorf("%s", e.msg);
            return -1;
        }
    } else {
        age_identities_set_passphrase_prompt(ids, keys_passphrase_prompt, (void *)name);
    }
    if (keys_load_identities(ids, idfiles, &e) < 0) {
        hp_errorf("%s", e.msg);
        return -1;
    }
    return 0;
}

/* An age file to OUT (or stdout); OUT is written only if the whole file decrypts. */
static int decrypt_age(struct input *in, struct age_identities *ids, const char *out)
{
    struct hp_error e = {0};
    struct output o;
    if (output_open(&o, out, 0600, &e) < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_FAIL;
    }
    int dr = age_file_decrypt(ids, (struct age_src){input_read, in}, AGE_INPUT_AUTO, age_sink_fd(&o.afd), &e);
    if (dr < 0) {
        if (e.kind == AGE_ERR_NO_MATCH && age_identities_count(ids) == 0) {
            char msg[HP_ERROR_MSG_MAX];
            snprintf(msg, sizeof msg, "%s", e.msg);
            hp_error_set(&e, AGE_ERR_NO_MATCH, "%s: give --identity FILE or set SOPS_AGE_KEY_FILE", msg);
        }
        hp_error_prefix(&e, "%s", e.kind == HP_ERR_WRITE ? (out ? out : "stdout") : in->name);
    }
    if (output_close(&o, dr == 0, &e) < 0 || dr < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_FAIL;
    }
    return HP_EXIT_OK;
}

/* --input-type and --output-type into so; HP_OPTS_GO_ON or the usage error's exit code. */
static int decrypt_types(const struct hp_cmdinfo *ci, const char *in_type, const char *out_type,
                         struct secrets_cmd_sops_decrypt_opts *so)
{
    if (secrets_cmd_sops_format(in_type, &so->in_fmt) != 0)
        return hp_usage_error(ci, "--input-type: unknown type \"%s\" (yaml, json or binary)", in_type);
    if (secrets_cmd_sops_format(out_type, &so->out_fmt) != 0)
        return hp_usage_error(ci, "--output-type: unknown type \"%s\" (yaml, json or binary)", out_type);
    return HP_OPTS_GO_ON;
}

int cmd_secrets_decrypt(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    const char *out = NULL, *passfile = NULL, *extract = NULL, *in_type = NULL, *out_type = NULL;
    bool in_place = false, ignore_mac = false;
    struct hp_strlist idfiles = {0}, pos = {0};
    static const struct hp_cmdinfo ci = {
        "helm panda secrets decrypt", "[--identity FILE]... [-i | -o OUT] [flags] FILE|-",
        "Decrypt a SOPS document (YAML, JSON, binary) or an age file (binary or armored), told apart by content.",
        "Identities come from --identity files and the SOPS places: SOPS_AGE_KEY, SOPS_AGE_KEY_FILE,\n"
        "SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_FILE, $XDG_CONFIG_HOME/sops/age/keys.txt or\n"
        "~/.config/sops/age/keys.txt. A passphrase-encrypted file asks on the terminal unless\n"
        "--passphrase-file is given. With -o, OUT is written only if the whole file decrypts.\n"
        "SOPS documents: the MAC is verified (a mismatch is refused unless --ignore-mac); --in-place\n"
        "replaces FILE with its plaintext (temporary file + rename). -i is --in-place, as in sops.\n"
        "The SOPS format (YAML, JSON, binary) comes from the content, whatever the name, unless\n"
        "--input-type; the plaintext is written in the same format unless --output-type.",
        false};
    const struct hp_opt opts[] = {
        deploy_flag(DEPLOY_FLAG_IDENTITY, &idfiles),
        {HP_OPT_STRING, 0, "passphrase-file", &passfile, "FILE", "read the passphrase from FILE"},
        {HP_OPT_STRING, 'o', "output", &out, "OUT", "write the plaintext to OUT (mode 0600) instead of stdout"},
        {HP_OPT_BOOL, 'i', "in-place", &in_place, NULL, "SOPS: replace FILE with its plaintext"},
        {HP_OPT_BOOL, 0, "ignore-mac", &ignore_mac, NULL, "SOPS: decrypt even if the MAC does not match"},
        {HP_OPT_STRING, 0, "extract", &extract, "PATH", "SOPS: print only the value at PATH (a.b.0 or [\"a\"][0])"},
        {HP_OPT_STRING, 0, "input-type", &in_type, "TYPE", "SOPS: read FILE as yaml, json or binary (default: by content)"},
        {HP_OPT_STRING, 0, "output-type", &out_type, "TYPE", "SOPS: write the plaintext as yaml, json or binary"},
        {0},
    };
    struct secrets_cmd_sops_decrypt_opts so = {.out = out, .in_place = in_place, .ignore_mac = ignore_mac, .extract = extract};
    int rc = one_input(&ci, hp_opts_command(&ci, opts, argc, argv, &pos, NULL), &pos);
    if (rc == HP_OPTS_GO_ON)
        rc = decrypt_types(&ci, in_type, out_type, &so);
    struct age_identities *ids = NULL;
    struct hp_error e = {0};
    struct input in;
    bool in_open = false;
    if (rc != HP_OPTS_GO_ON)
        goto done;
    rc = HP_EXIT_FAIL;
    if (input_open(&in, pos.v[0], &e) < 0 || (in_open = true, input_peek(&in, &e) < 0)) {
        hp_errorf("%s", e.msg);
        goto done;
    }
    /* The SOPS-only flags would be silently ignored on an age file (-i would print the
     * plaintext to stdout and leave FILE encrypted): refuse them before anything is decrypted. */
    if (is_age_input(&in) && (in_place || extract || ignore_mac || in_type || out_type)) {
        rc = hp_usage_error(&ci, "%s applies to SOPS documents only; %s is an age file",
                            in_place ? "-i/--in-place" : extract ? "--extract" : ignore_mac ? "--ignore-mac"
                                                         : in_type ? "--input-type" : "--output-type",
                            in.name);
        goto done;
    }
    ids = age_identities_new();
    if (load_identities(ids, passfile, in.name, &idfiles) < 0)
        goto done;
    if (is_age_input(&in)) {
        rc = decrypt_age(&in, ids, out);
    } else if (in_place && out) {
        rc = hp_usage_error(&ci, "-i and -o exclude each other");
    } else {
        so.out = out, so.in_place = in_place, so.ignore_mac = ignore_mac, so.extract = extract;
        rc = sops_decrypt_command(&in, ids, &so);
    }
done:
    if (in_open)
        input_close(&in);
    age_identities_free(ids);
    hp_strlist_free(&idfiles);
    hp_strlist_free(&pos);
    return rc;
}
