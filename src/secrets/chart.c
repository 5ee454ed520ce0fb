/* The secrets chart in memory, and its archive (see include/secrets/chart.h). The walk follows
 * helm's LoadDir: lexical order, symlinks followed, directories matched by .helmignore skipped
 * whole, irregular files refused. */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include <archive.h>
#include <archive_entry.h>

#include "hp/file.h"
#include "hp/util.h"
#include "secrets/chart.h"
#include "secrets/cric.h"
#include "secrets/helmignore.h"

/* helm refuses files above this size when loading a chart (MaxDecompressedFileSize) */
#define CHART_MAX_FILE (5u << 20)
#define CHART_MAX_DEPTH 64

static struct chart_file *chart_add(struct chart *c, const char *name)
{
    if (c->n == c->cap) {
        c->cap = c->cap ? c->cap * 2 : 32;
        c->files = hp_xrealloc(c->files, c->cap * sizeof *c->files);
    }
    struct chart_file *f = &c->files[c->n++];
    memset(f, 0, sizeof *f);
    f->name = hp_xstrdup(name);
    return f;
}

const struct chart_file *chart_find(const struct chart *c, const char *name)
{
    for (size_t i = 0; i < c->n; i++)
        if (strcmp(c->files[i].name, name) == 0)
            return &c->files[i];
    return NULL;
}

static int cmp_names(const void *a, const void *b)
{
    return strcmp(*(char *const *)a, *(char *const *)b);
}

/* Which loaded files are decrypted: values.yaml (SOPS only) and everything under files/. */
static bool may_be_encrypted(const char *rel)
{
    return strcmp(rel, "values.yaml") == 0 || hp_str_has_prefix(rel, "files/");
}

static int load_file(struct chart *c, const char *full, const char *rel, struct secrets_keyring *kr,
                     struct hp_error *e)
{
    struct hp_secbuf raw = {0};
    if (hp_file_read_secret(full, &raw, e) < 0)
        return -1;
    const unsigned char *data = raw.data ? raw.data : (const unsigned char *)"";
    struct hp_secbuf plain = {0};
    enum secrets_input_kind kind = SECRETS_PLAIN;
    if (may_be_encrypted(rel)) {
        if (secrets_decrypt(kr, full, data, raw.len, &plain, &kind, e) < 0) {
            hp_secbuf_free(&raw);
            hp_secbuf_free(&plain);
            return -1;
        }
        /* values.yaml is read by helm as values, never as an age blob */
        if (kind == SECRETS_AGE && strcmp(rel, "values.yaml") == 0) {
            hp_secbuf_free(&raw);
            hp_secbuf_free(&plain);
            return hp_error_set(e, HP_ERR_GENERIC, "%s: an age file cannot be the chart's values.yaml (use SOPS)", full);
        }
    }
    char *name = hp_xstrdup(rel);
    if (kind == SECRETS_AGE && hp_str_has_suffix(name, ".age"))
        name[strlen(name) - 4] = 0;
    if (chart_find(c, name)) {
        hp_error_set(e, HP_ERR_GENERIC, "%s: decrypts to %s, which the chart already has", full, name);
        free(name);
        hp_secbuf_free(&raw);
        hp_secbuf_free(&plain);
        return -1;
    }
    struct chart_file *f = chart_add(c, name);
    free(name);
    f->source = kind;
    if (kind == SECRETS_PLAIN) {
        f->data = raw;
        hp_secbuf_free(&plain);
    } else {
        f->data = plain;
        hp_secbuf_free(&raw);
        c->decrypted++;
    }
    return 0;
}

static int walk(struct chart *c, const char *full, const char *rel, int depth, const struct helmignore *hi,
                struct secrets_keyring *kr, struct hp_error *e)
{
    if (depth > CHART_MAX_DEPTH)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: directories nested too deep (a symlink loop?)", full);
    DIR *d = opendir(full);
    if (!d)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: %s", full, strerror(errno));
    struct hp_strlist names = {0};
    struct dirent *de;
    while ((de = readdir(d)))
        if (strcmp(de->d_name, ".") && strcmp(de->d_name, ".."))
            hp_strlist_push(&names, de->d_name);
    closedir(d);
    if (names.n)
        qsort(names.v, names.n, sizeof *names.v, cmp_names);
    int rc = 0;
    for (size_t i = 0; i < names.n && rc == 0; i++) {
        char *fp = hp_path_join(full, names.v[i]);
        char *rp = *rel ? hp_xasprintf("%s/%s", rel, names.v[i]) : hp_xstrdup(names.v[i]);
        struct stat st;
        if (stat(fp, &st) < 0) { /* follows symlinks, as helm does */
            rc = hp_error_set(e, HP_ERR_GENERIC, "%s: %s", fp, strerror(errno));
        } else if (S_ISDIR(st.st_mode)) {
            if (!helmignore_ignores(hi, rp, true))
                rc = walk(c, fp, rp, depth + 1, hi, kr, e);
        } else if (helmignore_ignores(hi, rp, false)) {
            /* left out, as helm leaves it out */
        } else if (!S_ISREG(st.st_mode)) {
            rc = hp_error_set(e, HP_ERR_GENERIC, "%s: cannot load an irregular file (device, socket or fifo) into a chart", fp);
        } else if ((unsigned long long)st.st_size > CHART_MAX_FILE) {
            rc = hp_error_set(e, HP_ERR_GENERIC, "%s: larger than helm's limit for a chart file (5 MiB)", fp);
        } else {
            rc = load_file(c, fp, rp, kr, e);
        }
        free(fp);
        free(rp);
    }
    hp_strlist_free(&names);
    return rc;
}

