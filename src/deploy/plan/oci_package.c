/* Pulled OCI chart packages (see include/deploy/plan/oci_package.h): `helm pull` into a private tmpfs
 * folder, the .tgz read in memory with libarchive, and the set of packages of a run. */
#include <archive.h>
#include <archive_entry.h>
#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <unistd.h>
#include <linux/magic.h>
#include <sodium.h>

#include "deploy/config/errors.h"
#include "deploy/plan/oci_package.h"
#include "deploy/run/runner.h"
#include "hp/file.h"
#include "hp/nameset.h"

static bool safe_values_name(const char *rest)
{
    /* "values/<name>.yaml" directly in values/, no hidden files */
    if (!hp_str_has_prefix(rest, "values/"))
        return false;
    const char *base = rest + 7;
    return *base && *base != '.' && !strchr(base, '/') &&
           (hp_str_has_suffix(base, ".yaml") || hp_str_has_suffix(base, ".yml"));
}

/* An entry's name in the chart as helm's loader sees it (pkg/chart/loader/archive.go): the
 * first folder dropped, whatever it is called, '\' as the separator when the name has one, then
 * path.Clean. What helm refuses we refuse (absolute, outside the chart, no folder), so that
 * "panda/values.yaml", "panda/./values.yaml" and "other/values.yaml" are one file to us as to helm.
 * Returns NULL (out filled) or why the name is refused. */
static const char *chart_path(const char *entry, char *out, size_t size)
{
    char sep = strchr(entry, '\\') ? '\\' : '/';
    const char *rest = strchr(entry, sep);
    if (!rest || strlen(rest) >= size)
        return !rest ? "is outside the chart's folder" : "has too long a name";
    if (rest[1] == sep)
        return "has an absolute path";
    size_t n = 0;
    for (const char *seg = rest + 1; *seg;) {
        const char *end = strchr(seg, sep);
        size_t len = end ? (size_t)(end - seg) : strlen(seg);
        if (len == 2 && seg[0] == '.' && seg[1] == '.') {
            if (n == 0)
                return "refers to the parent folder";
            while (n > 0 && out[--n] != '/')
                ;
        } else if (len && !(len == 1 && seg[0] == '.')) {
            if (n)
                out[n++] = '/';
            memcpy(out + n, seg, len);
            n += len;
        }
        seg += len + (end != NULL);
    }
    out[n] = '\0';
    return n ? NULL : "is outside the chart's folder";
}

struct pkg_reader {
    struct deploy_oci_package *p;
    struct hp_nameset names; /* every file's chart path: a second copy is refused */
    size_t entries;
    int64_t total; /* the inflated size of every file read so far */
};

/* Checks one entry against the limits and for a second copy; sets *keep to its chart path's
 * buffer when the package keeps it (Chart.yaml, values.yaml, values/<name>.yaml). */
static int entry_admit(struct pkg_reader *r, struct archive_entry *ent, const char *path, struct hp_buf **keep,
                       struct hp_error *e)
{
    char name[4096];
    const char *why = chart_path(path, name, sizeof name);
    int64_t size = archive_entry_size(ent);
    *keep = NULL;
    if (++r->entries > DEPLOY_OCI_PKG_MAX_ENTRIES)
        return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package has more than %d entries", DEPLOY_OCI_PKG_MAX_ENTRIES);
    if (archive_entry_filetype(ent) != AE_IFREG)
        return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package: '%s' is not a file or a folder", path);
    if (why)
        return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package: '%s' %s", path, why);
    if (size > DEPLOY_OCI_PKG_MAX_FILE)
        return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package: '%s' inflates to %lld bytes (at most %d)", path,
                            (long long)size, DEPLOY_OCI_PKG_MAX_FILE);
    r->total += size;
    if (r->total > DEPLOY_OCI_PKG_MAX_TOTAL)
        return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package inflates to more than %d bytes (at '%s')",
                            DEPLOY_OCI_PKG_MAX_TOTAL, path);
    if (!hp_nameset_add(&r->names, name, strlen(name)))
        return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package holds '%s' twice (as '%s'): which copy is meant?",
                            name, path);
    struct deploy_oci_package *p = r->p;
    if (!p->name)
        p->name = hp_xstrndup(path, strcspn(path, "/\\"));
    if (strcmp(name, "Chart.yaml") == 0) {
        *keep = &p->chart_yaml;
    } else if (strcmp(name, "values.yaml") == 0) {
        *keep = &p->values_yaml;
        p->has_values_yaml = true;
    } else if (safe_values_name(name)) {
        if (p->files.n == p->files_cap) {
            p->files_cap = p->files_cap ? 2 * p->files_cap : 8;
            p->file_data = hp_xrealloc(p->file_data, p->files_cap * sizeof *p->file_data);
        }
        memset(&p->file_data[p->files.n], 0, sizeof *p->file_data);
        *keep = &p->file_data[p->files.n];
        hp_strlist_push(&p->files, name);
    }
    return 0;
}

