/* helm panda secrets install|upgrade|template|diff: the secrets chart (<root>/secrets) as one
 * release, with every encrypted input decrypted in memory. helm gets the chart as an in-memory
 * archive and the values files as in-memory files, all as /dev/fd/N (see secrets/memfile.h);
 * nothing decrypted is ever written to disk. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/exit.h"
#include "cli/opts.h"
#include "deploy/diff.h"
#include "deploy/helmver.h"
#include "deploy/plan.h"
#include "deploy/report.h"
#include "deploy/root.h"
#include "deploy/runner.h"
#include "hp/file.h"
#include "hp/util.h"
#include "secrets/chart.h"
#include "secrets/cric.h"
#include "secrets/decrypt.h"
#include "secrets/memfile.h"

#define SECRETS_RELEASE "panda-secrets"
#define MAX_VALUES 64

enum action { ACT_INSTALL, ACT_UPGRADE, ACT_TEMPLATE, ACT_DIFF };

struct deploy_opts {
    const char *root, *env, *release, *context;
    struct hp_strlist values, identities, pos, pass;
    bool skip_checks, debug, quiet;
    bool detailed_exitcode;         /* diff */
    struct deploy_diff_flags diff;  /* diff: helm-diff's own flags (deploy/diff.h) */
};

/* A Ctrl-C while secrets are being decrypted (before the runner takes over the signals) must
 * not kill us with a tmpfs fallback file still in place: it is noted, and we stop cleanly. */
static volatile sig_atomic_t early_signal;
static void note_signal(int sig)
{
    early_signal = sig;
}

struct diff_ctx {
    const char *release;
    int installed; /* 1, 0, -1 unknown (deploy_diff_from_job) */
};

static void diff_header(void *ctx, const struct runner_job *j, size_t index, struct hp_buf *out)
{
    const struct diff_ctx *c = ctx;
    (void)index;
    deploy_diff_header(out, c->release, "secrets", j, c->installed);
}

static const char *action_name(enum action a)
{
    switch (a) {
    case ACT_INSTALL:
        return "install";
    case ACT_UPGRADE:
        return "upgrade";
    case ACT_TEMPLATE:
        return "template";
    case ACT_DIFF:
        return "diff";
    }
    return "?";
}

/* Everything that holds plaintext, released on every way out. */
struct deploy_state {
    struct secrets_keyring kr;
    struct chart chart;
    struct hp_secbuf archive;
    struct memfile chart_mf;
    struct memfile values_mf[MAX_VALUES];
    size_t nvalues;
};

static void state_free(struct deploy_state *s)
{
    memfile_close(&s->chart_mf);
    for (size_t i = 0; i < s->nvalues; i++)
        memfile_close(&s->values_mf[i]);
    hp_secbuf_free(&s->archive);
    chart_free(&s->chart);
    secrets_keyring_free(&s->kr);
}

static int add_values_file(struct deploy_state *s, const char *path, struct hp_error *e)
{
    if (s->nvalues == MAX_VALUES)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: too many values files (at most %d)", path, MAX_VALUES);
    struct hp_secbuf plain = {0};
    enum secrets_input_kind kind;
    if (secrets_read_plaintext(&s->kr, path, &plain, &kind, e) < 0) {
        hp_secbuf_free(&plain);
        return -1;
    }
    if (kind == SECRETS_AGE) {
        hp_secbuf_free(&plain);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: an age file cannot be a values file (use SOPS)", path);
    }
    struct memfile *mf = &s->values_mf[s->nvalues];
    int rc = memfile_create(mf, "helm-panda-values", plain.data ? plain.data : (const unsigned char *)"", plain.len,
                            false, e);
    hp_secbuf_free(&plain);
    if (rc < 0) {
        hp_error_prefix(e, "%s", path);
        return -1;
    }
    s->nvalues++;
    hp_debugf("%s: %s, handed to helm through a %s (%s)", path, kind == SECRETS_SOPS ? "decrypted" : "plain",
              memfile_kind_name(mf->kind), mf->path);
    return 0;
}

