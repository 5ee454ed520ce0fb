/* OCI charts while planning (see include/deploy/plan/plan_oci.h). */
#include <stdlib.h>
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/plan/plan_oci.h"
#include "hp/file.h"

int deploy_plan_oci_choose(const struct deploy_catalogue *c, const struct deploy_site *site, const char *root,
                           struct deploy_chart_choice **out, struct hp_error *e)
{
    *out = hp_xcalloc(c->n ? c->n : 1, sizeof **out);
    char *file = hp_path_join(root, DEPLOY_COMPONENTS_FILE);
    int rc = 0;
    for (size_t i = 0; rc == 0 && i < c->n; i++)
        rc = deploy_chart_choose(c, &c->v[i], site, file, &(*out)[i], e);
    free(file);
    return rc;
}

void deploy_plan_oci_choices_free(struct deploy_chart_choice *v, size_t n)
{
    for (size_t i = 0; v && i < n; i++)
        deploy_chart_choice_free(&v[i]);
    free(v);
}

/* The run's set when the caller shares one across plans, else the plan's own. */
static struct deploy_oci_packages *packages(struct deploy_plan *plan)
{
    return plan->shared_packages ? plan->shared_packages : &plan->own_packages;
}

int deploy_plan_oci_package(struct deploy_plan *plan, const struct deploy_chart_choice *ch, const char *helm,
                            const char *component, const struct deploy_oci_package **out, struct hp_error *e)
{
    if ((*out = deploy_oci_packages_find(packages(plan), ch->ref, ch->version, ch->plain_http)))
        return 0;
    if (!helm)
        return hp_error_set(e, DEPLOY_ERR_PULL, "component %s: %s is an OCI chart and no helm was given to pull it",
                            component, ch->ref);
    struct deploy_oci_package *p = hp_xcalloc(1, sizeof *p);
    if (deploy_oci_pull(helm, ch->ref, ch->version, ch->plain_http, p, e) < 0) {
        free(p);
        if (e->kind != DEPLOY_ERR_INTERRUPTED)
            hp_error_prefix(e, "component %s: cannot pull %s%s%s", component, ch->ref,
                            ch->version ? " version " : "", ch->version ? ch->version : "");
        return -1;
    }
    hp_debugf("pulled %s%s%s (chart %s)", ch->ref, ch->version ? " version " : "", ch->version ? ch->version : "",
              p->name);
    deploy_oci_packages_add(packages(plan), p);
    *out = p;
    return 0;
}

#define PULL_PARALLEL 4

int deploy_plan_oci_prefetch(struct deploy_plan *plan, const struct deploy_catalogue *c,
                             const struct deploy_chart_choice *charts, const bool *on, const char *helm,
                             struct hp_error *e)
{
    struct deploy_oci_pull *pulls = hp_xcalloc(c->n ? c->n : 1, sizeof *pulls);
    size_t *who = hp_xcalloc(c->n ? c->n : 1, sizeof *who), n = 0;
    for (size_t i = 0; i < c->n; i++) {
        const struct deploy_chart_choice *ch = &charts[i];
        if (!on[i] || !ch->oci || deploy_oci_packages_find(packages(plan), ch->ref, ch->version, ch->plain_http))
            continue;
        bool dup = false; /* two components with one chart share one pull */
        for (size_t k = 0; k < n && !dup; k++)
            dup = deploy_oci_same_chart(pulls[k].ref, pulls[k].version, pulls[k].plain_http, ch->ref, ch->version,
                                        ch->plain_http);
        if (dup)
            continue;
        pulls[n] = (struct deploy_oci_pull){.ref = ch->ref, .version = ch->version, .plain_http = ch->plain_http,
                                            .pkg = hp_xcalloc(1, sizeof *pulls[n].pkg)};
        who[n++] = i;
    }
    int rc = 0;
    if (n && !helm) {
        rc = hp_error_set(e, DEPLOY_ERR_PULL, "component %s: %s is an OCI chart and no helm was given to pull it",
                          c->v[who[0]].name, pulls[0].ref);
    } else if (n && deploy_oci_pull_all(helm, pulls, n, PULL_PARALLEL) < 0) {
        /* the first failure in plan (catalogue) order */
        for (size_t k = 0; k < n && rc == 0; k++) {
            if (!pulls[k].err.kind)
                continue;
            *e = pulls[k].err;
            if (e->kind != DEPLOY_ERR_INTERRUPTED)
                hp_error_prefix(e, "component %s: cannot pull %s%s%s", c->v[who[k]].name, pulls[k].ref,
                                pulls[k].version ? " version " : "", pulls[k].version ? pulls[k].version : "");
            rc = -1;
        }
    }
    for (size_t k = 0; k < n; k++) {
        if (rc == 0) {
            deploy_oci_packages_add(packages(plan), pulls[k].pkg);
            hp_debugf("pulled %s%s%s (chart %s)", pulls[k].ref, pulls[k].version ? " version " : "",
                      pulls[k].version ? pulls[k].version : "", pulls[k].pkg->name);
        } else {
            deploy_oci_package_free(pulls[k].pkg);
            free(pulls[k].pkg);
        }
    }
    free(pulls);
    free(who);
    return rc;
}