/* Reads the entry's data into dst, never more than its header said (the limits were checked on
 * that size). */
static int entry_read(struct archive *a, struct archive_entry *ent, const char *path, struct hp_buf *dst,
                      struct hp_error *e)
{
    int64_t left = archive_entry_size(ent);
    char chunk[16384];
    la_ssize_t got;
    while ((got = archive_read_data(a, chunk, sizeof chunk)) > 0) {
        if ((left -= got) < 0)
            return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package: '%s' is longer than its header says", path);
        hp_buf_append(dst, chunk, (size_t)got);
    }
    if (got < 0)
        return hp_error_set(e, DEPLOY_ERR_PULL, "the chart package: %s: %s", path, archive_error_string(a));
    return 0;
}

int deploy_oci_package_read(struct deploy_oci_package *p, const void *tgz, size_t len, struct hp_error *e)
{
    struct archive *a = archive_read_new();
    if (!a)
        return hp_error_set(e, DEPLOY_ERR_PULL, "libarchive: out of memory");
    archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
    int rc = 0;
    if (archive_read_open_memory(a, tgz, len) != ARCHIVE_OK) {
        rc = hp_error_set(e, DEPLOY_ERR_PULL, "the chart package is not a .tgz: %s", archive_error_string(a));
        archive_read_free(a);
        return rc;
    }
    struct pkg_reader r = {.p = p};
    struct archive_entry *ent;
    int got;
    while (rc == 0 && (got = archive_read_next_header(a, &ent)) == ARCHIVE_OK) {
        const char *path = archive_entry_pathname(ent);
        struct hp_buf *keep;
        if (!path || archive_entry_filetype(ent) == AE_IFDIR)
            continue;
        rc = entry_admit(&r, ent, path, &keep, e);
        if (rc == 0 && keep)
            rc = entry_read(a, ent, path, keep, e);
    }
    if (rc == 0 && got != ARCHIVE_EOF)
        rc = hp_error_set(e, DEPLOY_ERR_PULL, "the chart package: %s", archive_error_string(a));
    if (rc == 0 && !p->chart_yaml.len)
        rc = hp_error_set(e, DEPLOY_ERR_PULL, "the chart package has no Chart.yaml");
    hp_nameset_free(&r.names);
    archive_read_free(a);
    return rc;
}

const struct hp_buf *deploy_oci_package_file(const struct deploy_oci_package *p, const char *file)
{
    if (strcmp(file, "values.yaml") == 0)
        return p->has_values_yaml ? &p->values_yaml : NULL;
    for (size_t i = 0; i < p->files.n; i++)
        if (strcmp(p->files.v[i], file) == 0)
            return &p->file_data[i];
    return NULL;
}

void deploy_oci_package_free(struct deploy_oci_package *p)
{
    free(p->ref);
    free(p->version);
    free(p->name);
    hp_buf_free(&p->chart_yaml);
    hp_buf_free(&p->values_yaml);
    for (size_t i = 0; i < p->files.n; i++)
        hp_buf_free(&p->file_data[i]);
    free(p->file_data);
    hp_strlist_free(&p->files);
    if (p->has_tgz)
        memfile_close(&p->tgz);
    free(p->file);
    free(p->manifest_digest);
    memset(p, 0, sizeof *p);
}

/* A private folder for helm pull: on a tmpfs ($XDG_RUNTIME_DIR, /dev/shm) when there is one. */
static char *pull_dir(void)
{
    const char *bases[] = {getenv("XDG_RUNTIME_DIR"), "/dev/shm", getenv("TMPDIR"), "/tmp"};
    for (size_t i = 0; i < sizeof bases / sizeof *bases; i++) {
        struct statfs sf;
        if (!bases[i] || !*bases[i] || access(bases[i], W_OK | X_OK) != 0)
            continue;
        if (i < 2 && (statfs(bases[i], &sf) != 0 || sf.f_type != TMPFS_MAGIC))
            continue;
        char *dir = hp_xasprintf("%s/helm-panda-pull.XXXXXX", bases[i]);
        if (mkdtemp(dir))
            return dir;
        free(dir);
    }
    return NULL;
}

