/* Where Argo CD fetches the deployment from: the repository URL, the revision, and the
 * repository's root folder on disk (every path in an Application is relative to it). */
#ifndef GITOPS_SOURCE_H
#define GITOPS_SOURCE_H

#include "hp/error.h"

struct gitops_source {
    char *top;      /* the repository's root folder on disk (absolute, resolved) */
    char *repo_url; /* spec.source.repoURL */
    char *revision; /* spec.source.targetRevision */
};

/* --repo / --revision win; else the root's git remote origin and current branch. Without a
 * git work tree, --repo is required, the deployment root is taken as the repository root and
 * the revision defaults to HEAD. */
int gitops_source_resolve(const char *root, const char *repo, const char *revision, struct gitops_source *src,
                          struct hp_error *e);
void gitops_source_free(struct gitops_source *src);

#endif
