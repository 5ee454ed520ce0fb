/* helm panda secrets install|upgrade|template|diff: the secrets chart (<root>/secrets) as one
 * release, with every encrypted input decrypted in memory (deploy/ops/secrets_release.h). This file
 * parses the flags, finds the chart, calls the library in order and prints its errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/deploy_flags.h"
#include "cli/exit.h"
#include "cli/opts.h"
#include "deploy/ops/diff.h"
#include "deploy/plan/plan.h"
#include "deploy/config/root.h"
#include "deploy/ops/secrets_release.h"
#include "deploy/ops/snapshot_store.h"
#include "hp/file.h"
#include "hp/interrupt.h"
#include "hp/util.h"

/* The flags of one run. */
struct secrets_deploy_flags {
    const char *root, *experiment, *release, *context;
    struct hp_strlist values, identities, pos, pass;
    bool skip_checks, debug, quiet;
    bool changes;                   /* install, upgrade: a cluster changes (a typo'd -e is an error) */
    bool detailed_exitcode;         /* diff */
    struct deploy_diff_flags diff;  /* diff: helm-diff's own flags (deploy/plan/plan.h) */
};

/* The steps of secrets_deploy return an exit status, or GO_ON to let the next step run. */
#define GO_ON (-1)

static const char *action_name(enum deploy_secrets_action a)
{
    switch (a) {
    case DEPLOY_SECRETS_INSTALL:
        return "install";
    case DEPLOY_SECRETS_UPGRADE:
        return "upgrade";
    case DEPLOY_SECRETS_TEMPLATE:
        return "template";
    case DEPLOY_SECRETS_DIFF:
        return "diff";
    }
    return "?";
}

static void flags_free(struct secrets_deploy_flags *o)
{
    hp_strlist_free(&o->values);
    hp_strlist_free(&o->identities);
    hp_strlist_free(&o->pos);
    hp_strlist_free(&o->pass);
}

/* The option table: the common flags, and helm-diff's for diff. */
static void build_opts(struct secrets_deploy_flags *o, bool diff, struct hp_opt *opts)
{
    const struct hp_opt common[] = {
        deploy_flag(DEPLOY_FLAG_ROOT, &o->root),
        {HP_OPT_STRING, 'e', "experiment", &o->experiment, "NAME", "also use secrets/values-NAME.yaml when it exists"},
        {HP_OPT_LIST, 'f', "values", &o->values, "FILE", "another values file (SOPS files are decrypted); repeatable"},
        {HP_OPT_STRING, 0, "release", &o->release, "NAME", "the release name (default panda-secrets)"},
        deploy_flag(DEPLOY_FLAG_IDENTITY, &o->identities),
        {HP_OPT_BOOL, 'q', "quiet", &o->quiet, NULL, "no progress lines"},
        {HP_OPT_BOOL, 0, "skip-checks", &o->skip_checks, NULL, "skip the CRIC JSON checks"},
        {HP_OPT_BOOL, 0, "debug", &o->debug, NULL, "say what is decrypted and how it reaches helm"},
    };
    const struct hp_opt diff_opts[] = {
        deploy_flag(DEPLOY_FLAG_SHOW_SECRETS, &o->diff.show_secrets),
        deploy_flag(DEPLOY_FLAG_CONTEXT, &o->context),
        deploy_flag(DEPLOY_FLAG_NORMALIZE, &o->diff.normalize),
        deploy_flag(DEPLOY_FLAG_THREE_WAY, &o->diff.three_way_merge),
        deploy_flag(DEPLOY_FLAG_DETAILED_EXIT, &o->detailed_exitcode),
    };
    size_t k = 0;
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++)
        opts[k++] = common[i];
    for (size_t i = 0; diff && i < sizeof diff_opts / sizeof diff_opts[0]; i++)
        opts[k++] = diff_opts[i];
    opts[k] = (struct hp_opt){0};
}

