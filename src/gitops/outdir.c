#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "gitops/outdir.h"
#include "hp/file.h"

/* mkdir -p: dir is absolute and resolved (gitops_render made it so). */
static int ensure_dir(const char *dir, struct hp_error *e)
{
    if (hp_path_is_dir(dir))
        return 0;
    char *copy = hp_xstrdup(dir);
    int rc = 0;
    for (char *p = copy + 1;; p++) {
        if (*p != '/' && *p != '\0')
            continue;
        char saved = *p;
        *p = '\0';
        if (mkdir(copy, 0755) != 0 && !(errno == EEXIST && hp_path_is_dir(copy))) {
            rc = hp_error_set(e, GITOPS_ERR_WRITE, "%s: cannot create the folder: %s", copy,
                              errno == EEXIST ? "a file is in the way" : strerror(errno));
            break;
        }
        *p = saved;
        if (saved == '\0')
            break;
    }
    free(copy);
    return rc;
}

bool gitops_outdir_unchanged(const char *path, const struct hp_buf *want)
{
    struct hp_buf have = {0};
    struct hp_error ignored = {0};
    bool same = hp_file_read(path, &have, &ignored) == 0 && have.len == want->len &&
                (want->len == 0 || memcmp(have.data, want->data, want->len) == 0);
    hp_buf_free(&have);
    return same;
}

bool gitops_outdir_ours(const char *path)
{
    struct hp_buf b = {0};
    struct hp_error ignored = {0};
    bool ours = hp_file_read(path, &b, &ignored) == 0 && b.len >= strlen(GITOPS_HEADER) &&
                memcmp(b.data, GITOPS_HEADER, strlen(GITOPS_HEADER)) == 0;
    hp_buf_free(&b);
    return ours;
}

/* A site hands a hand-written file over to gitops explicitly (argocd.takeOver in
 * helm-panda.yaml); any other file without our header is never ours to replace. */
static bool handed_over(const struct gitops_docs *docs, const char *file)
{
    return hp_strlist_contains(&docs->take_over, file);
}

int gitops_outdir_claim(const struct gitops_docs *docs, struct hp_error *e)
{
    for (size_t i = 0; i < docs->n; i++) {
        char *path = hp_path_join(docs->outdir, docs->v[i].file);
        struct stat st;
        /* a link or folder is not ours either (we write plain files): replacing it would lose it */
        bool there = lstat(path, &st) == 0, plain = there && S_ISREG(st.st_mode);
        bool theirs = there && (!plain || !gitops_outdir_ours(path)) && !handed_over(docs, docs->v[i].file);
        int rc = theirs ? hp_error_set(e, GITOPS_ERR_NOT_OURS,
                                       "%s was not written by helm panda gitops (%s): refusing to replace it "
                                       "with the %s '%s'; move it away or rename the Application",
                                       path,
                                       plain                  ? "no generated-file header"
                                       : S_ISLNK(st.st_mode) ? "a symbolic link"
                                                              : "not a plain file",
                                       docs->v[i].kind, docs->v[i].name)
                        : 0;
        free(path);
        if (rc)
            return rc;
    }
    return 0;
}

static bool in_docs(const struct gitops_docs *docs, const char *file)
{
    for (size_t i = 0; i < docs->n; i++)
        if (strcmp(docs->v[i].file, file) == 0)
            return true;
    return false;
}

