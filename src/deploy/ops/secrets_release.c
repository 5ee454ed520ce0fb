/* The secrets chart as one release (see include/deploy/ops/secrets_release.h). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/run/helmver.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "deploy/ops/secrets_release.h"
#include "hp/file.h"

void deploy_secrets_init(struct deploy_secrets *s)
{
    memset(s, 0, sizeof *s);
    s->chart_mf.fd = -1;
}

void deploy_secrets_free(struct deploy_secrets *s)
{
    memfile_close(&s->chart_mf);
    for (size_t i = 0; i < s->nvalues; i++)
        memfile_close(&s->values_mf[i]);
    hp_secbuf_free(&s->archive);
    chart_free(&s->chart);
    secrets_keyring_free(&s->kr);
}

int deploy_secrets_load(struct deploy_secrets *s, const char *chart_dir, bool skip_checks, struct hp_error *e)
{
    if (chart_load(&s->chart, chart_dir, &s->kr, e) < 0 || (!skip_checks && chart_check_cric(&s->chart, e) < 0))
        return -1;
    hp_debugf("%s: %zu files, %zu decrypted in memory", chart_dir, s->chart.n, s->chart.decrypted);
    return 0;
}

int deploy_secrets_add_values(struct deploy_secrets *s, const char *path, struct hp_error *e)
{
    if (s->nvalues == DEPLOY_SECRETS_MAX_VALUES)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: too many values files (at most %d)", path,
                            DEPLOY_SECRETS_MAX_VALUES);
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

int deploy_secrets_add_experiment(struct deploy_secrets *s, const char *chart_dir, const char *experiment, bool required,
                                  struct hp_error *e)
{
    char *name = hp_xasprintf("values-%s.yaml", experiment);
    char *vf = hp_path_join(chart_dir, name);
    free(name);
    int vr = 0;
    if (hp_path_exists(vf))
        vr = deploy_secrets_add_values(s, vf, e);
    else if (required)
        vr = hp_error_set(e, DEPLOY_ERR_CONFIG, "-e %s: no values-%s.yaml in the secrets chart (looked for %s)", experiment,
                          experiment, vf);
    else
        hp_warnf("-e %s: no values-%s.yaml in the secrets chart (looked for %s)", experiment, experiment, vf);
    free(vf);
    return vr;
}

int deploy_secrets_pack(struct deploy_secrets *s, const char *chart_dir, struct hp_error *e)
{
    if (chart_write_archive(&s->chart, &s->archive, e) < 0 ||
        memfile_create(&s->chart_mf, "helm-panda-chart", s->archive.data, s->archive.len, true, e) < 0)
        return -1;
    hp_debugf("%s: chart archive of %zu bytes handed to helm through a %s (%s)", chart_dir, s->archive.len,
              memfile_kind_name(s->chart_mf.kind), s->chart_mf.path);
    /* the archive now lives in the memfile: drop our copy early */
    hp_secbuf_free(&s->archive);
    return 0;
}

int deploy_secrets_diff_probe(const char *helm, const char *what, struct deploy_diff_flags *diff, int *helm_major,
                              struct hp_error *e)
{
    /* the same probe, argv, parser and summary as `helm panda diff` (deploy/ops/diff.h) */
    char *diff_version = NULL, *helm_version = NULL;
    int major = 0;
    if (deploy_diff_probe_and_version(helm, what, &diff_version, &major, &helm_version, e) < 0) {
        free(diff_version);
        return -1;
    }
    diff->disable_validation = deploy_diff_needs_disable_validation(major, diff_version);
    *helm_major = major;
    if (diff->disable_validation)
        hp_debugf("helm-diff %s under helm %s: --disable-validation (before 3.14 it passes helm 3's --validate)",
                  diff_version, helm_version);
    free(diff_version);
    free(helm_version);
    return 0;
}

