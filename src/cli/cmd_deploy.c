/* helm panda install|upgrade|template|uninstall|status: the PanDA system as one ordered,
 * fail-fast, parallel multi-release deployment. Flags -> plan (deploy/plan/plan.h) -> helm dialect
 * -> runner (deploy/run/runner.h) -> report (deploy/run/report.h). */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cmd.h"
#include "cli/deploy_flags.h"
#include "cli/exit.h"
#include "cli/opts.h"
#include "deploy/ops/diagnose.h"
#include "deploy/ops/diff.h"
#include "deploy/run/helmver.h"
#include "deploy/plan/jobs.h"
#include "deploy/ops/list.h"
#include "deploy/ops/pending.h"
#include "deploy/ops/snapshot_store.h"
#include "deploy/plan/plan.h"
#include "deploy/run/progress.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "deploy/config/site.h"
#include "deploy/ops/status.h"
#include "deploy/plan/values.h"
#include "hp/interrupt.h"

struct deploy_flags {
    struct deploy_options o;
    bool template_, keep_going, no_wait, atomic, dry_run, quiet, recover_pending, recover_recent;
    bool apply, cascade, detailed_exitcode; /* diff and apply */
    struct deploy_diff_flags diff;          /* helm-diff's own flags */
    int parallel;
    const char *timeout, *output, *site, *context;
    struct hp_strlist pos, pass;
    struct secrets_keyring kr; /* --identity files; identities load once, for the affix and the values */
};

static const char *verb_of(enum deploy_action a)
{
    switch (a) {
    case DEPLOY_INSTALL: return "deployed";
    case DEPLOY_TEMPLATE: return "rendered";
    case DEPLOY_UNINSTALL: return "uninstalled";
    case DEPLOY_STATUS: return "checked";
    case DEPLOY_ROLLBACK: return "rolled back";
    case DEPLOY_DIFF: return "compared";
    }
    return "done";
}

static void print_json(void *j)
{
    char *s = cJSON_Print(j);
    puts(s);
    free(s);
    cJSON_Delete(j);
}

/* The steps of plan_and_run return an exit status, or GO_ON to let the next step run. */
#define GO_ON (-1)

/* The plan of the flags. helm pulls OCI charts while planning (deploy/plan/oci_package.h): found first, when
 * there is one. */
static int build_plan(struct hp_ctx *ctx, struct deploy_flags *f, enum deploy_action action, struct deploy_plan *plan)
{
    struct hp_error e = {0};
    struct hp_error no_helm = {0};
    f->o.helm = hp_helmenv_require_bin(&ctx->env, &no_helm) == 0 ? ctx->env.bin : NULL;
    f->o.oci_offline = action == DEPLOY_UNINSTALL || action == DEPLOY_STATUS; /* no chart needed */
    f->o.experiment_required = action == DEPLOY_INSTALL || (action == DEPLOY_DIFF && f->apply);
    /* these only name releases: a clear affix needs no key (docs/secrets.md, "Without the key") */
    f->o.affix_in_clear = action == DEPLOY_TEMPLATE || action == DEPLOY_STATUS || action == DEPLOY_UNINSTALL;
    if (deploy_plan_build(plan, &f->o, &e) < 0) {
        hp_errorf("%s", e.msg);
        /* a wrong command line or tree is a usage error; an unreadable file or a missing key
         * (the affix in an encrypted secrets/values.yaml) is a failure, as for values files */
        return hp_exit_code(&e, HP_EXIT_FAIL);
    }
    return GO_ON;
}

/* helm (and helm-diff for diff) found and asked for their versions: *major for helm's dialect,
 * *diff_version for helm-diff's. */