/* Our files in docs->outdir/SUB ("" or apps) that docs do not have, pushed onto paths. */
static int stale_in(const struct gitops_docs *docs, const char *sub, struct hp_strlist *paths, struct hp_error *e)
{
    char *dir = *sub ? hp_path_join(docs->outdir, sub) : hp_xstrdup(docs->outdir);
    struct dirent **list = NULL;
    int n = scandir(dir, &list, NULL, alphasort);
    /* a flat site has no apps/ folder */
    int rc = n < 0 && !(errno == ENOENT && *sub) ? hp_error_set(e, GITOPS_ERR_WRITE, "%s: %s", dir, strerror(errno)) : 0;
    for (int i = 0; i < n; i++) {
        const char *name = list[i]->d_name;
        if (hp_str_has_suffix(name, ".yaml") && name[0] != '.') {
            char *rel = *sub ? hp_xasprintf("%s/%s", sub, name) : hp_xstrdup(name);
            char *path = hp_path_join(dir, name);
            if (!in_docs(docs, rel) && !hp_path_is_dir(path) && gitops_outdir_ours(path))
                hp_strlist_push_own(paths, path);
            else
                free(path);
            free(rel);
        }
        free(list[i]);
    }
    free(list);
    free(dir);
    return rc;
}

int gitops_outdir_stale(const struct gitops_docs *docs, struct hp_strlist *paths, struct hp_error *e)
{
    /* the parent (a renamed one: another affix or --name) beside apps/, then the children */
    int rc = stale_in(docs, "", paths, e);
    return rc == 0 ? stale_in(docs, GITOPS_APPS_SUBDIR, paths, e) : rc;
}

/* Unlinks each of paths, one line each on log. */
static int remove_all(const struct hp_strlist *paths, FILE *log, const char *why, struct hp_error *e)
{
    for (size_t i = 0; i < paths->n; i++) {
        if (unlink(paths->v[i]) != 0)
            return hp_error_set(e, GITOPS_ERR_WRITE, "%s: cannot remove the stale Application: %s", paths->v[i],
                                strerror(errno));
        if (log)
            fprintf(log, "removed %s (%s)\n", paths->v[i], why);
    }
    return 0;
}

/* Removes our stale files (see gitops_outdir_stale). */
static int prune(const struct gitops_docs *docs, FILE *log, struct hp_error *e)
{
    struct hp_strlist stale = {0};
    int rc = gitops_outdir_stale(docs, &stale, e);
    if (rc == 0)
        rc = remove_all(&stale, log, "no longer in the plan", e);
    hp_strlist_free(&stale);
    return rc;
}

/* A changed file written beside its final name, not yet renamed over it. */
struct staged {
    char *tmp, *path;
};

static int stage(const char *path, const struct hp_buf *data, struct staged *st, struct hp_error *e)
{
    const char *slash = strrchr(path, '/');
    st->path = hp_xstrdup(path);
    st->tmp = hp_xasprintf("%.*s/.%s.tmpXXXXXX", (int)(slash - path), path, slash + 1);
    int fd = mkostemp(st->tmp, O_CLOEXEC);
    if (fd < 0) {
        hp_error_set(e, GITOPS_ERR_WRITE, "%s: cannot create a temporary file: %s", path, strerror(errno));
        free(st->tmp);
        st->tmp = NULL;
        return -1;
    }
    int rc = 0;
    if (fchmod(fd, 0644) != 0 || hp_fd_write_all(fd, data->data, data->len) != 0 || fsync(fd) != 0)
        rc = hp_error_set(e, GITOPS_ERR_WRITE, "%s: %s", path, strerror(errno));
    if (close(fd) != 0 && rc == 0)
        rc = hp_error_set(e, GITOPS_ERR_WRITE, "%s: %s", path, strerror(errno));
    return rc;
}

static void sync_dir(const char *dir)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd >= 0) {
        fsync(fd); /* the renames themselves: best effort, the data is already on disk */
        close(fd);
    }
}

/* Two phases, so a failure (disk full, permissions) while writing leaves every file as it
 * was: first every changed file goes to a temporary beside it, then all are renamed. */