static void remove_dir(const char *dir)
{
    DIR *d = opendir(dir);
    if (d) {
        for (struct dirent *de; (de = readdir(d));) {
            if (strcmp(de->d_name, ".") == 0 || strcmp(de->d_name, "..") == 0)
                continue;
            char *f = hp_xasprintf("%s/%s", dir, de->d_name);
            unlink(f);
            free(f);
        }
        closedir(d);
    }
    rmdir(dir);
}

/* helm's reason: its last "Error: ..." line without the prefix, else its last line that is
 * not progress ("Pulled:", "Digest:"). */
static void helm_reason(const struct hp_buf *err, char *out, size_t size)
{
    snprintf(out, size, "helm failed without a message");
    if (!err->len)
        return;
    char *text = hp_xstrndup((const char *)err->data, err->len);
    bool have_error = false;
    for (char *save = NULL, *line = strtok_r(text, "\n", &save); line; line = strtok_r(NULL, "\n", &save)) {
        while (*line == ' ' || *line == '\t')
            line++;
        if (hp_str_has_prefix(line, "Error: ")) {
            snprintf(out, size, "%s", line + 7);
            have_error = true;
        } else if (*line && !have_error && !hp_str_has_prefix(line, "Pulled:") && !hp_str_has_prefix(line, "Digest:")) {
            snprintf(out, size, "%s", line);
        }
    }
    free(text);
}

/* The manifest digest of helm pull's "Digest: sha256:<hex>" line (stdout or stderr), or NULL. */
static char *pulled_digest(const struct runner_job *j)
{
    const struct hp_buf *bufs[] = {&j->out, &j->err};
    for (size_t b = 0; b < 2; b++) {
        char *text = hp_xstrndup((const char *)bufs[b]->data, bufs[b]->len);
        char *found = NULL;
        for (char *save = NULL, *line = strtok_r(text, "\n", &save); line && !found;
             line = strtok_r(NULL, "\n", &save))
            if (hp_str_has_prefix(line, "Digest: sha256:") && strlen(line) == 8 + 7 + 64)
                found = hp_xstrdup(line + 8);
        free(text);
        if (found)
            return found;
    }
    return NULL;
}

