/* Rendering one site for gitops and gitops adopt (include/cli/gitops_render.h). */
#include <string.h>

#include "cli/gitops_render.h"
#include "gitops/sops_detect.h"

static const char *pick(const char *flag, const char *site, const char *dflt)
{
    return flag ? flag : site ? site : dflt;
}

int cli_gitops_render(struct hp_ctx *ctx, const struct gitops_flags *f, const struct deploy_site *site,
                      const char *outdir, struct gitops_docs *docs, struct hp_error *e)
{
    struct deploy_options o = f->dopts;
    o.site = site;
    o.affix_in_clear = true; /* names releases only: a clear affix needs no key */
    struct hp_error no_helm = {0}; /* helm pulls OCI charts (deploy/plan/oci_package.h): only needed for those */
    o.helm = hp_helmenv_require_bin(&ctx->env, &no_helm) == 0 ? ctx->env.bin : NULL;
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    const char *sync = pick(f->sync, site ? site->argocd.sync : NULL, "auto");
    int rc = deploy_plan_build(&plan, &o, e);
    if (rc == 0)
        rc = gitops_source_resolve(plan.root, pick(f->repo, site ? site->repo : NULL, NULL),
                                   pick(f->revision, site ? site->revision : NULL, NULL), &src, e);
    if (rc == 0) {
        const char *ns = site ? deploy_site_namespace(site, ctx->env.namespace_) : ctx->env.namespace_;
        struct gitops_request req = {
            .settings = {.project = pick(f->project, site ? site->argocd.project : NULL, "default"),
                         .argocd_namespace = pick(f->argocd_ns, site ? site->argocd_namespace : NULL, "argocd"),
                         /* a site's server is its children's destination (deploy/config/site.h); the
                          * parent stays where Argo CD runs */
                         .server = pick(f->server, NULL, "https://kubernetes.default.svc"),
                         .sync_auto = strcmp(sync, "auto") == 0},
            .namespace_ = ns && *ns ? ns : "default",
            .parent_name = pick(f->parent, site ? site->app_name : NULL, NULL),
            .outdir = outdir,
            .allow_secrets = pick(f->allow_secrets, site ? site->allow_secrets : NULL, NULL),
            .is_encrypted = gitops_sops_detector(),
            .site = site,
        };
        rc = gitops_render(&plan, &src, &req, docs, e);
        if (rc != 0 && site)
            hp_error_prefix(e, "site %s", site->name);
    }
    gitops_source_free(&src);
    deploy_plan_free(&plan);
    return rc;
}