static int probe_helm(struct hp_ctx *ctx, const struct deploy_flags *f, enum deploy_action action, int *major,
                      char **diff_version)
{
    struct hp_error e = {0};
    char *version = NULL;
    /* Only install (--wait, --atomic) and uninstall (--wait) speak a version's dialect, and
     * status's one helm list (helm 3 needs --all, helm 4 refuses it): the template argv is the
     * same for helm 3 and 4, so it skips the probe (one helm start fewer, which is most of our
     * own cost for a template run). */
    /* diff: helm-diff before 3.14 needs a flag under helm 4 (deploy_diff_needs_disable_validation) */
    bool dialect = action == DEPLOY_INSTALL || action == DEPLOY_UNINSTALL || action == DEPLOY_DIFF ||
                   (action == DEPLOY_STATUS && !f->dry_run);
    const char *what = f->apply ? "helm panda apply" : "helm panda diff";
    /* diff: helm-diff's and helm's versions asked at once (two helm starts side by side); without
     * helm-diff nothing else runs */
    int probed = 0;
    if (action == DEPLOY_DIFF && !f->dry_run &&
        (hp_helmenv_require_bin(&ctx->env, &e) < 0 ||
         (probed = deploy_diff_probe_and_version(ctx->env.bin, what, diff_version, major, &version, &e)) == -1)) {
        hp_errorf("%s", e.msg);
        return hp_exit_code(&e, HP_EXIT_FAIL); /* no helm-diff: usage; Ctrl-C: 130 */
    }
    bool asked = action == DEPLOY_DIFF && !f->dry_run;
    if (probed < 0 || hp_helmenv_require_bin(&ctx->env, &e) < 0 ||
        (dialect && !asked && deploy_helm_version(ctx->env.bin, major, &version, &e) < 0)) {
        hp_errorf("%s", e.msg);
        free(*diff_version);
        *diff_version = NULL;
        free(version);
        return hp_exit_code(&e, HP_EXIT_USAGE);
    }
    if (dialect)
        hp_debugf("helm %s at %s: helm %d dialect", version, ctx->env.bin, *major >= 4 ? 4 : 3);
    free(version);
    return GO_ON;
}

static struct deploy_helm_args helm_args(const struct hp_ctx *ctx, struct deploy_flags *f,
                                         enum deploy_action action, int major)
{
    return (struct deploy_helm_args){
        .helm = ctx->env.bin,
        .helm_major = major,
        .action = action,
        .wait = !f->no_wait,
        .timeout = f->timeout,
        .atomic = f->atomic,
        .debug = ctx->env.debug,
        .namespace_ = f->o.site ? deploy_site_namespace(f->o.site, ctx->env.namespace_) : ctx->env.namespace_,
        .kube_context = ctx->env.kube_context,
        .passthrough = &f->pass,
        .diff = &f->diff,
    };
}

/* diff and apply: deploy/ops/diff.h runs them (and the install of apply). */
static int run_diff(struct deploy_flags *f, struct deploy_plan *plan, const struct deploy_helm_args *h, bool json)
{
    struct deploy_helm_args hi = *h;
    hi.action = DEPLOY_INSTALL;
    hi.diff = NULL;
    struct deploy_diff_exec x = {
        .diff = h,
        .install = f->apply ? &hi : NULL,
        .kr = &f->kr,
        .parallel = f->parallel,
        .keep_going = f->keep_going,
        .cascade = f->cascade,
        .quiet = f->quiet,
        .json = json,
        .detailed_exitcode = f->detailed_exitcode,
    };
    return deploy_diff_execute(plan, &x);
}

/* --dry-run: the plan with its argv, run nothing. */
static int print_plan(struct deploy_plan *plan, bool json)
{
    if (json)
        print_json(deploy_plan_to_json(plan));
    else
        deploy_plan_print(plan, stdout);
    return HP_EXIT_OK;
}

/* Before the releases run: --recover-pending, then the values files (decrypted into memfiles). */
static int prepare_run(struct deploy_flags *f, enum deploy_action action, struct deploy_plan *plan,
                       const struct deploy_helm_args *h)
{
    struct hp_error e = {0};
    if (action == DEPLOY_INSTALL && (f->recover_pending || f->recover_recent)) {
        int rc = deploy_pending_recover(plan, h, f->parallel, f->quiet, f->recover_recent);
        if (rc != HP_EXIT_OK)
            return rc;
    }
    int vr = action == DEPLOY_UNINSTALL || action == DEPLOY_STATUS ? 0 : deploy_values_prepare(&f->kr, plan, &e);
    if (vr < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_FAIL;
    }
    if (hp_debug_enabled())
        deploy_plan_print(plan, stderr); /* with /dev/fd/N where SOPS files were decrypted */
    return GO_ON;
}

