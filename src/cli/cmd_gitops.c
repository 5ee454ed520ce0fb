/* helm panda gitops: the plan `helm panda install` would execute, written as Argo CD
 * Applications (one per release, sync wave = depth) under one parent Application. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/deploy_flags.h"
#include "cli/exit.h"
#include "cli/gitops_render.h"
#include "cli/opts.h"
#include "deploy/plan/plan.h"
#include "deploy/config/root.h"
#include "deploy/config/site.h"
#include "gitops/apps.h"
#include "gitops/check.h"
#include "gitops/outdir.h"
#include "gitops/sops_detect.h"
#include "hp/buf.h"
#include "hp/file.h"

static const struct hp_cmdinfo gitops_ci = {
    "helm panda gitops",
    "[flags]",
    "Write the deployment as Argo CD Applications (app of apps, sync waves from the needs).",
    "The same plan as 'helm panda install' (components, release names, values files, --set,\n"
    "namespace from helm's -n): one Application per release with the argocd.argoproj.io/sync-wave\n"
    "of its depth in the dependency graph, and a parent Application pointing at their folder.\n"
    "Without -o the documents go to stdout, with paths as if -o were\n"
    "<repository>/" GITOPS_DEFAULT_OUTDIR "/<parent>. With -o DIR: DIR/<parent>.yaml and DIR/"
    GITOPS_APPS_SUBDIR "/<release>.yaml.\n"
    "--site NAME takes a site of <root>/helm-panda.yaml; --all-sites -o DIR writes DIR/<site> for\n"
    "every site; --check DIR shows what writing into DIR would change and exits 1 if anything.\n"
    "'helm panda gitops adopt DIR --site NAME' reads a site's own Applications into a profile.",
    false,
};

/* The steps of cmd_gitops return an exit status, or GO_ON to let the next step run. */
#define GO_ON (-1)

/* The flags that do not go together. */
static int check_flags(const struct gitops_flags *f, const struct hp_strlist *pos)
{
    if (pos->n)
        return hp_usage_error(&gitops_ci, "unexpected argument '%s'", pos->v[0]);
    if (f->sync && strcmp(f->sync, "auto") != 0 && strcmp(f->sync, "manual") != 0)
        return hp_usage_error(&gitops_ci, "--sync '%s': expected auto or manual", f->sync);
    if (f->all_sites && f->site)
        return hp_usage_error(&gitops_ci, "--site and --all-sites: choose one");
    if (f->check && f->outdir)
        return hp_usage_error(&gitops_ci, "--check DIR writes nothing: drop -o");
    if (f->all_sites && !f->outdir && !f->check)
        return hp_usage_error(&gitops_ci, "--all-sites writes DIR/<site>/...: pass -o DIR or --check DIR");
    if (f->prune_sites && !f->all_sites)
        return hp_usage_error(&gitops_ci, "--prune-sites goes with --all-sites");
    if (f->all_sites && f->parent)
        return hp_usage_error(&gitops_ci, "--all-sites: --name would give every site one parent name");
    return GO_ON;
}

/* --site NAME into *one, --all-sites into sites (at least one). */
static int select_sites(const struct gitops_flags *f, struct deploy_sites *sites, const struct deploy_site **one)
{
    struct hp_error e = {0};
    if (f->site && deploy_site_select(f->dopts.root, f->site, sites, one, &e) < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_USAGE;
    }
    if (f->all_sites) {
        char *root = NULL;
        if (deploy_root_find(f->dopts.root, &root, &e) == 0 && deploy_sites_load(sites, root, &e) == 0 && sites->n == 0)
            hp_error_set(&e, DEPLOY_ERR_CONFIG, "--all-sites: %s has no sites:", sites->file);
        free(root);
        if (e.msg[0]) {
            hp_errorf("%s", e.msg);
            return HP_EXIT_USAGE;
        }
    }
    return GO_ON;
}

/* Every site's documents (or the one run's), before anything is written: one bad site fails the
 * run. *n_docs counts what was rendered, for the caller to free. */
