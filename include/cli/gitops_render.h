/* One site's Applications as `helm panda gitops` renders them: the plan, its source, the
 * documents with paths for an output folder. Shared by gitops (cmd_gitops.c) and gitops adopt
 * (cmd_gitops_adopt.c), which renders the profile it read to compare with the folder. */
#ifndef CLI_GITOPS_RENDER_H
#define CLI_GITOPS_RENDER_H

#include <stdbool.h>

#include "cli/cmd.h"
#include "deploy/plan/plan.h"
#include "deploy/config/site.h"
#include "gitops/apps.h"

/* The flags of one run; strings NULL when not given, so a site's settings can fill them. */
struct gitops_flags {
    struct deploy_options dopts;
    const char *repo, *revision, *outdir, *sync, *parent, *argocd_ns, *project, *server, *allow_secrets;
    const char *site, *check;
    bool all_sites, prune_sites, quiet;
};

/* One site (or none): plan -> source -> documents, with paths for outdir. */
int cli_gitops_render(struct hp_ctx *ctx, const struct gitops_flags *f, const struct deploy_site *site,
                      const char *outdir, struct gitops_docs *docs, struct hp_error *e);

#endif