/* The summary of a finished run (not status): text or JSON, and the exit status. */
static int report_run(struct deploy_flags *f, enum deploy_action action, struct deploy_plan *plan,
                      const struct deploy_helm_args *h, struct report *rep, const struct deploy_jobs *dj, int res,
                      bool json)
{
    struct runner_job *jobs = dj->v;
    /* why a release failed its wait: what was not ready, and the cluster's reasons */
    struct diagnoses why = {0};
    struct progress_target pt = {h->helm, h->helm_major, h->namespace_, h->kube_context};
    if (action == DEPLOY_INSTALL && res == RUNNER_SOME_FAILED && h->wait)
        deploy_diagnose(&why, &pt, jobs, plan->n);
    if (json) {
        cJSON *o = report_summary_json(rep, jobs, dj->n, res);
        deploy_diagnose_json(&why, o);
        if (action == DEPLOY_TEMPLATE) {
            cJSON *a = cJSON_GetObjectItem(o, "releases");
            for (size_t i = 0; i < plan->n; i++)
                if (jobs[i].state == RUNNER_OK)
                    cJSON_AddStringToObject(cJSON_GetArrayItem(a, (int)i), "manifest",
                                            jobs[i].out.len ? hp_buf_cstr(&jobs[i].out) : "");
        }
        cJSON_AddItemToObject(o, "plan", deploy_plan_to_json(plan));
        print_json(o);
    } else {
        report_summary(rep, jobs, dj->n, res);
        deploy_diagnose_print(&why, jobs, rep->out);
        if (!rep->quiet || res != RUNNER_ALL_OK)
            deploy_plan_print_packages(plan, rep->out); /* what was deployed, by digest */
    }
    deploy_diagnose_free(&why);
    int rc = runner_exit_code(res);
    if (action == DEPLOY_INSTALL && res == RUNNER_SOME_FAILED)
        deploy_pending_explain(plan, h, jobs, plan->n, NULL, f->parallel);
    return rc;
}

/* Every release through the runner, then the report (or the status table). */
static int run_releases(struct deploy_flags *f, enum deploy_action action, struct deploy_plan *plan,
                        const struct deploy_helm_args *h, bool json)
{
    struct hp_error e = {0};
    struct deploy_jobs jobs;
    deploy_jobs_build(&jobs, plan, action);
    struct report rep;
    report_init(&rep, stderr, f->quiet || action == DEPLOY_STATUS, verb_of(action));
    rep.labels = jobs.labels;
    /* helm's uninstall --ignore-not-found says "uninstalled" of a release that was never there:
     * what helm lists before the run tells the two apart in the summary */
    bool *absent = NULL;
    if (action == DEPLOY_UNINSTALL) {
        const char **names = hp_xcalloc(jobs.n ? jobs.n : 1, sizeof *names);
        for (size_t i = 0; i < jobs.n; i++)
            names[i] = jobs.v[i].name;
        absent = deploy_helm_list_absent(h->helm, h->helm_major, names, jobs.n, h->namespace_, h->kube_context);
        free(names);
    }
    rep.absent = absent;
    /* what helm --wait waits for, while it waits (install and upgrade) */
    struct progress_target pt = {h->helm, h->helm_major, h->namespace_, h->kube_context};
    struct progress *pg = action == DEPLOY_INSTALL && h->wait ? progress_start(&pt, &rep) : NULL;
    struct runner_opts ro = {
        .parallel = f->parallel,
        .keep_going = f->keep_going || action == DEPLOY_STATUS,
        .ordered_stdout = action == DEPLOY_TEMPLATE && !json ? stdout : NULL,
        .events = progress_events(pg, &rep.events),
        .stops_all = action == DEPLOY_INSTALL ? deploy_job_locked : NULL, /* another run is at work here */
    };
    int res = runner_run(jobs.v, jobs.n, &ro, &e);
    progress_stop(pg);
    int rc;
    if (res < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    } else if (action == DEPLOY_STATUS) {
        rc = res == RUNNER_INTERRUPTED ? HP_EXIT_INTERRUPTED : deploy_status_print(stdout, plan, jobs.v, h, json, f->quiet);
    } else {
        rc = report_run(f, action, plan, h, &rep, &jobs, res, json);
        if (action == DEPLOY_INSTALL && res == RUNNER_ALL_OK) /* only a run that worked is a good state */
            rc = deploy_snapshot_after_run(plan, h, "install", f->quiet); /* or a signal's status */
        if (plan->last_name)
            deploy_snapshot_forget_said(&jobs.v[jobs.n - 1], absent && absent[jobs.n - 1], f->quiet || json);
    }
    free(absent);
    deploy_jobs_free(&jobs);
    return rc;
}