static int render_all(struct hp_ctx *ctx, const struct gitops_flags *f, const struct deploy_sites *sites,
                      const struct deploy_site *one, struct gitops_docs **docs, size_t *n_docs)
{
    struct hp_error e = {0};
    const char *base = f->check ? f->check : f->outdir;
    size_t want = f->all_sites ? sites->n : 1;
    /* sites that share a chart share its pull */
    struct deploy_oci_packages packages = {0};
    struct gitops_flags each = *f;
    each.dopts.oci_packages = &packages;
    int rc = 0;
    *docs = hp_xcalloc(want, sizeof **docs);
    for (*n_docs = 0; rc == 0 && *n_docs < want; (*n_docs)++) {
        const struct deploy_site *site = f->all_sites ? &sites->v[*n_docs] : one;
        char *dir = f->all_sites ? hp_xasprintf("%s/%s", base, site->name) : (base ? hp_xstrdup(base) : NULL);
        rc = cli_gitops_render(ctx, &each, site, dir, &(*docs)[*n_docs], &e);
        free(dir);
    }
    deploy_oci_packages_free(&packages);
    if (rc != 0) {
        hp_errorf("%s", e.msg);
        return hp_exit_code(&e, HP_EXIT_USAGE);
    }
    return GO_ON;
}

/* --all-sites: folders of our Applications that belong to no site of helm-panda.yaml (a site
 * removed from it; or a folder an earlier run without sites wrote): named in a warning, or
 * with --prune-sites removed (-o) or shown going (--check). Not by default: removing them makes
 * Argo CD delete what they deployed. */
static int write_gone_sites(const struct gitops_flags *f, struct gitops_docs *docs, size_t n_docs, int exit_code)
{
    struct hp_error e = {0};
    struct hp_strlist gone = {0};
    gitops_outdir_gone_sites(docs, n_docs, &gone);
    for (size_t i = 0; i < gone.n && exit_code != HP_EXIT_FAIL; i++) {
        if (!f->prune_sites) {
            hp_warnf("%s holds Applications of no site in helm-panda.yaml (a removed site?): left as they are; "
                     "--prune-sites removes them",
                     gone.v[i]);
            continue;
        }
        struct gitops_docs none = {.outdir = gone.v[i]};
        int n = f->check ? gitops_outdir_check(&none, stdout, &e)
                         : gitops_outdir_remove_site(gone.v[i], f->quiet ? NULL : stdout, &e);
        if (n < 0)
            hp_errorf("%s", e.msg);
        if (n < 0 || (f->check && n > 0))
            exit_code = HP_EXIT_FAIL;
    }
    hp_strlist_free(&gone);
    return exit_code;
}

/* --check DIR, -o DIR or stdout. */
static int write_docs(const struct gitops_flags *f, struct gitops_docs *docs, size_t n_docs)
{
    struct hp_error e = {0};
    int exit_code = HP_EXIT_OK;
    /* every site's files first: a refusal in the last leaves the first unwritten too. --check
     * still shows the diff against a hand-written file (adopting a site's Applications starts
     * there) and says that -o would stop. */
    for (size_t i = 0; (f->check || f->outdir) && i < n_docs; i++) {
        if (gitops_outdir_claim(&docs[i], &e) == 0)
            continue;
        if (f->check) {
            hp_warnf("%s: -o would stop here, writing nothing", e.msg);
            continue;
        }
        hp_errorf("%s", e.msg);
        return hp_exit_code(&e, HP_EXIT_FAIL);
    }
    for (size_t i = 0; i < n_docs; i++) {
        if (f->check) {
            int n = gitops_outdir_check(&docs[i], stdout, &e);
            if (n < 0) {
                hp_errorf("%s", e.msg);
                exit_code = HP_EXIT_FAIL;
                break;
            }
            if (n > 0)
                exit_code = HP_EXIT_FAIL;
        } else if (f->outdir) {
            if (gitops_outdir_write(&docs[i], f->quiet ? NULL : stdout, &e) != 0) {
                hp_errorf("%s", e.msg);
                exit_code = HP_EXIT_FAIL;
                break;
            }
        } else {
            struct hp_buf stream = {0};
            gitops_docs_stream(&docs[i], &stream);
            if (hp_file_write_atomic("-", stream.data, stream.len, 0644, &e) != 0) {
                hp_errorf("%s", e.msg);
                exit_code = HP_EXIT_FAIL;
            }
            hp_buf_free(&stream);
        }
    }
    if (exit_code != HP_EXIT_FAIL && f->all_sites)
        exit_code = write_gone_sites(f, docs, n_docs, exit_code);
    return exit_code;
}