int chart_load(struct chart *c, const char *dir, struct secrets_keyring *kr, struct hp_error *e)
{
    memset(c, 0, sizeof *c);
    c->dir = hp_xstrdup(dir);
    char *trimmed = hp_xstrdup(dir);
    size_t l = strlen(trimmed);
    while (l > 1 && trimmed[l - 1] == '/')
        trimmed[--l] = 0;
    const char *base = strrchr(trimmed, '/');
    c->name = hp_xstrdup(base ? base + 1 : trimmed);
    free(trimmed);
    if (!*c->name || strcmp(c->name, ".") == 0 || strcmp(c->name, "..") == 0) {
        free(c->name);
        c->name = hp_xstrdup("chart");
    }

    char *chart_yaml = hp_path_join(dir, "Chart.yaml");
    bool has_chart = hp_path_exists(chart_yaml);
    free(chart_yaml);
    if (!has_chart)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: not a chart (no Chart.yaml)", dir);

    char *ignore_path = hp_path_join(dir, ".helmignore");
    struct hp_buf itext = {0};
    struct helmignore *hi = NULL;
    if (hp_path_exists(ignore_path)) {
        if (hp_file_read(ignore_path, &itext, e) == 0)
            hi = helmignore_parse((const char *)itext.data, itext.len, ignore_path, e);
    } else {
        hi = helmignore_parse(NULL, 0, ignore_path, e);
    }
    hp_buf_free(&itext);
    free(ignore_path);
    if (!hi)
        return -1;
    int rc = walk(c, dir, "", 0, hi, kr, e);
    helmignore_free(hi);
    return rc;
}

int chart_check_cric(const struct chart *c, struct hp_error *e)
{
    const char **present = hp_xcalloc(c->n + 1, sizeof *present);
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < c->n && rc == 0; i++) {
        const struct chart_file *f = &c->files[i];
        if (!cric_is_cric_json(f->name))
            continue;
        present[n++] = f->name;
        char *display = hp_path_join(c->dir, f->name);
        rc = cric_check_json(display, f->data.data ? f->data.data : (const unsigned char *)"", f->data.len, e);
        free(display);
    }
    if (rc == 0 && n > 0) {
        char *dir = hp_path_join(c->dir, "files/cric_jsons");
        rc = cric_check_required(present, n, dir, e);
        free(dir);
    }
    free(present);
    return rc;
}

/* libarchive's output goes straight into guarded memory */
static la_ssize_t archive_to_secbuf(struct archive *a, void *ctx, const void *buf, size_t len)
{
    (void)a;
    hp_secbuf_append(ctx, buf, len);
    return (la_ssize_t)len;
}

int chart_write_archive(const struct chart *c, struct hp_secbuf *out, struct hp_error *e)
{
    struct archive *a = archive_write_new();
    if (!a)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: libarchive: out of memory", c->dir);
    int rc = 0;
    /* helm only loads gzip'd chart archives, but this one lives in memory and is read once,
     * at once: the fastest level (deflate's stored blocks) costs a copy, where the default
     * level 6 spent most of our run time squeezing a few MiB of base64 certificates. */
    if (archive_write_add_filter_gzip(a) != ARCHIVE_OK ||
        archive_write_set_filter_option(a, "gzip", "compression-level", "0") != ARCHIVE_OK ||
        archive_write_set_format_pax_restricted(a) != ARCHIVE_OK ||
        archive_write_set_bytes_in_last_block(a, 1) != ARCHIVE_OK ||
        archive_write_open2(a, out, NULL, archive_to_secbuf, NULL, NULL) != ARCHIVE_OK) {
        rc = hp_error_set(e, HP_ERR_GENERIC, "%s: creating the chart archive: %s", c->dir, archive_error_string(a));
        archive_write_free(a);
        return rc;
    }
    /* Stored deflate blocks add ~5 bytes per 64 KiB; a pax header per file, the end blocks:
     * reserve it all at once (guarded memory is costly to grow). */
    size_t estimate = 16384;
    for (size_t i = 0; i < c->n; i++)
        estimate += c->files[i].data.len + c->files[i].data.len / 8192 + 2048;
    hp_secbuf_reserve(out, estimate);
    struct archive_entry *ent = archive_entry_new();
    for (size_t i = 0; i < c->n && rc == 0; i++) {
        const struct chart_file *f = &c->files[i];
        char *path = hp_xasprintf("%s/%s", c->name, f->name);
        archive_entry_clear(ent);
        archive_entry_set_pathname(ent, path);
        archive_entry_set_filetype(ent, AE_IFREG);
        archive_entry_set_perm(ent, 0600);
        archive_entry_set_size(ent, (la_int64_t)f->data.len);
        if (archive_write_header(a, ent) != ARCHIVE_OK ||
            (f->data.len && archive_write_data(a, f->data.data, f->data.len) != (la_ssize_t)f->data.len))
            rc = hp_error_set(e, HP_ERR_GENERIC, "%s: writing %s into the chart archive: %s", c->dir, f->name,
                              archive_error_string(a));
        free(path);
    }
    archive_entry_free(ent);
    if (rc == 0 && archive_write_close(a) != ARCHIVE_OK)
        rc = hp_error_set(e, HP_ERR_GENERIC, "%s: closing the chart archive: %s", c->dir, archive_error_string(a));
    archive_write_free(a);
    return rc;
}

void chart_free(struct chart *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->files[i].name);
        hp_secbuf_free(&c->files[i].data);
    }
    free(c->files);
    free(c->dir);
    free(c->name);
    memset(c, 0, sizeof *c);
}