static int plan_and_run(struct hp_ctx *ctx, struct deploy_flags *f, enum deploy_action action, bool json)
{
    struct deploy_plan plan;
    int rc = build_plan(ctx, f, action, &plan);
    if (rc != GO_ON)
        return rc;
    int major = 0;
    char *diff_version = NULL;
    rc = probe_helm(ctx, f, action, &major, &diff_version);
    if (rc != GO_ON) {
        free(diff_version);
        deploy_plan_free(&plan);
        return rc;
    }
    struct deploy_helm_args h = helm_args(ctx, f, action, major);
    if (action == DEPLOY_DIFF && deploy_diff_needs_disable_validation(major, diff_version)) {
        hp_debugf("helm-diff %s under helm %d: --disable-validation (before 3.14 it passes helm 3's --validate)",
                  diff_version, major);
        f->diff.disable_validation = true;
    }
    free(diff_version);
    if (action == DEPLOY_DIFF && !f->dry_run) {
        rc = run_diff(f, &plan, &h, json);
    } else {
        deploy_plan_argv(&plan, &h);
        if (action == DEPLOY_UNINSTALL && f->o.enable.n == 0 && f->o.disable.n == 0)
            deploy_snapshot_forget_plan(&plan, &h); /* the whole deployment: its snapshots go last */
        if (f->dry_run)
            rc = print_plan(&plan, json);
        else if ((rc = prepare_run(f, action, &plan, &h)) == GO_ON)
            rc = run_releases(f, action, &plan, &h, json);
    }
    deploy_plan_free(&plan);
    return rc;
}

static int run_plan(struct hp_ctx *ctx, struct deploy_flags *f, enum deploy_action action, bool json)
{
    struct hp_error e = {0};
    struct deploy_sites sites = {0};

    if (f->site && deploy_site_select(f->o.root, f->site, &sites, &f->o.site, &e) < 0) {
        hp_errorf("%s", e.msg);
        return HP_EXIT_USAGE;
    }
    int rc = plan_and_run(ctx, f, action, json);
    deploy_sites_free(&sites);
    f->o.site = NULL;
    return rc;
}

/* helm-diff flags after "--" that would change the output we count changes in */
static const char *diff_passthrough_clash(const struct hp_strlist *pass)
{
    static const char *const clash[] = {"--output", "--detailed-exitcode", "--suppress-output-line-regex", NULL};
    for (size_t i = 0; i < pass->n; i++)
        for (const char *const *c = clash; *c; c++)
            if (strncmp(pass->v[i], *c, strlen(*c)) == 0)
                return pass->v[i];
    return NULL;
}

