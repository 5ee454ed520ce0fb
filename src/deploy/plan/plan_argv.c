/* The exact helm argv of every release, in the dialect of the helm that will run it.
 * helm 4 renamed --atomic to --rollback-on-failure (the old name only warns) and made --wait
 * take a strategy whose default, hookOnly, waits for no resource: readiness is --wait=watcher.
 * helm 3's --wait is a plain switch. */
#include <stdlib.h>
#include <string.h>

#include "deploy/config/oci.h"
#include "deploy/plan/oci_package.h"
#include "deploy/plan/plan.h"
#include "deploy/run/helmwhere.h"
#include "hp/util.h"

static void add_wait(struct hp_strlist *a, const struct deploy_helm_args *h)
{
    if (!h->wait)
        return;
    hp_strlist_push(a, h->helm_major >= 4 ? "--wait=watcher" : "--wait");
}

static void add_common(struct hp_strlist *a, const struct deploy_helm_args *h)
{
    deploy_helm_where_argv(a, h->namespace_, h->kube_context);
}

/* Where the chart is in an argv: the first entry from argv[2] on that names it and is no -f value. */
static size_t chart_at(const struct hp_strlist *argv, const char *chart)
{
    for (size_t i = 2; i < argv->n; i++)
        if (strcmp(argv->v[i], chart) == 0 && strcmp(argv->v[i - 1], "-f") != 0)
            return i;
    return argv->n;
}

/* The pulled package's placeholder in a plan's argv ("package:panda-0.1.0.tgz"), replaced by its
 * /dev/fd/N when the release runs (deploy_values_prepare). */
static char *package_arg(const struct deploy_release *r)
{
    return hp_xasprintf(DEPLOY_OCI_PACKAGE_PREFIX "%s", r->package->file);
}

void deploy_release_swap_chart(struct deploy_release *r, const char *path)
{
    if (!r->package || !r->package->has_tgz)
        return;
    char *arg = package_arg(r);
    size_t i = chart_at(&r->argv, arg);
    free(arg);
    if (i < r->argv.n) {
        free(r->argv.v[i]);
        r->argv.v[i] = hp_xstrdup(path);
    }
}

/* An OCI chart (deploy/config/oci.h), whichever action put the chart on the command line (install,
 * template, and diff too): the package pulled and checked while planning, never the reference,
 * which helm would pull again (a tag moved since then would install what was never diffed or
 * checked); without a package (nothing pulled), --version and (when asked) --plain-http after
 * the reference. */
static void add_oci_flags(const struct deploy_release *r, struct hp_strlist *argv)
{
    if (!r->chart_oci)
        return;
    size_t at = chart_at(argv, r->chart);
    if (at < argv->n && r->package && r->package->has_tgz) {
        free(argv->v[at]);
        argv->v[at] = package_arg(r);
        return;
    }
    struct hp_strlist a = {0};
    bool done = false;
    for (size_t i = 0; i < argv->n; i++) {
        hp_strlist_push(&a, argv->v[i]);
        if (done || i != at)
            continue;
        done = true;
        if (r->chart_version) {
            hp_strlist_push(&a, "--version");
            hp_strlist_push(&a, r->chart_version);
        }
        if (r->plain_http)
            hp_strlist_push(&a, "--plain-http");
    }
    hp_strlist_free(argv);
    *argv = a;
}

static void add_values(struct hp_strlist *a, const struct deploy_release *r)
{
    for (size_t i = 0; i < r->values.n; i++) {
        hp_strlist_push(a, "-f");
        hp_strlist_push(a, r->values.v[i]);
    }
    for (size_t i = 0; i < r->sets.n; i++) {
        hp_strlist_push(a, "--set");
        hp_strlist_push(a, r->sets.v[i]);
    }
}

static void add_timeout(struct hp_strlist *a, const struct deploy_helm_args *h)
{
    if (h->timeout) {
        hp_strlist_push(a, "--timeout");
        hp_strlist_push(a, h->timeout);
    }
}

/* upgrade --install: a second run upgrades instead of failing like `helm install` */
static void argv_install(struct hp_strlist *a, const struct deploy_release *r, const struct deploy_helm_args *h)
{
    hp_strlist_push(a, "upgrade");
    hp_strlist_push(a, "--install");
    hp_strlist_push(a, r->name);
    hp_strlist_push(a, r->chart);
    add_values(a, r);
    add_common(a, h);
    add_wait(a, h);
    add_timeout(a, h);
    if (h->atomic)
        hp_strlist_push(a, h->helm_major >= 4 ? "--rollback-on-failure" : "--atomic");
}

