/* Dry check of an output folder (see include/gitops/check.h): `diff -u` of each file against
 * the bytes gitops would write, the wanted bytes staged in a private temporary file. */
#include <errno.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitops/check.h"
#include "gitops/outdir.h"
#include "gitops/yamleq.h"
#include "hp/file.h"

extern char **environ;

/* diff -u OLD NEW with both labelled by the file's path; stdout is out's descriptor. */
static int run_diff(FILE *out, const char *label, const char *old_path, const char *new_path, struct hp_error *e)
{
    fflush(out);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    if (fileno(out) != STDOUT_FILENO)
        posix_spawn_file_actions_adddup2(&fa, fileno(out), STDOUT_FILENO);
    const char *old_label = strcmp(old_path, "/dev/null") == 0 ? "/dev/null" : label;
    const char *new_label = strcmp(new_path, "/dev/null") == 0 ? "/dev/null" : label;
    char *argv[] = {"diff", "-u", "--label", (char *)old_label, "--label", (char *)new_label, (char *)old_path,
                    (char *)new_path, NULL};
    pid_t pid;
    int err = posix_spawnp(&pid, "diff", &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    if (err != 0)
        return hp_error_set(e, GITOPS_ERR_WRITE, "cannot run diff: %s", strerror(err));
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
        ;
    if (!WIFEXITED(status) || WEXITSTATUS(status) > 1)
        return hp_error_set(e, GITOPS_ERR_WRITE, "%s: diff failed", label);
    return 0;
}

static int diff_doc(const char *path, const struct hp_buf *want, FILE *out, struct hp_error *e)
{
    char tmp[] = "/tmp/helm-panda-check.XXXXXX";
    int fd = mkstemp(tmp);
    if (fd < 0)
        return hp_error_set(e, GITOPS_ERR_WRITE, "cannot create a temporary file: %s", strerror(errno));
    int rc = 0;
    if (hp_fd_write_all(fd, want->data, want->len) != 0)
        rc = hp_error_set(e, GITOPS_ERR_WRITE, "%s: %s", tmp, strerror(errno));
    close(fd);
    if (rc == 0)
        rc = run_diff(out, path, hp_path_exists(path) ? path : "/dev/null", tmp, e);
    unlink(tmp);
    return rc;
}

/* A hand-written file (no header of ours: a site's own, being adopted) is compared as parsed:
 * told apart from want only by key order, quoting or comments, it holds the same objects and
 * Argo CD has nothing to change (0); else each field that differs is printed first (1): the
 * byte diff that follows buries it under the formatting. Ours (or a file that is not YAML) are compared
 * byte for byte (-1): a re-run must leave a clean git diff. */
static int hand_written_check(const char *path, const struct hp_buf *want, FILE *out)
{
    struct hp_buf have = {0};
    struct hp_error ignored = {0};
    struct hp_strlist diffs = {0};
    int n = -1;
    if (hp_path_exists(path) && !gitops_outdir_ours(path) && hp_file_read(path, &have, &ignored) == 0)
        n = gitops_yaml_compare(path, have.data, have.len, want->data, want->len, &diffs, &ignored);
    if (n > 0) {
        fprintf(out, "%s: hand-written, compared as parsed: %zu field%s differ%s:\n", path, diffs.n,
                diffs.n == 1 ? "" : "s", diffs.n == 1 ? "s" : "");
        for (size_t i = 0; i < diffs.n; i++)
            fprintf(out, "~ %s\n", diffs.v[i]);
    }
    hp_strlist_free(&diffs);
    hp_buf_free(&have);
    return n < 0 ? -1 : n > 0;
}

int gitops_outdir_check(const struct gitops_docs *docs, FILE *out, struct hp_error *e)
{
    int n = 0;
    for (size_t i = 0; i < docs->n; i++) {
        char *path = hp_path_join(docs->outdir, docs->v[i].file);
        int rc = 0;
        int hand = gitops_outdir_unchanged(path, &docs->v[i].yaml) ? 0 : hand_written_check(path, &docs->v[i].yaml, out);
        if (hand != 0) { /* the fields that differ (a hand-written file), then the bytes */
            n++;
            rc = diff_doc(path, &docs->v[i].yaml, out, e);
        }
        free(path);
        if (rc < 0)
            return -1;
    }
    /* our files the plan no longer has: writing would remove them (none when apps/ is not there) */
    struct hp_strlist stale = {0};
    struct hp_error no_folder = {0};
    gitops_outdir_stale(docs, &stale, &no_folder);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < stale.n; i++) {
        n++;
        rc = run_diff(out, stale.v[i], stale.v[i], "/dev/null", e);
    }
    hp_strlist_free(&stale);
    return rc < 0 ? -1 : n;
}