/* The option table of one deployment command: the flags every one takes and those of its action. */
static void build_opts(struct deploy_flags *f, enum deploy_action action, bool apply, struct hp_opt *opts)
{
    const bool diffs = action == DEPLOY_DIFF;
    const bool installs = action == DEPLOY_INSTALL || apply;
    const bool runs = action != DEPLOY_STATUS;
    size_t k = 0;
    opts[k++] = deploy_flag(DEPLOY_FLAG_ROOT, &f->o.root);
    opts[k++] = deploy_flag(DEPLOY_FLAG_SITE, &f->site);
    opts[k++] = deploy_flag(DEPLOY_FLAG_AFFIX, &f->o.affix);
    opts[k++] = deploy_flag(DEPLOY_FLAG_EXPERIMENT, &f->o.experiment);
    opts[k++] = deploy_flag(DEPLOY_FLAG_ENABLE, &f->o.enable);
    opts[k++] = deploy_flag(DEPLOY_FLAG_DISABLE, &f->o.disable);
    if (action != DEPLOY_UNINSTALL && action != DEPLOY_STATUS)
        opts[k++] = deploy_flag(DEPLOY_FLAG_SET, &f->o.sets);
    opts[k++] = deploy_flag(DEPLOY_FLAG_IDENTITY, &f->kr.files);
    if (diffs) {
        opts[k++] = deploy_flag(DEPLOY_FLAG_SHOW_SECRETS, &f->diff.show_secrets);
        opts[k++] = deploy_flag(DEPLOY_FLAG_CONTEXT, &f->context);
        opts[k++] = deploy_flag(DEPLOY_FLAG_NORMALIZE, &f->diff.normalize);
        opts[k++] = deploy_flag(DEPLOY_FLAG_THREE_WAY, &f->diff.three_way_merge);
    }
    if (diffs && !apply)
        opts[k++] = deploy_flag(DEPLOY_FLAG_DETAILED_EXIT, &f->detailed_exitcode);
    if (apply)
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "cascade", &f->cascade, NULL,
                                    "also upgrade every release that needs an upgraded one"};
    if (installs && !apply)
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 't', "template", &f->template_, NULL,
                                    "render with helm template --debug instead of installing"};
    if (installs) {
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "atomic", &f->atomic, NULL,
                                    "roll a failed release back (helm 4: --rollback-on-failure)"};
    }
    if (installs && !apply) /* apply: the diff of a pending release says nothing useful; install first */
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "recover-pending", &f->recover_pending, NULL,
                                    "first uninstall pending-install and roll back pending-upgrade releases"
                                    " (an interrupted helm left them locked) pending for max(--timeout, 15m)"};
    if (installs && !apply)
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "recover-recent-pending", &f->recover_recent, NULL,
                                    "--recover-pending also for releases pending for less: you know no other"
                                    " helm is working on them"};
    if (installs || action == DEPLOY_UNINSTALL) {
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "no-wait", &f->no_wait, NULL,
                                    "do not wait for readiness (default: --wait, helm 4: --wait=watcher)"};
        opts[k++] = (struct hp_opt){HP_OPT_STRING, 0, "timeout", &f->timeout, "DURATION",
                                    "helm --timeout per release (default 10m)"};
    }
    if (runs && (!diffs || apply))
        opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "keep-going", &f->keep_going, NULL,
                                    "after a failure, still run every release that does not depend on it"};
    opts[k++] = (struct hp_opt){HP_OPT_BOOL, 'q', "quiet", &f->quiet, NULL,
                                runs ? "no progress lines" : "no table: the exit status says whether all are deployed"};
    opts[k++] = (struct hp_opt){HP_OPT_INT, 0, "parallel", &f->parallel, "N", "at most N helm processes at once (default 4)"};
    opts[k++] = (struct hp_opt){HP_OPT_BOOL, 0, "dry-run", &f->dry_run, NULL,
                                "print the plan (stages and exact helm commands) and run nothing"};
    opts[k++] = (struct hp_opt){HP_OPT_STRING, 'o', "output", &f->output, "FORMAT", "text (default) or json"};
    opts[k] = (struct hp_opt){0};
}

/* What the parser cannot check: arguments, -o, --parallel, --context, and what follows "--" for
 * diff; the diff colour. */
static int check_flags(const struct hp_cmdinfo *ci, struct deploy_flags *f, enum deploy_action action)
{
    const bool diffs = action == DEPLOY_DIFF;
    const char *bad = NULL;
    if (f->pos.n)
        return hp_usage_error(ci, "unexpected argument '%s' (components go with -c)", f->pos.v[0]);
    if (f->output && strcmp(f->output, "json") != 0 && strcmp(f->output, "text") != 0)
        return hp_usage_error(ci, "-o %s: unknown output format (text or json)", f->output);
    if (f->parallel == 0)
        return hp_usage_error(ci, "--parallel must be at least 1");
    if (f->context && !deploy_flag_context(f->context, &f->diff.context))
        return hp_usage_error(ci, "--context %s: expected a number of lines", f->context);
    double seconds;
    if ((f->recover_pending || f->recover_recent) && deploy_duration_seconds(f->timeout, &seconds) < 0)
        return hp_usage_error(ci, "--timeout %s: not a duration (e.g. 10m, 1h30m, 90s)", f->timeout);
    if (diffs && (bad = diff_passthrough_clash(&f->pass)))
        return hp_usage_error(ci, "-- %s: helm panda %s reads helm-diff's default output itself", bad,
                              f->apply ? "apply" : "diff");
    f->diff.colour = diffs && deploy_flag_diff_colour();
    return GO_ON;
}

