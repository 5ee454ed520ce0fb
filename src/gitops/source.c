/* Where Argo CD fetches from (include/gitops/source.h): flags first, then the root's git. */
#include <stdlib.h>
#include <string.h>

#include "gitops/errors.h"
#include "gitops/git.h"
#include "gitops/source.h"
#include "hp/util.h"

int gitops_source_resolve(const char *root, const char *repo, const char *revision, struct gitops_source *src,
                          struct hp_error *e)
{
    memset(src, 0, sizeof *src);
    struct hp_error ge = {0};
    bool in_git = gitops_git_toplevel(root, &src->top, &ge) == 0;
    if (!in_git) {
        if (!repo) {
            hp_error_set(e, GITOPS_ERR_SOURCE,
                         "%s: not a git work tree, so no repository URL to default to: pass --repo URL", root);
            goto fail;
        }
        /* No git: the deployment root is the repository root, as in panda-k8s. */
        src->top = realpath(root, NULL);
        if (!src->top) {
            hp_error_set(e, GITOPS_ERR_SOURCE, "%s: cannot resolve the folder", root);
            goto fail;
        }
    }
    if (repo) {
        src->repo_url = hp_xstrdup(repo);
    } else if (gitops_git_origin_url(root, &src->repo_url, &ge) != 0) {
        hp_error_set(e, GITOPS_ERR_SOURCE, "%s: the git repository has no remote 'origin': pass --repo URL", root);
        goto fail;
    }
    if (revision) {
        src->revision = hp_xstrdup(revision);
    } else if (!in_git) {
        src->revision = hp_xstrdup("HEAD"); /* Argo CD's own default: the remote's default branch */
    } else if (gitops_git_branch(root, &src->revision, &ge) != 0) {
        hp_error_set(e, GITOPS_ERR_SOURCE, "%s: HEAD is detached (no current branch): pass --revision REV", root);
        goto fail;
    }
    return 0;
fail:
    gitops_source_free(src);
    return -1;
}

void gitops_source_free(struct gitops_source *src)
{
    free(src->top);
    free(src->repo_url);
    free(src->revision);
    memset(src, 0, sizeof *src);
}