/* What the parser cannot check: arguments, --context, --release; and the diff colour. */
static int check_flags(const struct hp_cmdinfo *ci, struct secrets_deploy_flags *o, bool diff)
{
    if (o->pos.n)
        return hp_usage_error(ci, "unexpected argument '%s'", o->pos.v[0]);
    if (o->context && !deploy_flag_context(o->context, &o->diff.context))
        return hp_usage_error(ci, "--context %s: expected a number of lines", o->context);
    if (diff)
        o->diff.colour = deploy_flag_diff_colour();
    if (!*o->release)
        return hp_usage_error(ci, "--release needs a name");
    if (!deploy_release_name_valid(o->release)) /* helm would refuse it, after all the decrypting */
        return hp_usage_error(ci, "--release '%s' is not a valid helm release name: " DEPLOY_RELEASE_NAME_RULE,
                              o->release);
    return GO_ON;
}

/* helm, the deployment root and its secrets chart folder (*chart_dir). */
static int find_chart(struct hp_ctx *ctx, const struct secrets_deploy_flags *o, char **chart_dir)
{
    struct hp_error e = {0};
    char *root = NULL;
    if (hp_helmenv_require_bin(&ctx->env, &e) < 0 || deploy_root_find(o->root, &root, &e) < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_USAGE;
    }
    *chart_dir = hp_path_join(root, "secrets");
    free(root);
    if (!hp_path_is_dir(*chart_dir)) {
        hp_errorf("%s: no secrets chart here", *chart_dir);
        return HP_EXIT_USAGE;
    }
    return GO_ON;
}

/* Everything is decrypted and checked before helm is started: the chart, the -e and -f values
 * files, then the chart archive. */
static int decrypt_inputs(const struct secrets_deploy_flags *o, const char *chart_dir, struct deploy_secrets *s)
{
    struct hp_error e = {0};
    for (size_t i = 0; i < o->identities.n; i++)
        hp_strlist_push(&s->kr.files, o->identities.v[i]);
    if (deploy_secrets_load(s, chart_dir, o->skip_checks, &e) < 0) {
        hp_errorf("%s", e.msg);
        return hp_exit_code(&e, HP_EXIT_FAIL);
    }
    if (o->experiment && deploy_secrets_add_experiment(s, chart_dir, o->experiment, o->changes, &e) < 0) {
        hp_errorf("%s", e.msg);
        return hp_exit_code(&e, HP_EXIT_FAIL);
    }
    for (size_t i = 0; i < o->values.n; i++) {
        if (deploy_secrets_add_values(s, o->values.v[i], &e) < 0) {
            hp_errorf("%s", e.msg);
            return HP_EXIT_FAIL;
        }
    }
    if (deploy_secrets_pack(s, chart_dir, &e) < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_FAIL;
    }
    return GO_ON;
}

/* diff: helm-diff and helm probed, as for `helm panda diff`. */
static int probe_diff(const char *what, struct deploy_secrets_run *r, struct deploy_diff_flags *diff)
{
    struct hp_error e = {0};
    if (deploy_secrets_diff_probe(r->helm, what, diff, &r->helm_major, &e) < 0) {
        hp_errorf("%s", e.msg);
        return hp_exit_code(&e, HP_EXIT_FAIL); /* no helm-diff: usage; Ctrl-C: 130 */
    }
    return GO_ON;
}

/* The argv, the last check for a Ctrl-C, then helm. */
static int run_release(const struct deploy_secrets_run *r, struct deploy_secrets *s)
{
    struct hp_error e = {0};
    struct hp_strlist hargv = {0};
    deploy_secrets_argv(s, r, &hargv);
    if (hp_debug_enabled()) {
        struct hp_buf line = {0};
        for (size_t i = 0; i < hargv.n; i++)
            hp_buf_appendf(&line, "%s%s", i ? " " : "", hargv.v[i]);
        hp_debugf("running: %s", hp_buf_cstr(&line));
        hp_buf_free(&line);
    }
    int rc;
    /* a Ctrl-C while secrets were being decrypted was noted (hp/interrupt.h): we stop here,
     * cleanly, with no tmpfs fallback file left in place */
    if (hp_interrupt_signal()) {
        hp_errorf("%s: interrupted before helm was started", r->release);
        rc = hp_interrupt_exit_code();
    } else if ((rc = deploy_secrets_execute(s, r, &hargv, &e)) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    }
    hp_strlist_free(&hargv);
    return rc;
}

