/* helm panda secrets install|upgrade|template|diff: the secrets chart (<root>/secrets) as one
 * release, with every encrypted input decrypted in memory. helm gets the chart as an in-memory
 * archive and the values files as in-memory files, all as /dev/fd/N (see secrets/memfile.h);
 * nothing decrypted is ever written to disk. */
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/commands.h"
#include "cli/opts.h"
#include "hp/file.h"
#include "hp/util.h"
#include "secrets/chart.h"
#include "secrets/cric.h"
#include "secrets/decrypt.h"
#include "secrets/helmcall.h"
#include "secrets/memfile.h"

#define SECRETS_RELEASE "panda-secrets"
#define MAX_VALUES 64

enum action { ACT_INSTALL, ACT_UPGRADE, ACT_TEMPLATE, ACT_DIFF };

struct deploy_opts {
    const char *root, *env, *release;
    struct hp_strlist values, identities, pos, pass;
    bool skip_checks, debug;
};

/* The deployment root: -C/--root, else $PANDA_K8S_DIR, else the nearest directory upwards from
 * here that has secrets/Chart.yaml. (The orchestrator's root discovery replaces this once it
 * lands on main.) */
static char *find_root(const char *flag, struct hp_error *e)
{
    if (flag)
        return hp_xstrdup(flag);
    const char *env = getenv("PANDA_K8S_DIR");
    if (env && *env)
        return hp_xstrdup(env);
    char cwd[PATH_MAX];
    if (!getcwd(cwd, sizeof cwd))
        return hp_error_set(e, 1, "cannot read the current directory"), NULL;
    for (;;) {
        char *probe = hp_xasprintf("%s/secrets/Chart.yaml", *cwd ? cwd : "");
        bool found = hp_path_exists(probe);
        free(probe);
        if (found)
            return hp_xstrdup(*cwd ? cwd : "/");
        char *slash = strrchr(cwd, '/');
        if (!slash || slash == cwd) {
            if (strcmp(cwd, "/") == 0 || !slash)
                break;
            cwd[1] = 0; /* try "/" itself last */
            if (hp_path_exists("/secrets/Chart.yaml"))
                return hp_xstrdup("/");
            break;
        }
        *slash = 0;
    }
    hp_error_set(e, 1, "no deployment root: no secrets/Chart.yaml here or above (use -C DIR or PANDA_K8S_DIR)");
    return NULL;
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
        return hp_error_set(e, 1, "%s: too many values files (at most %d)", path, MAX_VALUES);
    struct hp_secbuf plain = {0};
    enum secrets_input_kind kind;
    if (secrets_read_plaintext(&s->kr, path, &plain, &kind, e) < 0) {
        hp_secbuf_free(&plain);
        return -1;
    }
    if (kind == SECRETS_AGE) {
        hp_secbuf_free(&plain);
        return hp_error_set(e, 1, "%s: an age file cannot be a values file (use SOPS)", path);
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
        "Arguments after -- go to helm unchanged.";
    const struct hp_cmdinfo ci = {path, "[flags] [-- helm flags]", "Deploy the secrets chart, decrypted in memory.",
                                  desc, true};
    struct deploy_opts o = {0};
    o.release = SECRETS_RELEASE;
    const struct hp_opt opts[] = {
        {HP_OPT_STRING, 'C', "root", &o.root, "DIR", "the deployment root (default: $PANDA_K8S_DIR, else search upwards)"},
        {HP_OPT_STRING, 'e', "environment", &o.env, "NAME", "also use secrets/values-NAME.yaml when it exists"},
        {HP_OPT_LIST, 'f', "values", &o.values, "FILE", "another values file (SOPS files are decrypted); repeatable"},
        {HP_OPT_STRING, 0, "release", &o.release, "NAME", "the release name (default panda-secrets)"},
        {HP_OPT_LIST, 'i', "identity", &o.identities, "FILE", "an age identity file, besides the SOPS places"},
        {HP_OPT_BOOL, 0, "skip-checks", &o.skip_checks, NULL, "skip the CRIC JSON checks"},
        {HP_OPT_BOOL, 0, "debug", &o.debug, NULL, "say what is decrypted and how it reaches helm"},
        {0},
    };
    int r = hp_opts_parse(&ci, opts, argc, argv, &o.pos, &o.pass);
    if (r != HP_OPTS_OK) {
        hp_strlist_free(&o.values);
        hp_strlist_free(&o.identities);
        hp_strlist_free(&o.pos);
        hp_strlist_free(&o.pass);
        return r == HP_OPTS_HELP ? HP_EXIT_OK : HP_EXIT_USAGE;
    }
    if (o.debug)
        hp_set_debug(true);
    int rc = HP_EXIT_OK;
    struct hp_error e = {0};
    struct deploy_state s;
    memset(&s, 0, sizeof s);
    s.chart_mf.fd = -1;
    char *root = NULL, *chart_dir = NULL;
    struct hp_strlist hargv = {0};

    if (o.pos.n) {
        rc = hp_usage_error(&ci, "unexpected argument '%s'", o.pos.v[0]);
        goto out;
    }
    if (!*o.release) {
        rc = hp_usage_error(&ci, "--release needs a name");
        goto out;
    }
    if (hp_helmenv_require_bin(&ctx->env, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_USAGE;
        goto out;
    }
    root = find_root(o.root, &e);
    if (!root) {
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
        rc = e.kind == CRIC_ERR_MISSING ? HP_EXIT_USAGE : HP_EXIT_FAIL;
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
        char *probe[] = {ctx->env.bin, "diff", "version", NULL};
        if (helmcall_quiet(probe) != 0) {
            hp_errorf("%s: the helm diff plugin is not installed (helm plugin install "
                      "https://github.com/databus23/helm-diff)",
                      path);
            rc = HP_EXIT_FAIL;
            goto out;
        }
        hp_strlist_push(&hargv, "diff");
        hp_strlist_push(&hargv, "upgrade");
        hp_strlist_push(&hargv, "--allow-unreleased");
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
    for (size_t i = 0; i < o.pass.n; i++)
        hp_strlist_push(&hargv, o.pass.v[i]);
    if (hp_debug_enabled()) {
        struct hp_buf line = {0};
        for (size_t i = 0; i < hargv.n; i++)
            hp_buf_appendf(&line, "%s%s", i ? " " : "", hargv.v[i]);
        hp_debugf("running: %s", hp_buf_cstr(&line));
        hp_buf_free(&line);
    }
    if (act == ACT_INSTALL || act == ACT_UPGRADE)
        fprintf(stderr, "%s: %s: deploying %s (helm upgrade --install)\n", HP_PROG, o.release, chart_dir);

    struct helmcall_result res;
    if (helmcall_run(hp_strlist_argv(&hargv), &res, &e) < 0) {
        hp_errorf("%s", e.msg);
        rc = HP_EXIT_FAIL;
        goto out;
    }
    if (res.interrupted) {
        hp_errorf("%s: interrupted; in-memory secrets wiped", o.release);
        rc = HP_EXIT_INTERRUPTED;
    } else if (res.exit_code != 0) {
        hp_errorf("%s: helm %s failed (exit %d)", o.release, act == ACT_TEMPLATE ? "template" : act == ACT_DIFF ? "diff" : "upgrade --install",
                  res.exit_code);
        rc = HP_EXIT_FAIL;
    } else if (act == ACT_INSTALL || act == ACT_UPGRADE) {
        fprintf(stderr, "%s: %s: deployed\n", HP_PROG, o.release);
    }

out:
    state_free(&s);
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