/* The bytes read and hashed are the ones kept: a memfile made from this very buffer. */
static int keep_tgz(struct deploy_oci_package *p, const char *name, const struct hp_buf *tgz, struct hp_error *e)
{
    unsigned char h[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(h, tgz->data, tgz->len);
    sodium_bin2hex(p->sha256, sizeof p->sha256, h, sizeof h);
    if (memfile_create(&p->tgz, "helm-panda-chart-package", tgz->data, tgz->len, true, e) < 0)
        return -1;
    p->has_tgz = true;
    p->file = hp_xstrdup(name);
    return 0;
}

/* The one .tgz helm pull wrote into dir, read into p and kept in p->tgz. */
static int read_pulled(const char *dir, struct deploy_oci_package *p, struct hp_error *e)
{
    DIR *d = opendir(dir);
    char *file = NULL, *name = NULL;
    for (struct dirent *de; d && (de = readdir(d));)
        if (hp_str_has_suffix(de->d_name, ".tgz") && !file) {
            file = hp_xasprintf("%s/%s", dir, de->d_name);
            name = hp_xstrdup(de->d_name);
        }
    if (d)
        closedir(d);
    struct hp_buf tgz = {0};
    int rc = 0;
    if (!file)
        rc = hp_error_set(e, DEPLOY_ERR_PULL, "helm pull wrote no chart package");
    else if (hp_file_read(file, &tgz, e) < 0 || deploy_oci_package_read(p, tgz.data, tgz.len, e) < 0 ||
             keep_tgz(p, name, &tgz, e) < 0)
        rc = -1, e->kind = DEPLOY_ERR_PULL;
    hp_buf_free(&tgz);
    free(file);
    free(name);
    return rc;
}

/* A digest reference is what helm pulled: the manifest digest helm printed is the reference's. */
static int check_digest(const char *ref, const struct deploy_oci_package *p, struct hp_error *e)
{
    const char *at = strchr(ref, '@');
    if (!at || !p->manifest_digest || strcmp(at + 1, p->manifest_digest) == 0)
        return 0;
    return hp_error_set(e, DEPLOY_ERR_PULL, "helm pulled the manifest %s, not %s", p->manifest_digest, at + 1);
}

int deploy_oci_pull_all(const char *helm, struct deploy_oci_pull *pulls, size_t n, int parallel)
{
    if (n == 0)
        return 0;
    struct runner_job *jobs = hp_xcalloc(n, sizeof *jobs);
    struct hp_strlist *argv = hp_xcalloc(n, sizeof *argv);
    char **dirs = hp_xcalloc(n, sizeof *dirs);
    int failed = 0;
    for (size_t i = 0; i < n; i++) {
        struct deploy_oci_pull *q = &pulls[i];
        memset(q->pkg, 0, sizeof *q->pkg);
        hp_error_clear(&q->err);
        dirs[i] = pull_dir();
        hp_strlist_push(&argv[i], helm);
        hp_strlist_push(&argv[i], "pull");
        hp_strlist_push(&argv[i], q->ref);
        if (q->version) {
            hp_strlist_push(&argv[i], "--version");
            hp_strlist_push(&argv[i], q->version);
        }
        if (q->plain_http)
            hp_strlist_push(&argv[i], "--plain-http");
        hp_strlist_push(&argv[i], "--destination");
        hp_strlist_push(&argv[i], dirs[i] ? dirs[i] : "/nonexistent");
        jobs[i].name = q->ref;
        jobs[i].argv = hp_strlist_argv(&argv[i]);
    }
    struct runner_opts ro = {.parallel = parallel, .keep_going = true};
    struct hp_error re = {0};
    int res = runner_run(jobs, n, &ro, &re);
    for (size_t i = 0; i < n; i++) {
        struct deploy_oci_pull *q = &pulls[i];
        const struct runner_job *j = &jobs[i];
        int rc = 0;
        if (res == RUNNER_INTERRUPTED) {
            rc = hp_error_set(&q->err, DEPLOY_ERR_INTERRUPTED, "interrupted while pulling %s", q->ref);
        } else if (!dirs[i]) {
            rc = hp_error_set(&q->err, DEPLOY_ERR_PULL,
                              "no folder to pull the chart into ($XDG_RUNTIME_DIR, /dev/shm, $TMPDIR, /tmp)");
        } else if (res < 0) {
            rc = hp_error_set(&q->err, DEPLOY_ERR_PULL, "cannot run helm pull: %s", re.msg);
        } else if (j->state != RUNNER_OK) {
            char reason[400];
            helm_reason(&j->err, reason, sizeof reason);
            rc = hp_error_set(&q->err, DEPLOY_ERR_PULL, "%s", reason);
        } else {
            q->pkg->manifest_digest = pulled_digest(j);
            rc = read_pulled(dirs[i], q->pkg, &q->err) < 0 || check_digest(q->ref, q->pkg, &q->err) < 0 ? -1 : 0;
        }
        if (dirs[i])
            remove_dir(dirs[i]);
        free(dirs[i]);
        hp_strlist_free(&argv[i]);
        if (rc == 0) {
            q->pkg->ref = hp_xstrdup(q->ref);
            q->pkg->version = q->version ? hp_xstrdup(q->version) : NULL;
            q->pkg->plain_http = q->plain_http;
        } else {
            deploy_oci_package_free(q->pkg);
            failed = 1;
        }
    }
    runner_jobs_free(jobs, n);
    free(jobs);
    free(argv);
    free(dirs);
    return failed ? -1 : 0;
}

int deploy_oci_pull(const char *helm, const char *ref, const char *version, bool plain_http,
                    struct deploy_oci_package *p, struct hp_error *e)
{
    struct deploy_oci_pull q = {.ref = ref, .version = version, .plain_http = plain_http, .pkg = p};
    int rc = deploy_oci_pull_all(helm, &q, 1, 1);
    if (rc < 0)
        *e = q.err;
    return rc;
}

bool deploy_oci_same_chart(const char *ref, const char *version, bool plain_http, const char *ref2,
                           const char *version2, bool plain_http2)
{
    bool same_version = (!version && !version2) || (version && version2 && strcmp(version, version2) == 0);
    return strcmp(ref, ref2) == 0 && same_version && plain_http == plain_http2;
}

const struct deploy_oci_package *deploy_oci_packages_find(const struct deploy_oci_packages *s, const char *ref,
                                                          const char *version, bool plain_http)
{
    for (size_t i = 0; s && i < s->n; i++)
        if (deploy_oci_same_chart(s->v[i]->ref, s->v[i]->version, s->v[i]->plain_http, ref, version, plain_http))
            return s->v[i];
    return NULL;
}

void deploy_oci_packages_add(struct deploy_oci_packages *s, struct deploy_oci_package *p)
{
    s->v = hp_xrealloc(s->v, (s->n + 1) * sizeof *s->v);
    s->v[s->n++] = p;
}

void deploy_oci_packages_free(struct deploy_oci_packages *s)
{
    for (size_t i = 0; i < s->n; i++) {
        deploy_oci_package_free(s->v[i]);
        free(s->v[i]);
    }
    free(s->v);
    s->v = NULL;
    s->n = 0;
}