static int secrets_deploy(struct hp_ctx *ctx, enum action act, int argc, char **argv)
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
    struct deploy_opts o = {0};
    o.release = SECRETS_RELEASE;
    o.diff.context = -1;
    const bool diff = act == ACT_DIFF;
    const struct hp_opt diff_opts[] = {
        {HP_OPT_BOOL, 0, "show-secrets", &o.diff.show_secrets, NULL,
         "show Secret data in the diff (helm-diff masks it by default)"},
        {HP_OPT_STRING, 0, "context", &o.context, "N", "lines of context around each change (helm-diff --context)"},
        {HP_OPT_BOOL, 0, "normalize-manifests", &o.diff.normalize, NULL, "normalize manifests before comparing (helm-diff)"},
        {HP_OPT_BOOL, 0, "three-way-merge", &o.diff.three_way_merge, NULL,
         "compare with the live objects too, not only the release (helm-diff)"},
        {HP_OPT_BOOL, 0, "detailed-exitcode", &o.detailed_exitcode, NULL, "exit 0 without changes, 2 with changes, 1 on error"},
    };
    struct hp_opt opts[16] = {
        {HP_OPT_STRING, 'C', "root", &o.root, "DIR",
         "deployment root (default: $PANDA_K8S_DIR or the current directory, searched upward)"},
        {HP_OPT_STRING, 'e', "experiment", &o.env, "NAME", "also use secrets/values-NAME.yaml when it exists"},
        {HP_OPT_LIST, 'f', "values", &o.values, "FILE", "another values file (SOPS files are decrypted); repeatable"},
        {HP_OPT_STRING, 0, "release", &o.release, "NAME", "the release name (default panda-secrets)"},
        {HP_OPT_LIST, 0, "identity", &o.identities, "FILE", "an age identity file, besides the SOPS places"},
        {HP_OPT_BOOL, 'q', "quiet", &o.quiet, NULL, "no progress lines"},
        {HP_OPT_BOOL, 0, "skip-checks", &o.skip_checks, NULL, "skip the CRIC JSON checks"},
        {HP_OPT_BOOL, 0, "debug", &o.debug, NULL, "say what is decrypted and how it reaches helm"},
        {0},
    };
    if (diff) {
        size_t k = 0;
        while (opts[k].kind)
            k++;
        for (size_t i = 0; i < sizeof diff_opts / sizeof diff_opts[0]; i++)
            opts[k++] = diff_opts[i];
        opts[k] = (struct hp_opt){0};
    }
    int r = hp_opts_parse(&ci, opts, argc, argv, &o.pos, &o.pass);
    if (r != HP_OPTS_OK) {
        hp_strlist_free(&o.values);
        hp_strlist_free(&o.identities);
        hp_strlist_free(&o.pos);
        hp_strlist_free(&o.pass);
        /* could be hp_opts_command (cli/opts.h), as the secrets crypt/file commands do */
        return r == HP_OPTS_HELP ? HP_EXIT_OK : HP_EXIT_USAGE;
    }
    if (o.debug)
        hp_set_debug(true);
    struct sigaction sa, old_int, old_term, old_hup;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = note_signal;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = SA_RESTART; /* noted, checked before helm starts: reads and writes carry on */
    early_signal = 0;
    sigaction(SIGINT, &sa, &old_int);
    sigaction(SIGTERM, &sa, &old_term);
    sigaction(SIGHUP, &sa, &old_hup);
    int rc = HP_EXIT_OK;
    struct hp_error e = {0};
    struct deploy_state s;
    memset(&s, 0, sizeof s);
    s.chart_mf.fd = -1;
    char *root = NULL, *chart_dir = NULL;
    struct hp_strlist hargv = {0};
    int diff_major = 0; /* secrets diff: helm's major version */

    if (o.pos.n) {
        rc = hp_usage_error(&ci, "unexpected argument '%s'", o.pos.v[0]);
        goto out;
    }
    if (o.context) {
        char *end;
        long v = strtol(o.context, &end, 10);
        if (!*o.context || *end || v < 0 || v > 1000000) {
            rc = hp_usage_error(&ci, "--context %s: expected a number of lines", o.context);
            goto out;
        }
        o.diff.context = (int)v;
    }
    if (diff) {
        const char *term = getenv("TERM");
        o.diff.colour = isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
    }
    if (!*o.release) {
        rc = hp_usage_error(&ci, "--release needs a name");
        goto out;
    }
    if (!deploy_release_name_valid(o.release)) { /* helm would refuse it, after all the decrypting */
        rc = hp_usage_error(&ci, "--release '%s' is not a valid helm release name: " DEPLOY_RELEASE_NAME_RULE,
                            o.release);
        goto out;
    }
    if (hp_helmenv_require_bin(&ctx->env, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_USAGE;
        goto out;
    }
    if (deploy_root_find(o.root, &root, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_USAGE;
        goto out;
    }
    chart_dir = hp_path_join(root, "secrets");
    if (!hp_path_is_dir(chart_dir)) {
        hp_errorf("%s: no secrets chart here", chart_dir);
        rc = HP_EXIT_USAGE;
        goto out;
    }
    for (size_t i = 0; i < o.identities.n; i++)
        hp_strlist_push(&s.kr.files, o.identities.v[i]);

    /* everything is decrypted and checked before helm is started */
    if (chart_load(&s.chart, chart_dir, &s.kr, &e) < 0 || (!o.skip_checks && chart_check_cric(&s.chart, &e) < 0)) {
        hp_errorf("%s", e.msg);
        rc = hp_exit_code(&e, HP_EXIT_FAIL);
        goto out;
    }
    hp_debugf("%s: %zu files, %zu decrypted in memory", chart_dir, s.chart.n, s.chart.decrypted);
    if (o.env) {
        char *name = hp_xasprintf("values-%s.yaml", o.env);
        char *vf = hp_path_join(chart_dir, name);
        free(name);
        int vr = hp_path_exists(vf) ? add_values_file(&s, vf, &e) : 0;
        if (!hp_path_exists(vf))
            hp_debugf("%s: not there, environment %s adds no values", vf, o.env);
        free(vf);
        if (vr < 0) {
            hp_errorf("%s", e.msg);
            rc = HP_EXIT_FAIL;
            goto out;
        }
    }
    for (size_t i = 0; i < o.values.n; i++) {
        if (add_values_file(&s, o.values.v[i], &e) < 0) {
            hp_errorf("%s", e.msg);
            rc = HP_EXIT_FAIL;
            goto out;
        }
    }
    if (chart_write_archive(&s.chart, &s.archive, &e) < 0 ||
        memfile_create(&s.chart_mf, "helm-panda-chart", s.archive.data, s.archive.len, true, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
        goto out;
    }
    hp_debugf("%s: chart archive of %zu bytes handed to helm through a %s (%s)", chart_dir, s.archive.len,
              memfile_kind_name(s.chart_mf.kind), s.chart_mf.path);
    /* the archive now lives in the memfile: drop our copy early */
    hp_secbuf_free(&s.archive);

    hp_strlist_push(&hargv, ctx->env.bin);
    if (act == ACT_DIFF) {
        /* the same probe, argv, parser and summary as `helm panda diff` (deploy/diff.h) */
        char *diff_version = NULL, *helm_version = NULL;
        int major = 0;
        if (deploy_diff_probe(ctx->env.bin, path, &diff_version, &e) < 0 ||
            deploy_helm_version(ctx->env.bin, &major, &helm_version, &e) < 0) {
            hp_errorf("%s", e.msg);
            free(diff_version);
            rc = e.kind == DEPLOY_ERR_INTERRUPTED ? HP_EXIT_INTERRUPTED
                 : e.kind == DEPLOY_ERR_HELM      ? HP_EXIT_USAGE
                                                  : HP_EXIT_FAIL;
            goto out;
        }
        o.diff.disable_validation = deploy_diff_needs_disable_validation(major, diff_version);
        diff_major = major;
        if (o.diff.disable_validation)
            hp_debugf("helm-diff %s under helm %s: --disable-validation (before 3.14 it passes helm 3's --validate)",
                      diff_version, helm_version);
        free(diff_version);
        free(helm_version);
        hp_strlist_push(&hargv, "diff");
        hp_strlist_push(&hargv, "upgrade");
        hp_strlist_push(&hargv, "--allow-unreleased");
        /* helm-diff otherwise renders with the release's computed values (`helm get values
         * --all`), which pins the old chart's values.yaml: a changed secret there would show no
         * change, though `secrets upgrade` deploys it. The chart's values plus our -f files are
         * what upgrade uses, and exactly what --reset-values renders. */
        hp_strlist_push(&hargv, "--reset-values");
    } else if (act == ACT_TEMPLATE) {
        hp_strlist_push(&hargv, "template");
    } else {
        hp_strlist_push(&hargv, "upgrade");
        hp_strlist_push(&hargv, "--install");
    }
    hp_strlist_push(&hargv, o.release);
    hp_strlist_push(&hargv, s.chart_mf.path);
    for (size_t i = 0; i < s.nvalues; i++) {
        hp_strlist_push(&hargv, "-f");
        hp_strlist_push(&hargv, s.values_mf[i].path);
    }
    if (act == ACT_DIFF)
        deploy_diff_flags_argv(&hargv, &o.diff);
    for (size_t i = 0; i < o.pass.n; i++)
        hp_strlist_push(&hargv, o.pass.v[i]);
    if (hp_debug_enabled()) {
        struct hp_buf line = {0};
        for (size_t i = 0; i < hargv.n; i++)
            hp_buf_appendf(&line, "%s%s", i ? " " : "", hargv.v[i]);
        hp_debugf("running: %s", hp_buf_cstr(&line));
        hp_buf_free(&line);
    }

    /* one release, run by the same runner and reported like `helm panda install`; the runner
     * hands the memfile descriptors to this helm only (and marks them closed) */
    int *keep[MAX_VALUES + 1];
    size_t nkeep = 0;
    keep[nkeep++] = &s.chart_mf.fd;
    for (size_t i = 0; i < s.nvalues; i++)
        keep[nkeep++] = &s.values_mf[i].fd;
    if (early_signal) {
        hp_errorf("%s: interrupted before helm was started", o.release);
        rc = HP_EXIT_INTERRUPTED;
        goto out;
    }
    struct runner_job job;
    memset(&job, 0, sizeof job);
    job.name = o.release;
    job.argv = hp_strlist_argv(&hargv);
    job.keep_fds = keep;
    job.n_keep_fds = nkeep;
    static const char *const labels[] = {"secrets"};
    struct report rep;
    report_init(&rep, stderr, o.quiet, act == ACT_TEMPLATE ? "rendered" : act == ACT_DIFF ? "compared" : "deployed");
    rep.labels = labels;
    struct diff_ctx dc = {o.release, -1};
    if (act == ACT_DIFF) {
        const char *names[] = {o.release};
        bool *inst = deploy_diff_installed(ctx->env.bin, diff_major, names, 1, ctx->env.namespace_, ctx->env.kube_context);
        dc.installed = inst ? inst[0] : -1;
        free(inst);
    }
    struct runner_opts ro = {
        .parallel = 1,
        .ordered_stdout = act == ACT_TEMPLATE || act == ACT_DIFF ? stdout : NULL,
        .ordered_header = act == ACT_DIFF ? diff_header : NULL,
        .ordered_ctx = &dc,
        .events = &rep.events,
    };
    int res = runner_run(&job, 1, &ro, &e);
    if (res < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
    } else if (act == ACT_DIFF) {
        struct deploy_diff_result d;
        deploy_diff_from_job(&job, dc.installed, &d);
        const char *names[] = {o.release};
        fputc('\n', stdout);
        deploy_diff_table(stdout, names, labels, 1, &job, &d, res);
        rc = res == RUNNER_INTERRUPTED          ? HP_EXIT_INTERRUPTED
             : d.status == DEPLOY_DIFF_FAILED   ? HP_EXIT_FAIL
             : o.detailed_exitcode && deploy_diff_any_change(&d, 1) ? 2
                                                : HP_EXIT_OK;
    } else {
        report_summary(&rep, &job, 1, res);
        rc = res == RUNNER_ALL_OK ? HP_EXIT_OK : res == RUNNER_INTERRUPTED ? HP_EXIT_INTERRUPTED : HP_EXIT_FAIL;
    }
    runner_jobs_free(&job, 1);

out:
    state_free(&s);
    sigaction(SIGINT, &old_int, NULL);
    sigaction(SIGTERM, &old_term, NULL);
    sigaction(SIGHUP, &old_hup, NULL);
    hp_strlist_free(&hargv);
    free(root);
    free(chart_dir);
    hp_strlist_free(&o.values);
    hp_strlist_free(&o.identities);
    hp_strlist_free(&o.pos);
    hp_strlist_free(&o.pass);
    return rc;
}

int cmd_secrets_install(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, ACT_INSTALL, argc, argv);
}

int cmd_secrets_upgrade(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, ACT_UPGRADE, argc, argv);
}

int cmd_secrets_template(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, ACT_TEMPLATE, argc, argv);
}

int cmd_secrets_diff(struct hp_ctx *ctx, int argc, char **argv)
{
    return secrets_deploy(ctx, ACT_DIFF, argc, argv);
}
