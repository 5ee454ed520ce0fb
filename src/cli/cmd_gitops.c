/* helm panda gitops: the plan `helm panda install` would execute, written as Argo CD
 * Applications (one per release, sync wave = depth) under one parent Application. */
#include <stdlib.h>
#include <string.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "deploy/plan.h"
#include "gitops/apps.h"
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
    GITOPS_APPS_SUBDIR "/<release>.yaml.",
    false,
};

int cmd_gitops(struct hp_ctx *ctx, int argc, char **argv)
{
    struct deploy_options dopts = {0};
    const char *repo = NULL, *revision = NULL, *outdir = NULL, *sync = "auto", *parent = NULL;
    const char *argocd_ns = "argocd", *project = "default", *server = "https://kubernetes.default.svc";
    const char *allow_secrets = NULL;
    bool quiet = false;
    const struct hp_opt opts[] = {
        {HP_OPT_STRING, 'e', "experiment", &dopts.experiment, "E", "add values/values-E.yaml where a chart has it"},
        {HP_OPT_STRING, 'a', "affix", &dopts.affix, "AFFIX", "instance name affix (default: secrets/values.yaml affix:, else test-)"},
        {HP_OPT_CSV, 'c', "enable", &dopts.enable, "LIST", "only these components"},
        {HP_OPT_CSV, 'd', "disable", &dopts.disable, "LIST", "drop components (x) or sub-components (x.y)"},
        {HP_OPT_STRING, 'C', "root", &dopts.root, "DIR", "the deployment root (default: search upward from .)"},
        {HP_OPT_LIST, 0, "set", &dopts.sets, "K=V", "an extra helm parameter for every release"},
        {HP_OPT_STRING, 0, "repo", &repo, "URL", "spec.source.repoURL (default: the root's git remote origin)"},
        {HP_OPT_STRING, 0, "revision", &revision, "REV", "spec.source.targetRevision (default: the current branch)"},
        {HP_OPT_STRING, 0, "argocd-namespace", &argocd_ns, "NS", "where the Applications live (default: argocd)"},
        {HP_OPT_STRING, 0, "project", &project, "P", "Argo CD project (default: default)"},
        {HP_OPT_STRING, 0, "server", &server, "URL", "destination cluster (default: https://kubernetes.default.svc)"},
        {HP_OPT_STRING, 0, "name", &parent, "NAME", "the parent Application (default: affix + panda-apps)"},
        {HP_OPT_STRING, 0, "sync", &sync, "auto|manual", "sync policy (default: auto, with prune and self-heal)"},
        {HP_OPT_STRING, 0, "allow-secrets", &allow_secrets, "SCHEME|as-is",
         "allow SOPS values files: write them as SCHEME://path (e.g. sops) or as-is"},
        {HP_OPT_STRING, 'o', "output-dir", &outdir, "DIR", "write one file per Application under DIR"},
        {HP_OPT_BOOL, 'q', "quiet", &quiet, NULL, "do not list the files written"},
        {0},
    };
    struct hp_strlist pos = {0};
    int r = hp_opts_parse(&gitops_ci, opts, argc, argv, &pos, NULL);
    int exit_code = HP_EXIT_USAGE;
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    struct gitops_docs docs = {0};
    struct hp_error e = {0};
    if (r != HP_OPTS_OK) {
        exit_code = r == HP_OPTS_HELP ? HP_EXIT_OK : HP_EXIT_USAGE;
        goto out;
    }
    if (pos.n) {
        exit_code = hp_usage_error(&gitops_ci, "unexpected argument '%s'", pos.v[0]);
        goto out;
    }
    if (strcmp(sync, "auto") != 0 && strcmp(sync, "manual") != 0) {
        exit_code = hp_usage_error(&gitops_ci, "--sync '%s': expected auto or manual", sync);
        goto out;
    }
    if (deploy_plan_build(&plan, &dopts, &e) != 0 ||
        gitops_source_resolve(plan.root, repo, revision, &src, &e) != 0) {
        hp_errorf("%s", e.msg);
        goto out;
    }
    struct gitops_request req = {
        .settings = {.project = project, .argocd_namespace = argocd_ns, .server = server,
                     .sync_auto = strcmp(sync, "auto") == 0},
        .namespace_ = ctx->env.namespace_ && *ctx->env.namespace_ ? ctx->env.namespace_ : "default",
        .parent_name = parent,
        .outdir = outdir,
        .allow_secrets = allow_secrets,
        .is_encrypted = gitops_sops_detector(),
    };
    if (gitops_render(&plan, &src, &req, &docs, &e) != 0) {
        hp_errorf("%s", e.msg);
        exit_code = e.kind == GITOPS_ERR_WRITE ? HP_EXIT_FAIL : HP_EXIT_USAGE;
        goto out;
    }
    exit_code = HP_EXIT_OK;
    if (outdir) {
        if (gitops_outdir_write(&docs, quiet ? NULL : stdout, &e) != 0) {
            hp_errorf("%s", e.msg);
            exit_code = HP_EXIT_FAIL;
        }
    } else {
        struct hp_buf stream = {0};
        gitops_docs_stream(&docs, &stream);
        if (hp_file_write_atomic("-", stream.data, stream.len, 0644, &e) != 0) {
            hp_errorf("%s", e.msg);
            exit_code = HP_EXIT_FAIL;
        }
        hp_buf_free(&stream);
    }
out:
    gitops_docs_free(&docs);
    gitops_source_free(&src);
    deploy_plan_free(&plan);
    hp_strlist_free(&dopts.enable);
    hp_strlist_free(&dopts.disable);
    hp_strlist_free(&dopts.sets);
    hp_strlist_free(&pos);
    return exit_code;
}