void deploy_secrets_argv(const struct deploy_secrets *s, const struct deploy_secrets_run *r, struct hp_strlist *a)
{
    hp_strlist_free(a);
    hp_strlist_push(a, r->helm);
    if (r->action == DEPLOY_SECRETS_DIFF) {
        hp_strlist_push(a, "diff");
        hp_strlist_push(a, "upgrade");
        hp_strlist_push(a, "--allow-unreleased");
        /* helm-diff otherwise renders with the release's computed values (`helm get values
         * --all`), which pins the old chart's values.yaml: a changed secret there would show no
         * change, though `secrets upgrade` deploys it. The chart's values plus our -f files are
         * what upgrade uses, and exactly what --reset-values renders. */
        hp_strlist_push(a, "--reset-values");
    } else if (r->action == DEPLOY_SECRETS_TEMPLATE) {
        hp_strlist_push(a, "template");
    } else {
        hp_strlist_push(a, "upgrade");
        hp_strlist_push(a, "--install");
    }
    hp_strlist_push(a, r->release);
    hp_strlist_push(a, s->chart_mf.path);
    for (size_t i = 0; i < s->nvalues; i++) {
        hp_strlist_push(a, "-f");
        hp_strlist_push(a, s->values_mf[i].path);
    }
    if (r->action == DEPLOY_SECRETS_DIFF)
        deploy_diff_flags_argv(a, r->diff);
    for (size_t i = 0; i < r->passthrough->n; i++)
        hp_strlist_push(a, r->passthrough->v[i]);
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

static const char *const labels[] = {"secrets"};

/* The result of the finished job: the diff table or the summary, and the exit status. */
static int report_result(const struct deploy_secrets_run *r, struct report *rep, struct runner_job *job,
                         const struct diff_ctx *dc, int res)
{
    if (r->action == DEPLOY_SECRETS_DIFF) {
        struct deploy_diff_result d;
        deploy_diff_from_job(job, dc->installed, &d);
        const char *names[] = {r->release};
        if (!r->quiet)
            fputc('\n', stdout);
        deploy_diff_table(stdout, names, labels, 1, job, &d, res);
        return res == RUNNER_INTERRUPTED                             ? HP_EXIT_INTERRUPTED
               : d.status == DEPLOY_DIFF_FAILED                      ? HP_EXIT_FAIL
               : r->detailed_exitcode && deploy_diff_any_change(&d, 1) ? 2
                                                                     : HP_EXIT_OK;
    }
    report_summary(rep, job, 1, res);
    return runner_exit_code(res);
}

int deploy_secrets_execute(struct deploy_secrets *s, const struct deploy_secrets_run *r, struct hp_strlist *argv,
                           struct hp_error *e)
{
    /* one release, run by the same runner and reported like `helm panda install`; the runner
     * hands the memfile descriptors to this helm only (and marks them closed) */
    int *keep[DEPLOY_SECRETS_MAX_VALUES + 1];
    size_t nkeep = 0;
    keep[nkeep++] = &s->chart_mf.fd;
    for (size_t i = 0; i < s->nvalues; i++)
        keep[nkeep++] = &s->values_mf[i].fd;
    struct runner_job job;
    memset(&job, 0, sizeof job);
    job.name = r->release;
    job.argv = hp_strlist_argv(argv);
    job.keep_fds = keep;
    job.n_keep_fds = nkeep;
    struct report rep;
    report_init(&rep, stderr, r->quiet,
                r->action == DEPLOY_SECRETS_TEMPLATE ? "rendered" : r->action == DEPLOY_SECRETS_DIFF ? "compared" : "deployed");
    rep.labels = labels;
    struct diff_ctx dc = {r->release, -1};
    if (r->action == DEPLOY_SECRETS_DIFF) {
        const char *names[] = {r->release};
        bool *inst = deploy_diff_installed(r->helm, r->helm_major, names, 1, r->namespace_, r->kube_context);
        dc.installed = inst ? inst[0] : -1;
        free(inst);
    }
    struct runner_opts ro = {
        .parallel = 1,
        .ordered_stdout = r->action == DEPLOY_SECRETS_TEMPLATE || (r->action == DEPLOY_SECRETS_DIFF && !r->quiet) ? stdout : NULL,
        .ordered_header = r->action == DEPLOY_SECRETS_DIFF ? diff_header : NULL,
        .ordered_ctx = &dc,
        .events = &rep.events,
    };
    int res = runner_run(&job, 1, &ro, e);
    int rc = res < 0 ? -1 : report_result(r, &rep, &job, &dc, res);
    runner_jobs_free(&job, 1);
    return rc;
}