int cmd_gitops(struct hp_ctx *ctx, int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "adopt") == 0)
        return cmd_gitops_adopt(ctx, argc - 1, argv + 1);
    struct gitops_flags f = {0};
    struct deploy_options *d = &f.dopts;
    const struct hp_opt opts[] = {
        deploy_flag(DEPLOY_FLAG_SITE, &f.site),
        {HP_OPT_BOOL, 0, "all-sites", &f.all_sites, NULL, "every site of helm-panda.yaml, into DIR/<site> (needs -o or --check)"},
        {HP_OPT_BOOL, 0, "prune-sites", &f.prune_sites, NULL,
         "with --all-sites: remove the Applications of sites no longer in helm-panda.yaml"},
        {HP_OPT_STRING, 0, "check", &f.check, "DIR", "write nothing: show what writing into DIR would change (diff -u), exit 1 if anything"},
        deploy_flag(DEPLOY_FLAG_EXPERIMENT, &d->experiment),
        deploy_flag(DEPLOY_FLAG_AFFIX, &d->affix),
        deploy_flag(DEPLOY_FLAG_ENABLE, &d->enable),
        deploy_flag(DEPLOY_FLAG_DISABLE, &d->disable),
        deploy_flag(DEPLOY_FLAG_ROOT, &d->root),
        deploy_flag(DEPLOY_FLAG_SET, &d->sets),
        {HP_OPT_STRING, 0, "repo", &f.repo, "URL", "spec.source.repoURL (default: the root's git remote origin)"},
        {HP_OPT_STRING, 0, "revision", &f.revision, "REV", "spec.source.targetRevision (default: the current branch)"},
        {HP_OPT_STRING, 0, "argocd-namespace", &f.argocd_ns, "NS", "where the Applications live (default: argocd)"},
        {HP_OPT_STRING, 0, "project", &f.project, "P", "Argo CD project (default: default)"},
        {HP_OPT_STRING, 0, "server", &f.server, "URL", "destination cluster (default: https://kubernetes.default.svc)"},
        {HP_OPT_STRING, 0, "name", &f.parent, "NAME", "the parent Application (default: affix + panda-apps)"},
        {HP_OPT_STRING, 0, "sync", &f.sync, "auto|manual", "sync policy (default: auto, with prune and self-heal)"},
        {HP_OPT_STRING, 0, "allow-secrets", &f.allow_secrets, "SCHEME|as-is",
         "allow SOPS values files: write them as SCHEME://path (e.g. sops) or as-is"},
        {HP_OPT_STRING, 'o', "output-dir", &f.outdir, "DIR", "write one file per Application under DIR"},
        {HP_OPT_BOOL, 'q', "quiet", &f.quiet, NULL, "do not list the files written"},
        {0},
    };
    struct hp_strlist pos = {0};
    struct deploy_sites sites = {0};
    const struct deploy_site *one = NULL;
    struct gitops_docs *docs = NULL;
    size_t n_docs = 0;
    int exit_code;
    if ((exit_code = hp_opts_command(&gitops_ci, opts, argc, argv, &pos, NULL)) != HP_OPTS_GO_ON ||
        (exit_code = check_flags(&f, &pos)) != GO_ON || (exit_code = select_sites(&f, &sites, &one)) != GO_ON ||
        (exit_code = render_all(ctx, &f, &sites, one, &docs, &n_docs)) != GO_ON)
        goto out;
    exit_code = write_docs(&f, docs, n_docs);
out:
    for (size_t i = 0; docs && i < n_docs; i++)
        gitops_docs_free(&docs[i]);
    free(docs);
    deploy_sites_free(&sites);
    hp_strlist_free(&d->enable);
    hp_strlist_free(&d->disable);
    hp_strlist_free(&d->sets);
    hp_strlist_free(&pos);
    return exit_code;
}