int gitops_outdir_write(const struct gitops_docs *docs, FILE *log, struct hp_error *e)
{
    char *appsdir = hp_path_join(docs->outdir, GITOPS_APPS_SUBDIR);
    struct staged *st = hp_xcalloc(docs->n ? docs->n : 1, sizeof *st);
    size_t n = 0;
    int rc = gitops_outdir_claim(docs, e);
    if (rc == 0)
        rc = ensure_dir(docs->outdir, e);
    bool apps = false; /* a flat site has no apps/ folder */
    for (size_t i = 0; i < docs->n; i++)
        apps = apps || hp_str_has_prefix(docs->v[i].file, GITOPS_APPS_SUBDIR "/");
    if (rc == 0 && apps)
        rc = ensure_dir(appsdir, e);
    for (size_t i = 0; rc == 0 && i < docs->n; i++) {
        char *path = hp_path_join(docs->outdir, docs->v[i].file);
        if (!gitops_outdir_unchanged(path, &docs->v[i].yaml))
            rc = stage(path, &docs->v[i].yaml, &st[n++], e);
        free(path);
    }
    for (size_t i = 0; rc == 0 && i < n; i++) {
        if (rename(st[i].tmp, st[i].path) != 0) {
            rc = hp_error_set(e, GITOPS_ERR_WRITE, "%s: %s", st[i].path, strerror(errno));
            break;
        }
        free(st[i].tmp);
        st[i].tmp = NULL;
        if (log)
            fprintf(log, "wrote %s\n", st[i].path);
    }
    for (size_t i = 0; i < n; i++) {
        if (st[i].tmp)
            unlink(st[i].tmp);
        free(st[i].tmp);
        free(st[i].path);
    }
    free(st);
    if (rc == 0)
        rc = prune(docs, log, e);
    if (rc == 0) {
        sync_dir(appsdir);
        sync_dir(docs->outdir);
    }
    free(appsdir);
    return rc;
}

/* Our files in dir, top level and apps/ (either may be missing). */
static void ours_in(const char *dir, struct hp_strlist *ours)
{
    struct gitops_docs none = {.outdir = (char *)dir};
    struct hp_error ignored = {0};
    stale_in(&none, "", ours, &ignored);
    stale_in(&none, GITOPS_APPS_SUBDIR, ours, &ignored);
}

static bool holds_ours(const char *dir)
{
    struct hp_strlist ours = {0};
    ours_in(dir, &ours);
    bool any = ours.n > 0;
    hp_strlist_free(&ours);
    return any;
}

int gitops_outdir_gone_sites(const struct gitops_docs *docs, size_t n_docs, struct hp_strlist *dirs)
{
    if (n_docs == 0)
        return 0;
    const char *slash = strrchr(docs[0].outdir, '/');
    char *base = hp_xstrndup(docs[0].outdir, slash && slash != docs[0].outdir ? (size_t)(slash - docs[0].outdir) : 1);
    struct dirent **list = NULL;
    int n = scandir(base, &list, NULL, alphasort); /* none there (a first --check): no site gone */
    for (int i = 0; i < n; i++) {
        char *path = hp_path_join(base, list[i]->d_name);
        bool rendered = false;
        for (size_t k = 0; k < n_docs && !rendered; k++)
            rendered = strcmp(docs[k].outdir, path) == 0;
        if (list[i]->d_name[0] != '.' && !rendered && hp_path_is_dir(path) && holds_ours(path))
            hp_strlist_push_own(dirs, path);
        else
            free(path);
        free(list[i]);
    }
    free(list);
    free(base);
    return (int)dirs->n;
}

int gitops_outdir_remove_site(const char *dir, FILE *log, struct hp_error *e)
{
    struct hp_strlist ours = {0};
    ours_in(dir, &ours);
    int rc = remove_all(&ours, log, "its site is no longer in helm-panda.yaml", e);
    hp_strlist_free(&ours);
    /* the folders go only when nothing but ours was in them */
    char *apps = hp_path_join(dir, GITOPS_APPS_SUBDIR);
    if (rc == 0 && (rmdir(apps) == 0 || errno == ENOENT) && rmdir(dir) == 0 && log)
        fprintf(log, "removed %s/\n", dir);
    free(apps);
    return rc;
}
