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

int gitops_outdir_check(const struct gitops_docs *docs, FILE *out, struct hp_error *e)
{
    int n = 0;
    for (size_t i = 0; i < docs->n; i++) {
        char *path = hp_path_join(docs->outdir, docs->v[i].file);
        int rc = 0;
        if (!gitops_outdir_unchanged(path, &docs->v[i].yaml)) {
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