/* FILE of the component's folder in the tree, else of the package; false when neither has it. */
static bool add_values(struct deploy_release *r, const char *folder, const char *file,
                       const struct deploy_oci_package *p, const char *origin)
{
    char *path = hp_xasprintf("%s/%s", folder, file);
    if (hp_path_exists(path) && !hp_path_is_dir(path)) {
        hp_strlist_push_own(&r->values, path);
        hp_strlist_push(&r->values_from, "the site tree");
        return true;
    }
    free(path);
    if (!deploy_oci_package_file(p, file))
        return false;
    hp_strlist_pushf(&r->values, DEPLOY_OCI_PACKAGE_PREFIX "%s", file);
    hp_strlist_push(&r->values_from, origin);
    return true;
}

int deploy_plan_oci_release(struct deploy_plan *plan, struct deploy_release *r, const struct deploy_component *k,
                            const struct deploy_chart_choice *ch, const struct deploy_site *site, const char *helm,
                            bool offline, struct hp_error *e)
{
    const struct deploy_site_component *sc = deploy_site_component_find(site, k->name);
    const struct deploy_oci_package *p = NULL;
    r->chart = hp_xstrdup(ch->ref);
    r->chart_version = ch->version ? hp_xstrdup(ch->version) : NULL;
    r->chart_oci = true;
    r->plain_http = ch->plain_http;
    if (offline)
        return 0;
    if (deploy_plan_oci_package(plan, ch, helm, k->name, &p, e) < 0)
        return -1;
    r->package = p;
    char *folder = hp_xasprintf("%s/%s", plan->root, k->chart);
    char *origin = hp_xasprintf("the chart package %s%s%s", ch->ref, ch->version ? " " : "",
                                ch->version ? ch->version : "");
    int rc = 0;
    add_values(r, folder, "values.yaml", p, origin);
    if (sc && sc->has_values && !plan->site_values_off) {
        for (size_t i = 0; rc == 0 && i < sc->values.n; i++)
            if (!add_values(r, folder, sc->values.v[i], p, origin))
                rc = hp_error_set(e, DEPLOY_ERR_CONFIG,
                                  "%s/%s:%zu: sites.%s.components.%s.values: '%s' is neither in %s nor in %s",
                                  plan->root, DEPLOY_COMPONENTS_FILE, sc->values_line, site->name, k->name,
                                  sc->values.v[i],
                                  k->chart, origin);
    } else if (plan->experiment) {
        char *f = hp_xasprintf("values/values-%s.yaml", plan->experiment);
        add_values(r, folder, f, p, origin);
        free(f);
    }
    free(origin);
    free(folder);
    return rc;
}

void deploy_plan_oci_free(struct deploy_plan *plan)
{
    deploy_oci_packages_free(&plan->own_packages); /* shared ones are the caller's */
    plan->shared_packages = NULL;
}
