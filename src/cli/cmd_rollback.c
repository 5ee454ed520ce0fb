/* helm panda history and helm panda rollback [SNAPSHOT]: the deployment's snapshots, and every
 * release back to one of them (deploy/ops/snapshot_store.h, deploy/ops/rollback.h). This file
 * parses the flags, asks helm its version and calls the library. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/deploy_flags.h"
#include "cli/exit.h"
#include "cli/opts.h"
#include "deploy/ops/rollback.h"
#include "deploy/ops/snapshot_store.h"
#include "deploy/run/helmver.h"
#include "hp/interrupt.h"
#include "hp/util.h"

struct rb_flags {
    const char *root, *affix, *output, *timeout;
    bool dry_run, prune, no_wait, quiet;
    int parallel;
    struct hp_strlist pos, pass;
    struct secrets_keyring kr;
};

#define GO_ON (-1)

static void print_json(void *j)
{
    char *s = cJSON_Print(j);
    puts(s);
    free(s);
    cJSON_Delete(j);
}

/* The snapshot release's whereabouts: helm, its dialect, the namespace and context helm gave us,
 * the affix. */
static int locate(struct hp_ctx *ctx, struct rb_flags *f, struct deploy_snap_where *w, char **affix)
{
    struct hp_error e = {0};
    char *version = NULL;
    *w = (struct deploy_snap_where){.namespace_ = ctx->env.namespace_, .kube_context = ctx->env.kube_context};
    if (hp_helmenv_require_bin(&ctx->env, &e) < 0 || deploy_helm_version(ctx->env.bin, &w->helm_major, &version, &e) < 0 ||
        deploy_snapshot_affix(f->root, f->affix, &f->kr, affix, &e) < 0) {
        hp_errorf("%s", e.msg);
        free(version);
        return hp_exit_code(&e, HP_EXIT_USAGE);
    }
    free(version);
    w->helm = ctx->env.bin;
    w->affix = *affix;
    return GO_ON;
}

static void history_table(const struct deploy_snapshots *s)
{
    printf("%-4s %-20s %-22s %-30s %s\n", "ID", "TIME", "COMMAND", "BY", "RELEASES");
    for (size_t i = s->n; i-- > 0;) {
        const struct deploy_snapshot *x = &s->v[i];
        printf("%-4d %-20s %-22s %-30s ", x->id, x->time, x->command ? x->command : "", x->by ? x->by : "");
        for (size_t k = 0; k < x->n; k++)
            printf("%s%s:%d", k ? " " : "", x->r[k].name, x->r[k].revision);
        putchar('\n');
    }
}

