/* Asking git: posix_spawn with stdout and stderr on pipes, read both, wait. Never through a
 * shell, so folder names with spaces or quotes reach git as they are. */
#include <errno.h>
#include <fcntl.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "gitops/git.h"
#include "hp/buf.h"
#include "hp/file.h"
#include "hp/util.h"

extern char **environ;

static char *first_line(const struct hp_buf *b)
{
    if (!b->data)
        return hp_xstrdup(""); /* git printed nothing */
    size_t n = 0;
    while (n < b->len && b->data[n] != '\n' && b->data[n] != '\r')
        n++;
    return hp_xstrndup((const char *)b->data, n);
}

/* Reads both pipes to the end without deadlocking on either: git's outputs here are tiny,
 * but a chatty stderr must not block a pending stdout. */
static void drain(int fd_out, int fd_err, struct hp_buf *out, struct hp_buf *err)
{
    int fds[2] = {fd_out, fd_err};
    struct hp_buf *bufs[2] = {out, err};
    int open_n = 2;
    while (open_n > 0) {
        for (int i = 0; i < 2; i++) {
            if (fds[i] < 0)
                continue;
            unsigned char tmp[4096];
            ssize_t r = read(fds[i], tmp, sizeof tmp);
            if (r > 0) {
                hp_buf_append(bufs[i], tmp, (size_t)r);
            } else if (r == 0 || errno != EINTR) {
                close(fds[i]);
                fds[i] = -1;
                open_n--;
            }
        }
    }
}

int gitops_git_line(const char *dir, const char *const *args, char **out, struct hp_error *e)
{
    struct hp_strlist argv = {0};
    hp_strlist_push(&argv, "git");
    hp_strlist_push(&argv, "-C");
    hp_strlist_push(&argv, dir);
    for (size_t i = 0; args[i]; i++)
        hp_strlist_push(&argv, args[i]);

    int po[2], pe[2];
    if (pipe2(po, O_CLOEXEC) != 0) {
        hp_strlist_free(&argv);
        return hp_error_set(e, GITOPS_GIT_NOT_REPO, "%s: cannot run git: %s", dir, strerror(errno));
    }
    if (pipe2(pe, O_CLOEXEC) != 0) {
        close(po[0]);
        close(po[1]);
        hp_strlist_free(&argv);
        return hp_error_set(e, GITOPS_GIT_NOT_REPO, "%s: cannot run git: %s", dir, strerror(errno));
    }
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, po[1], 1);
    posix_spawn_file_actions_adddup2(&fa, pe[1], 2);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    pid_t pid;
    /* posix_spawnp would take an empty PATH entry as the current directory: search ourselves */
    char *git = hp_path_search("git", getenv("PATH"));
    int rc = git ? posix_spawn(&pid, git, &fa, NULL, hp_strlist_argv(&argv), environ) : ENOENT;
    free(git);
    posix_spawn_file_actions_destroy(&fa);
    close(po[1]);
    close(pe[1]);
    hp_strlist_free(&argv);
    if (rc != 0) {
        close(po[0]);
        close(pe[0]);
        return hp_error_set(e, GITOPS_GIT_NOT_REPO, "%s: cannot run git: %s", dir, strerror(rc));
    }
    struct hp_buf ob = {0}, eb = {0};
    drain(po[0], pe[0], &ob, &eb);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    int ret = 0;
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        char *why = first_line(&eb);
        hp_error_set(e, GITOPS_GIT_NOT_REPO, "%s: git %s failed%s%s", dir, args[0], *why ? ": " : "", why);
        free(why);
        ret = -1;
    } else {
        *out = first_line(&ob);
    }
    hp_buf_free(&ob);
    hp_buf_free(&eb);
    return ret;
}

int gitops_git_toplevel(const char *dir, char **out, struct hp_error *e)
{
    static const char *const args[] = {"rev-parse", "--show-toplevel", NULL};
    char *top = NULL;
    if (gitops_git_line(dir, args, &top, e) != 0)
        return hp_error_set(e, GITOPS_GIT_NOT_REPO, "%s: not inside a git work tree", dir);
    char *real = realpath(top, NULL);
    free(top);
    if (!real)
        return hp_error_set(e, GITOPS_GIT_NOT_REPO, "%s: cannot resolve the git top folder", dir);
    *out = real;
    return 0;
}

int gitops_git_origin_url(const char *dir, char **out, struct hp_error *e)
{
    static const char *const args[] = {"remote", "get-url", "origin", NULL};
    char *url = NULL;
    if (gitops_git_line(dir, args, &url, e) != 0 || !*url) {
        free(url);
        return hp_error_set(e, GITOPS_GIT_NO_ORIGIN, "%s: the git repository has no remote 'origin'", dir);
    }
    *out = url;
    return 0;
}

int gitops_git_branch(const char *dir, char **out, struct hp_error *e)
{
    /* symbolic-ref, not rev-parse --abbrev-ref: on a detached HEAD it fails instead of
     * answering "HEAD", and it works before the first commit. */
    static const char *const args[] = {"symbolic-ref", "--short", "-q", "HEAD", NULL};
    char *br = NULL;
    if (gitops_git_line(dir, args, &br, e) != 0 || !*br) {
        free(br);
        return hp_error_set(e, GITOPS_GIT_DETACHED, "%s: HEAD is detached (not on a branch)", dir);
    }
    *out = br;
    return 0;
}
