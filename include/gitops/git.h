/* What the deployment root's git checkout says about where Argo CD should fetch from: the
 * repository's top folder (chart paths are relative to it), the `origin` URL and the current
 * branch. Each is asked of the `git` command, so worktrees, submodules and odd layouts are
 * answered exactly as git sees them. */
#ifndef GITOPS_GIT_H
#define GITOPS_GIT_H

#include "hp/error.h"

enum gitops_git_error {
    GITOPS_GIT_OK = 0,
    GITOPS_GIT_NOT_REPO = HP_ERR_BASE_GITOPS_GIT, /* root is not inside a git work tree (or git is missing) */
    GITOPS_GIT_NO_ORIGIN,      /* no remote named origin */
    GITOPS_GIT_DETACHED,       /* HEAD is not on a branch */
};

/* Runs `git -C dir ARGS...` (args NULL-terminated) and returns its first output line in *out
 * (malloc'd, without the newline). -1 when git cannot run or exits non-zero; e then holds
 * git's own first stderr line. */
int gitops_git_line(const char *dir, const char *const *args, char **out, struct hp_error *e);

/* The work tree's top folder (absolute, symlinks resolved), for paths relative to the repo. */
int gitops_git_toplevel(const char *dir, char **out, struct hp_error *e);
/* The URL of remote origin. */
int gitops_git_origin_url(const char *dir, char **out, struct hp_error *e);
/* The current branch's short name. */
int gitops_git_branch(const char *dir, char **out, struct hp_error *e);

#endif