/* what `upgrade --install` would change; --allow-unreleased: a release not installed yet diffs
 * as all new instead of failing; --reset-values: what our upgrade renders (chart defaults plus
 * our -f and --set), never the release's stored values, which helm-diff would otherwise fetch
 * into a temporary file when given no values */
static void argv_diff(struct hp_strlist *a, const struct deploy_release *r, const struct deploy_helm_args *h)
{
    hp_strlist_push(a, "diff");
    hp_strlist_push(a, "upgrade");
    hp_strlist_push(a, "--allow-unreleased");
    hp_strlist_push(a, "--reset-values");
    hp_strlist_push(a, r->name);
    hp_strlist_push(a, r->chart);
    add_values(a, r);
    add_common(a, h);
    if (h->diff)
        deploy_diff_flags_argv(a, h->diff);
}

static void argv_template(struct hp_strlist *a, const struct deploy_release *r, const struct deploy_helm_args *h)
{
    hp_strlist_push(a, "template");
    hp_strlist_push(a, r->name);
    hp_strlist_push(a, r->chart);
    add_values(a, r);
    add_common(a, h);
}

static void argv_uninstall(struct hp_strlist *a, const struct deploy_release *r, const struct deploy_helm_args *h)
{
    hp_strlist_push(a, "uninstall");
    hp_strlist_push(a, r->name);
    add_common(a, h);
    hp_strlist_push(a, "--ignore-not-found"); /* re-runs are safe, as for install */
    add_wait(a, h);
    add_timeout(a, h);
}

static void argv_rollback(struct hp_strlist *a, const struct deploy_release *r, const struct deploy_helm_args *h)
{
    hp_strlist_push(a, "rollback");
    hp_strlist_push(a, r->name);
    add_common(a, h);
    add_wait(a, h);
    add_timeout(a, h);
}

static void argv_status(struct hp_strlist *a, const struct deploy_release *r, const struct deploy_helm_args *h)
{
    hp_strlist_push(a, "status");
    hp_strlist_push(a, r->name);
    add_common(a, h);
    hp_strlist_push(a, "--output");
    hp_strlist_push(a, "json");
}

void deploy_release_argv(const struct deploy_release *r, const struct deploy_helm_args *h, struct hp_strlist *a)
{
    hp_strlist_free(a);
    hp_strlist_push(a, h->helm);
    bool debug = h->debug;
    switch (h->action) {
    case DEPLOY_INSTALL: argv_install(a, r, h); break;
    case DEPLOY_DIFF: argv_diff(a, r, h); break;
    case DEPLOY_TEMPLATE:
        argv_template(a, r, h);
        debug = true; /* bin/install -t runs `helm template --debug` */
        break;
    case DEPLOY_UNINSTALL: argv_uninstall(a, r, h); break;
    case DEPLOY_ROLLBACK: argv_rollback(a, r, h); break;
    case DEPLOY_STATUS: argv_status(a, r, h); break;
    }
    if (debug)
        hp_strlist_push(a, "--debug");
    for (size_t i = 0; h->passthrough && i < h->passthrough->n; i++)
        hp_strlist_push(a, h->passthrough->v[i]);
    add_oci_flags(r, a);
}

void deploy_plan_argv(struct deploy_plan *plan, const struct deploy_helm_args *h)
{
    plan->action = h->action;
    for (size_t i = 0; i < plan->n; i++)
        deploy_release_argv(&plan->releases[i], h, &plan->releases[i].argv);
}

void deploy_diff_flags_argv(struct hp_strlist *a, const struct deploy_diff_flags *f)
{
    /* the format our parser reads, and the colour, always given: helm-diff would otherwise take
     * them from HELM_DIFF_OUTPUT (dyff, json: no change found, every release "unchanged") and
     * HELM_DIFF_COLOR */
    hp_strlist_push(a, "--output");
    hp_strlist_push(a, "diff");
    if (f->show_secrets)
        hp_strlist_push(a, "--show-secrets");
    if (f->normalize)
        hp_strlist_push(a, "--normalize-manifests");
    if (f->three_way_merge)
        hp_strlist_push(a, "--three-way-merge");
    if (f->context >= 0) {
        hp_strlist_push(a, "--context");
        hp_strlist_pushf(a, "%d", f->context);
    }
    hp_strlist_push(a, f->colour ? "--color" : "--no-color");
    if (f->disable_validation)
        hp_strlist_push(a, "--disable-validation");
}