static int history(struct hp_ctx *ctx, struct rb_flags *f, bool json)
{
    struct deploy_snap_where w;
    char *affix = NULL;
    int rc = locate(ctx, f, &w, &affix);
    struct deploy_snapshots s = {0};
    struct hp_error e = {0};
    if (rc == GO_ON && deploy_snapshots_read(&w, &s, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = hp_exit_code(&e, HP_EXIT_FAIL);
    }
    if (rc == GO_ON) {
        if (json)
            print_json(deploy_snapshots_to_json(&s));
        else if (s.n == 0)
            fprintf(stderr, "no snapshot recorded yet (install, upgrade, apply and secrets upgrade record one)\n");
        else
            history_table(&s);
        rc = HP_EXIT_OK;
    }
    deploy_snapshots_free(&s);
    free(affix);
    return rc;
}

static int rollback(struct hp_ctx *ctx, struct rb_flags *f, int id, bool json)
{
    struct deploy_snap_where w;
    char *affix = NULL;
    int rc = locate(ctx, f, &w, &affix);
    struct deploy_rb_opts o = {&w, id, f->prune, !f->no_wait, f->quiet, json, f->timeout, ctx->env.debug};
    struct deploy_rb_plan p = {0};
    struct hp_error e = {0};
    if (rc == GO_ON && deploy_rollback_plan(&p, &o, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = hp_exit_code(&e, HP_EXIT_FAIL);
    }
    if (rc == GO_ON && f->dry_run) {
        if (json)
            print_json(deploy_rollback_json(&p));
        else
            deploy_rollback_print(&p, stdout);
        rc = HP_EXIT_OK;
    } else if (rc == GO_ON && (rc = deploy_rollback_run(&p, &o, f->parallel, &e)) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    }
    deploy_rollback_plan_free(&p);
    free(affix);
    return rc;
}

static int snapshot_arg(const struct hp_cmdinfo *ci, const struct rb_flags *f, int *id)
{
    *id = 0;
    if (f->pos.n > 1)
        return hp_usage_error(ci, "unexpected argument '%s' (one snapshot at most)", f->pos.v[1]);
    if (f->pos.n == 1) {
        char *end;
        long v = strtol(f->pos.v[0], &end, 10);
        if (*end || end == f->pos.v[0] || v < 1 || v > 1000000000)
            return hp_usage_error(ci, "snapshot '%s': expected a snapshot id (helm panda history)", f->pos.v[0]);
        *id = (int)v;
    }
    return GO_ON;
}

static int command(struct hp_ctx *ctx, int argc, char **argv, bool is_rollback)
{
    struct rb_flags f = {.parallel = 4, .timeout = "10m"};
    const struct hp_cmdinfo ci = {
        is_rollback ? "helm panda rollback" : "helm panda history", is_rollback ? "[flags] [SNAPSHOT]" : "[flags]",
        is_rollback ? "Roll every release back to its revision in a snapshot (default: the last), dependents first."
                    : "List the deployment's snapshots: the good states install, upgrade, apply and secrets upgrade recorded.",
        "Snapshots live in the release AFFIX+panda-snapshots of helm's namespace (helm -n NS panda ...).", false};
    struct hp_opt opts[16];
    size_t k = 0;
    opts[k++] = deploy_flag(DEPLOY_FLAG_ROOT, &f.root);
    opts[k++] = deploy_flag(DEPLOY_FLAG_AFFIX, &f.affix);
    opts[k++] = deploy_flag(DEPLOY_FLAG_IDENTITY, &f.kr.files);
    if (is_rollback) {
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "prune", &f.prune, NULL,
                                    "uninstall the releases installed since the snapshot (default: left alone)"};
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "no-wait", &f.no_wait, NULL,
                                    "do not wait for readiness (default: --wait, helm 4: --wait=watcher)"};
        opts[k++] = (struct hp_opt){HP_OPT_STRING, 0, "timeout", &f.timeout, "DURATION",
                                    "helm --timeout per release (default 10m)"};
        opts[k++] = (struct hp_opt){HP_OPT_INT, 0, "parallel", &f.parallel, "N", "at most N helm processes at once (default 4)"};
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "dry-run", &f.dry_run, NULL,
                                    "print what would be rolled back (and the exact helm commands), change nothing"};
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 'q', "quiet", &f.quiet, NULL, "no progress lines"};
    }
    opts[k++] = (struct hp_opt){HP_OPT_STRING, 'o', "output", &f.output, "FORMAT", "text (default) or json"};
    opts[k] = (struct hp_opt){0};
    hp_interrupt_catch();
    int rc, id = 0;
    if ((rc = hp_opts_command(&ci, opts, argc, argv, &f.pos, &f.pass)) == HP_OPTS_GO_ON) {
        bool json = f.output && strcmp(f.output, "json") == 0;
        if (ctx->env.debug)
            hp_set_debug(true);
        if (f.output && !json && strcmp(f.output, "text") != 0)
            rc = hp_usage_error(&ci, "-o %s: unknown output format (text or json)", f.output);
        else if (f.parallel == 0)
            rc = hp_usage_error(&ci, "--parallel must be at least 1");
        else if (!is_rollback && f.pos.n)
            rc = hp_usage_error(&ci, "unexpected argument '%s'", f.pos.v[0]);
        else if (!is_rollback)
            rc = history(ctx, &f, json);
        else if ((rc = snapshot_arg(&ci, &f, &id)) == GO_ON)
            rc = rollback(ctx, &f, id, json);
    }
    hp_strlist_free(&f.pos);
    hp_strlist_free(&f.pass);
    secrets_keyring_free(&f.kr);
    return rc;
}

int cmd_history(struct hp_ctx *ctx, int argc, char **argv)
{
    return command(ctx, argc, argv, false);
}

int cmd_rollback(struct hp_ctx *ctx, int argc, char **argv)
{
    return command(ctx, argc, argv, true);
}