static int secrets_deploy(struct hp_ctx *ctx, enum deploy_secrets_action act, int argc, char **argv)
{
    char path[64];
    snprintf(path, sizeof path, "helm panda secrets %s", action_name(act));
    static const char desc[] =
        "Deploys the secrets chart <root>/secrets as release panda-secrets (install and upgrade are\n"
        "both `helm upgrade --install`; template renders it; diff runs `helm diff upgrade`). Encrypted\n"
        "inputs are decrypted in memory: the chart's values.yaml and the -e/-f values files when they\n"
        "are SOPS files, and every SOPS or age (*.age) file under secrets/files/. helm reads the chart\n"
        "as an in-memory archive and the values as in-memory files; nothing decrypted touches the disk.\n"
        "Arguments after -- go to helm unchanged. diff is `helm panda diff` for this one release: the\n"
        "same helm-diff flags, summary line and exit codes.";
    const struct hp_cmdinfo ci = {path, "[flags] [-- helm flags]", "Deploy the secrets chart, decrypted in memory.",
                                  desc, true};
    struct secrets_deploy_flags o = {.release = DEPLOY_SECRETS_RELEASE, .diff = {.context = -1}};
    const bool diff = act == DEPLOY_SECRETS_DIFF;
    o.changes = act == DEPLOY_SECRETS_INSTALL || act == DEPLOY_SECRETS_UPGRADE;
    struct hp_opt opts[16];
    build_opts(&o, diff, opts);
    int r = hp_opts_command(&ci, opts, argc, argv, &o.pos, &o.pass);
    if (r != HP_OPTS_GO_ON) {
        flags_free(&o);
        return r;
    }
    if (o.debug)
        hp_set_debug(true);
    hp_interrupt_catch();
    struct deploy_secrets s;
    deploy_secrets_init(&s);
    char *chart_dir = NULL;
    struct deploy_secrets_run run = {
        .action = act,
        .helm = ctx->env.bin,
        .release = o.release,
        .diff = &o.diff,
        .passthrough = &o.pass,
        .quiet = o.quiet,
        .detailed_exitcode = o.detailed_exitcode,
        .namespace_ = ctx->env.namespace_,
        .kube_context = ctx->env.kube_context,
    };
    int rc;
    if ((rc = check_flags(&ci, &o, diff)) == GO_ON && (rc = find_chart(ctx, &o, &chart_dir)) == GO_ON &&
        (rc = decrypt_inputs(&o, chart_dir, &s)) == GO_ON) {
        run.helm = ctx->env.bin; /* found by find_chart */
        run.release = o.release;
        if (!diff || (rc = probe_diff(path, &run, &o.diff)) == GO_ON)
            rc = run_release(&run, &s);
        if (o.changes && rc == HP_EXIT_OK) /* a good state of the deployment, with this secrets release */
            rc = deploy_snapshot_after_secrets(run.helm, run.release, run.namespace_, run.kube_context, o.root, &s.kr,
                                               o.quiet); /* or a signal's status */
    }
    deploy_secrets_free(&s);
    free(chart_dir);
    flags_free(&o);
    return rc;
}

int cmd_secrets_install(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, DEPLOY_SECRETS_INSTALL, argc, argv);
}

int cmd_secrets_upgrade(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, DEPLOY_SECRETS_UPGRADE, argc, argv);
}

int cmd_secrets_template(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, DEPLOY_SECRETS_TEMPLATE, argc, argv);
}

int cmd_secrets_diff(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, DEPLOY_SECRETS_DIFF, argc, argv);
}