static int deploy_command(struct hp_ctx *ctx, int argc, char **argv, enum deploy_action action, bool apply,
                          const char *path, const char *summary)
{
    struct deploy_flags f = {.parallel = 4, .timeout = "10m", .diff = {.context = -1}};
    f.o.keyring = &f.kr;
    f.apply = apply;
    const struct hp_cmdinfo ci = {
        path, "[flags] [-- HELM_FLAGS...]", summary,
        "Components are the charts under <root>/helm (default: msgsvc, iam, panda, harvester, idds, bigmon;\n"
        "more in <root>/helm-panda.yaml). Release names are AFFIX+COMPONENT when the affix ends with '-',\n"
        "else COMPONENT+AFFIX. Namespace, kube-context and debug come from helm (helm -n NS panda ...).\n"
        "Everything after '--' is passed to every helm call.",
        true};
    struct hp_opt opts[32];
    build_opts(&f, action, apply, opts);
    hp_interrupt_catch(); /* from here a signal stops the run at its next step (hp/interrupt.h) */

    int rc;
    if ((rc = hp_opts_command(&ci, opts, argc, argv, &f.pos, &f.pass)) == HP_OPTS_GO_ON &&
        (rc = check_flags(&ci, &f, action)) == GO_ON) {
        if (ctx->env.debug)
            hp_set_debug(true);
        rc = run_plan(ctx, &f, f.template_ ? DEPLOY_TEMPLATE : action, f.output && strcmp(f.output, "json") == 0);
    }
    hp_strlist_free(&f.o.enable);
    hp_strlist_free(&f.o.disable);
    hp_strlist_free(&f.o.sets);
    hp_strlist_free(&f.pos);
    hp_strlist_free(&f.pass);
    secrets_keyring_free(&f.kr);
    return rc;
}

int cmd_install(struct hp_ctx *ctx, int argc, char **argv)
{
    return deploy_command(ctx, argc, argv, DEPLOY_INSTALL, false, "helm panda install",
                          "Install or upgrade the PanDA system: helm upgrade --install per component, in dependency order.");
}

int cmd_upgrade(struct hp_ctx *ctx, int argc, char **argv)
{
    return deploy_command(ctx, argc, argv, DEPLOY_INSTALL, false, "helm panda upgrade",
                          "Same as install: helm upgrade --install per component, in dependency order.");
}

int cmd_template(struct hp_ctx *ctx, int argc, char **argv)
{
    return deploy_command(ctx, argc, argv, DEPLOY_TEMPLATE, false, "helm panda template",
                          "Render every release locally (helm template), with the names and values install would use.");
}

int cmd_uninstall(struct hp_ctx *ctx, int argc, char **argv)
{
    return deploy_command(ctx, argc, argv, DEPLOY_UNINSTALL, false, "helm panda uninstall",
                          "Uninstall the releases, dependents first.");
}

int cmd_status(struct hp_ctx *ctx, int argc, char **argv)
{
    return deploy_command(ctx, argc, argv, DEPLOY_STATUS, false, "helm panda status",
                          "Show the state of every release in one table (helm status).");
}

int cmd_diff(struct hp_ctx *ctx, int argc, char **argv)
{
    return deploy_command(ctx, argc, argv, DEPLOY_DIFF, false, "helm panda diff",
                          "Show what install would change, release by release (helm diff upgrade, the helm-diff plugin).");
}

int cmd_apply(struct hp_ctx *ctx, int argc, char **argv)
{
    return deploy_command(ctx, argc, argv, DEPLOY_DIFF, true, "helm panda apply",
                          "Diff every release, then helm upgrade --install only the new and changed ones, in dependency order.");
}
