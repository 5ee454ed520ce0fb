/* helm panda gitops adopt DIR --site NAME [--write]: a site's own Applications read back into
 * a `sites:` profile (gitops/adopt.h), checked by rendering it: printed, and with --write
 * appended to helm-panda.yaml, only when it reproduces DIR field for field. */
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/deploy_flags.h"
#include "cli/exit.h"
#include "cli/gitops_render.h"
#include "cli/opts.h"
#include "deploy/config/components.h"
#include "deploy/config/root.h"
#include "gitops/adopt.h"
#include "gitops/adopt_write.h"
#include "hp/file.h"

static const struct hp_cmdinfo adopt_ci = {
    "helm panda gitops adopt",
    "DIR --site NAME [--write]",
    "Read a site's Argo CD Applications into the sites: profile that reproduces them.",
    "Reads every Application and ImageUpdater of DIR and DIR/apps (one file per component; a\n"
    "parent app-of-apps is read as the site's name, project and sync) and\n"
    "prints the sites.NAME block that makes 'helm panda gitops --site NAME' write the same\n"
    "objects (hand-written files are listed in argocd.takeOver). The block is checked by\n"
    "rendering it: whatever it cannot reproduce is listed field by field and the exit is 1.\n"
    "--write appends the block to <root>/helm-panda.yaml, every other byte unchanged (one\n"
    "--write at a time; nothing is written if the file changed while adopt ran).",
    false,
};

/* The profile appended to the tree's helm-panda.yaml text, parsed and checked as gitops will. */
static int render_appended(struct hp_ctx *ctx, const char *root, const char *file, const struct hp_buf *all,
                           const char *name, const char *dir, struct gitops_docs *docs, struct hp_error *e)
{
    struct deploy_sites sites = {0};
    struct deploy_catalogue c = {0};
    int rc = deploy_sites_parse(&sites, file, all->data, all->len, e);
    if (rc == 0)
        rc = deploy_catalogue_load(&c, root, e);
    if (rc == 0)
        rc = deploy_sites_check(&sites, &c, root, e);
    if (rc == 0)
        rc = cli_gitops_render(ctx, &(struct gitops_flags){.dopts = {.root = root}}, deploy_sites_find(&sites, name),
                               dir, docs, e);
    deploy_catalogue_free(&c);
    deploy_sites_free(&sites);
    return rc;
}

static int adopt(struct hp_ctx *ctx, const char *root, const char *dir, const char *name, bool write)
{
    struct hp_error e = {0};
    struct gitops_adopt a = {0};
    struct hp_buf block = {0}, all = {0};
    struct gitops_docs docs = {0};
    char *file = hp_path_join(root, DEPLOY_COMPONENTS_FILE);
    struct gitops_profile_file pf;
    /* --write: another adopt --write waits here until this one is done */
    int rc = gitops_profile_open(&pf, file, write, &e);
    const struct hp_buf have = pf.have;
    if (rc == 0)
        rc = gitops_adopt_read_dir(&a, dir, &e);
    if (rc == 0) {
        gitops_adopt_profile(&a, name, &block);
        rc = gitops_adopt_append(file, &have, name, &block, &all, &e);
    }
    int exit_code = rc == 0 ? HP_EXIT_OK : hp_exit_code(&e, HP_EXIT_USAGE);
    if (rc != 0)
        hp_errorf("%s", e.msg);
    if (rc == 0 && render_appended(ctx, root, file, &all, name, dir, &docs, &e) != 0)
        hp_strlist_pushf(&a.problems, "the profile: %s", e.msg);
    else if (rc == 0 && gitops_adopt_verify(&docs, dir, &a.problems, &e) != 0)
        hp_strlist_pushf(&a.problems, "%s", e.msg);
    if (rc == 0) {
        /* what --write appends: the block, under a new sites: when the file has none */
        fwrite(all.data + have.len, 1, all.len - have.len, stdout);
        fflush(stdout); /* the block before the lines about it, also when both go to one pipe */
        for (size_t i = 0; i < a.problems.n; i++)
            hp_errorf("cannot reproduce %s", a.problems.v[i]);
        if (a.problems.n) {
            hp_errorf("%zu field%s of %s the profile cannot express: helm-panda.yaml left as it is", a.problems.n,
                      a.problems.n == 1 ? "" : "s", dir);
            exit_code = HP_EXIT_FAIL;
        } else if (write && gitops_profile_replace(&pf, all.data, all.len, &e) != 0) {
            hp_errorf("%s", e.msg);
            exit_code = hp_exit_code(&e, HP_EXIT_FAIL);
        } else if (write) {
            fprintf(stderr, "appended sites.%s to %s\n", name, file);
        }
    }
    gitops_docs_free(&docs);
    gitops_adopt_free(&a);
    gitops_profile_close(&pf);
    hp_buf_free(&block);
    hp_buf_free(&all);
    free(file);
    return exit_code;
}

int cmd_gitops_adopt(struct hp_ctx *ctx, int argc, char **argv)
{
    const char *site = NULL, *root_flag = NULL;
    bool write = false;
    const struct hp_opt opts[] = {
        deploy_flag(DEPLOY_FLAG_SITE, &site),
        deploy_flag(DEPLOY_FLAG_ROOT, &root_flag),
        {HP_OPT_BOOL, 0, "write", &write, NULL, "append the profile to <root>/helm-panda.yaml when it reproduces DIR"},
        {0},
    };
    struct hp_strlist pos = {0};
    int exit_code = hp_opts_command(&adopt_ci, opts, argc, argv, &pos, NULL);
    if (exit_code == HP_OPTS_GO_ON && pos.n != 1)
        exit_code = hp_usage_error(&adopt_ci, "expected one folder of Applications (DIR)");
    if (exit_code == HP_OPTS_GO_ON && !site)
        exit_code = hp_usage_error(&adopt_ci, "--site NAME: the name of the site to write");
    if (exit_code == HP_OPTS_GO_ON) {
        struct hp_error e = {0};
        char *root = NULL;
        if (deploy_root_find(root_flag, &root, &e) != 0) {
            hp_errorf("%s", e.msg);
            exit_code = HP_EXIT_USAGE;
        } else {
            exit_code = adopt(ctx, root, pos.v[0], site, write);
        }
        free(root);
    }
    hp_strlist_free(&pos);
    return exit_code;
}
