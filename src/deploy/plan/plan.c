/* Building the plan (see include/deploy/plan/plan.h): root -> catalogue -> enabled set -> order. */
#include <stdlib.h>
#include <string.h>

#include "deploy/config/components.h"
#include "deploy/plan/plan.h"
#include "deploy/plan/plan_oci.h"
#include "deploy/config/root.h"
#include "deploy/config/site.h"
#include "hp/file.h"
#include "secrets/decrypt.h"

/* The first release helm would refuse, named with the affix that made it and where that came
 * from: the real secrets/values.yaml ships `affix: "-FIXME"`. */
static int check_release_names(const struct deploy_plan *plan, struct hp_error *e)
{
    for (size_t i = 0; i < plan->n; i++) {
        const struct deploy_release *r = &plan->releases[i];
        for (size_t j = 0; j < i; j++)
            if (strcmp(plan->releases[j].name, r->name) == 0)
                return hp_error_set(e, DEPLOY_ERR_NAME, "release name '%s' is used by components %s and %s",
                                    r->name, plan->releases[j].component, r->component);
        if (deploy_release_name_valid(r->name))
            continue;
        bool dflt = strcmp(plan->affix_source, "default") == 0;
        /* the first command on a fresh panda-k8s clone stops here: say what to do */
        bool placeholder = strstr(plan->affix, "FIXME") != NULL;
        return hp_error_set(e, DEPLOY_ERR_NAME,
                            "release name '%s' (component %s, affix '%s' %s%s) is not a valid helm release name: "
                            DEPLOY_RELEASE_NAME_RULE "%s",
                            r->name, r->component, plan->affix, dflt ? "by default" : "from ",
                            dflt ? "" : plan->affix_source,
                            placeholder ? "; FIXME is panda-k8s' placeholder: set affix: in secrets/values.yaml "
                                          "(e.g. \"-mysite\") or pass -a" : "");
    }
    return 0;
}

/* The affix: -a, else `affix:` of <root>/secrets/values.yaml (decrypted in memory when it is
 * a SOPS file), else "test-", as bin/install does. */
static int resolve_affix(struct deploy_plan *plan, const struct deploy_options *o, struct hp_error *e)
{
    if (o->affix) {
        plan->affix = hp_xstrdup(o->affix);
        plan->affix_source = hp_xstrdup("-a");
        return 0;
    }
    if (o->site && o->site->affix) {
        plan->affix = hp_xstrdup(o->site->affix);
        plan->affix_source = hp_xasprintf("site %s", o->site->name);
        return 0;
    }
    char *path = hp_xasprintf("%s/secrets/values.yaml", plan->root);
    int rc = 0;
    if (hp_path_exists(path)) {
        /* through the SOPS tree: the file's other values never leave guarded memory */
        struct secrets_keyring none = {0};
        if (o->affix_in_clear && (rc = deploy_affix_read_clear(path, &plan->affix, e)) == 0 && plan->affix)
            plan->affix_source = hp_xasprintf("%s (in clear, not MAC-checked)", path);
        if (rc == 0 && !plan->affix) {
            rc = deploy_affix_read(o->keyring ? o->keyring : &none, path, &plan->affix, e);
            if (plan->affix)
                plan->affix_source = hp_xstrdup(path);
        }
        secrets_keyring_free(&none);
    }
    free(path);
    if (rc == 0 && !plan->affix) {
        plan->affix = hp_xstrdup("test-");
        plan->affix_source = hp_xstrdup("default");
    }
    return rc;
}

/* -d x.y: y must be one of x's sub-charts (a dependency in its Chart.yaml). */
static int check_subcomponent(const char *root, const struct deploy_component *k, const char *sub,
                              const struct deploy_oci_package *pkg, struct hp_error *e)
{
    char *path = pkg ? hp_xasprintf("%s%s%s: Chart.yaml", pkg->ref, pkg->version ? " " : "",
                                    pkg->version ? pkg->version : "")
                     : hp_xasprintf("%s/%s/Chart.yaml", root, k->chart);
    struct hp_buf b = {0};
    struct hp_strlist subs = {0};
    int rc = pkg ? 0 : hp_file_read(path, &b, e);
    if (rc == 0)
        rc = pkg ? deploy_chart_subcomponents(path, pkg->chart_yaml.data, pkg->chart_yaml.len, &subs, e)
                 : deploy_chart_subcomponents(path, b.data, b.len, &subs, e);
    if (rc == 0 && !hp_strlist_contains(&subs, sub)) {
        struct hp_buf known = {0};
        for (size_t i = 0; i < subs.n; i++)
            hp_buf_appendf(&known, "%s%s", i ? ", " : "", subs.v[i]);
        rc = hp_error_set(e, DEPLOY_ERR_COMPONENT, "-d %s.%s: %s has no sub-component '%s' (known: %s)", k->name, sub,
                          k->name, sub, known.len ? hp_buf_cstr(&known) : "none");
        hp_buf_free(&known);
    }
    hp_strlist_free(&subs);
    hp_buf_free(&b);
    free(path);
    return rc;
}

/* -d x.y: a folder's Chart.yaml, or the pulled package's for an OCI chart */
static int subcomponent_of(struct deploy_plan *plan, const char *root, const struct deploy_component *k,
                           const char *sub, const struct deploy_chart_choice *ch, const struct deploy_options *o,
                           struct hp_error *e)
{
    const struct deploy_oci_package *pkg = NULL;
    if (ch->oci && o->oci_offline)
        return 0; /* uninstall/status: not pulled */
    if (ch->oci && deploy_plan_oci_package(plan, ch, o->helm, k->name, &pkg, e) < 0)
        return -1;
    return check_subcomponent(root, k, sub, pkg, e);
}

struct selection {
    bool *on;                    /* per catalogue entry */
    struct hp_strlist *off_subs; /* per catalogue entry: sub-components switched off */
};

static int select_components(struct deploy_catalogue *c, const char *root, const struct deploy_options *o,
                             struct selection *sel, struct deploy_plan *plan, const struct deploy_chart_choice *charts,
                             struct hp_error *e)
{
    sel->on = hp_xcalloc(c->n ? c->n : 1, sizeof *sel->on);
    sel->off_subs = hp_xcalloc(c->n ? c->n : 1, sizeof *sel->off_subs);
    for (size_t i = 0; i < o->enable.n; i++) {
        struct deploy_component *k = deploy_catalogue_find(c, o->enable.v[i]);
        if (!k) {
            char *names = deploy_catalogue_names(c);
            hp_error_set(e, DEPLOY_ERR_COMPONENT, "-c %s: unknown component '%s' (known: %s)", o->enable.v[i],
                         o->enable.v[i], names);
            free(names);
            return -1;
        }
        sel->on[k - c->v] = true;
    }
    if (!o->enable.n)
        for (size_t i = 0; i < c->n; i++)
            sel->on[i] = c->v[i].by_default;
    for (size_t i = 0; i < o->disable.n; i++) {
        const char *d = o->disable.v[i];
        const char *dot = strchr(d, '.');
        char *name = dot ? hp_xstrndup(d, (size_t)(dot - d)) : hp_xstrdup(d);
        struct deploy_component *k = deploy_catalogue_find(c, name);
        int rc = 0;
        if (!k) {
            char *names = deploy_catalogue_names(c);
            rc = hp_error_set(e, DEPLOY_ERR_COMPONENT, "-d %s: unknown component '%s' (known: %s)", d, name, names);
            free(names);
        } else if (!dot) {
            sel->on[k - c->v] = false;
        } else if (!dot[1] || strchr(dot + 1, '.')) {
            rc = hp_error_set(e, DEPLOY_ERR_COMPONENT, "-d %s: expected COMPONENT or COMPONENT.SUB", d);
        } else if ((rc = subcomponent_of(plan, root, k, dot + 1, &charts[k - c->v], o, e)) == 0) {
            if (!hp_strlist_contains(&sel->off_subs[k - c->v], dot + 1))
                hp_strlist_push(&sel->off_subs[k - c->v], dot + 1);
        }
        free(name);
        if (rc < 0)
            return rc;
    }
    for (size_t i = 0; i < c->n; i++) {
        if (!sel->on[i] || charts[i].oci)
            continue;
        char *chart = hp_xasprintf("%s/%s/Chart.yaml", root, c->v[i].chart);
        bool found = hp_path_exists(chart);
        if (!found)
            hp_error_set(e, DEPLOY_ERR_CHART, "%s: missing chart for component %s", chart, c->v[i].name);
        free(chart);
        if (!found)
            return -1;
    }
    return 0;
}

/* Kahn's algorithm over the enabled components, taking the lowest catalogue index first so
 * the order is stable (msgsvc, iam, panda, ...). Fills order[] with catalogue indices. */
static int order_components(struct deploy_catalogue *c, const bool *on, size_t *order, size_t *n_order,
                            struct hp_error *e)
{
    size_t *indeg = hp_xcalloc(c->n ? c->n : 1, sizeof *indeg);
    bool *done = hp_xcalloc(c->n ? c->n : 1, sizeof *done);
    size_t total = 0;
    for (size_t i = 0; i < c->n; i++) {
        if (!on[i])
            continue;
        total++;
        for (size_t j = 0; j < c->v[i].needs.n; j++) {
            struct deploy_component *d = deploy_catalogue_find(c, c->v[i].needs.v[j]);
            if (d && on[d - c->v] && d != &c->v[i])
                indeg[i]++;
            else if (d == &c->v[i]) /* needing itself is the shortest cycle */
                indeg[i] += 1;
        }
    }
    *n_order = 0;
    while (*n_order < total) {
        size_t pick = c->n;
        for (size_t i = 0; i < c->n && pick == c->n; i++)
            if (on[i] && !done[i] && indeg[i] == 0)
                pick = i;
        if (pick == c->n)
            break;
        done[pick] = true;
        order[(*n_order)++] = pick;
        for (size_t i = 0; i < c->n; i++)
            if (on[i] && !done[i] && hp_strlist_contains(&c->v[i].needs, c->v[pick].name))
                indeg[i]--;
    }
    int rc = 0;
    if (*n_order < total) {
        /* every component left has an unfinished need: following them must loop; name the loop */
        size_t *seen_at = hp_xcalloc(c->n, sizeof *seen_at), *path = hp_xcalloc(c->n + 1, sizeof *path);
        size_t len = 0, cur = 0;
        while (!(on[cur] && !done[cur]))
            cur++;
        while (!seen_at[cur]) {
            path[len++] = cur;
            seen_at[cur] = len;
            size_t next = cur;
            for (size_t j = 0; j < c->v[cur].needs.n && next == cur; j++) {
                struct deploy_component *d = deploy_catalogue_find(c, c->v[cur].needs.v[j]);
                if (d && on[d - c->v] && !done[d - c->v])
                    next = (size_t)(d - c->v);
            }
            cur = next;
        }
        struct hp_buf b = {0};
        for (size_t k = seen_at[cur] - 1; k < len; k++)
            hp_buf_appendf(&b, "%s -> ", c->v[path[k]].name);
        hp_buf_appendf(&b, "%s", c->v[cur].name);
        rc = hp_error_set(e, DEPLOY_ERR_CYCLE, "the needs form a cycle: %s (A -> B: A needs B)", hp_buf_cstr(&b));
        hp_buf_free(&b);
        free(seen_at);
        free(path);
    }
    free(indeg);
    free(done);
    return rc;
}

static int fill_release(struct deploy_plan *plan, struct deploy_release *r, const struct deploy_component *k,
                        const struct hp_strlist *off_subs, const struct deploy_options *o,
                        const struct deploy_chart_choice *ch, struct hp_error *e)
{
    const struct deploy_site_component *sc = deploy_site_component_find(o->site, k->name);
    r->component = hp_xstrdup(k->name);
    /* -a names every release from the affix, as without a site: never a mix in which some keep
     * the site's (production) names */
    r->name = sc && sc->name && !o->affix ? hp_xstrdup(sc->name) : deploy_instance_name(plan->affix, k->name);
    if (ch->oci) {
        if (deploy_plan_oci_release(plan, r, k, ch, o->site, o->helm, o->oci_offline, e) < 0)
            return -1;
        goto classify;
    }
    r->chart = hp_xasprintf("%s/%s", plan->root, k->chart);
    char *v = hp_xasprintf("%s/values.yaml", r->chart);
    if (hp_path_exists(v))
        hp_strlist_push_own(&r->values, v);
    else
        free(v);
    if (sc && sc->has_values && !plan->site_values_off) { /* the site's files replace values-<experiment>.yaml */
        for (size_t i = 0; i < sc->values.n; i++)
            hp_strlist_pushf(&r->values, "%s/%s", r->chart, sc->values.v[i]);
    } else if (plan->experiment) {
        v = hp_xasprintf("%s/values/values-%s.yaml", r->chart, plan->experiment);
        if (hp_path_exists(v))
            hp_strlist_push_own(&r->values, v);
        else
            free(v);
    }
classify:
    for (size_t i = 0; i < r->values.n; i++) {
        if (hp_str_has_prefix(r->values.v[i], DEPLOY_OCI_PACKAGE_PREFIX))
            continue; /* in the pulled package: plain (SOPS files belong in the site's tree) */
        struct hp_buf b = {0};
        struct hp_error ignored = {0}; /* unreadable: helm will say so when it runs */
        if (hp_file_read(r->values.v[i], &b, &ignored) == 0) {
            enum secrets_input_kind kind = secrets_classify(r->values.v[i], b.data, b.len);
            if (kind == SECRETS_SOPS)
                hp_strlist_push(&r->sops_values, r->values.v[i]);
            else if (kind == SECRETS_AGE)
                hp_strlist_push(&r->age_values, r->values.v[i]);
        }
        hp_buf_free(&b);
    }
    const char *key = deploy_site_deployment_key(o->site, k->name); /* NULL: the site turned it off */
    if (key)
        hp_strlist_pushf(&r->sets, "%s=%s", key, r->name);
    for (size_t i = 0; i < off_subs->n; i++)
        hp_strlist_pushf(&r->sets, "%s.enabled=false", off_subs->v[i]);
    for (size_t i = 0; i < o->sets.n; i++)
        hp_strlist_push(&r->sets, o->sets.v[i]);
    return 0;
}

/* A site's settings under the flags, each flag replacing the site's setting of the same meaning:
 * -e replaces experiment: and every component's values: (plan_build), -a the affix and every
 * component's name: (fill_release), -c enable: (and a component it names is deployed even if the
 * site's disable: drops it), -d disable:; --set comes after the site's own. Without -c or enable:,
 * the site deploys the default components and every component it configures. The lists are
 * owned by `eff`; what the flags replaced goes to notes. */
static void site_options(const struct deploy_options *o, const struct deploy_catalogue *c,
                         struct deploy_options *eff, struct hp_strlist *notes)
{
    const struct deploy_site *s = o->site;
    *eff = *o;
    memset(&eff->enable, 0, sizeof eff->enable);
    memset(&eff->disable, 0, sizeof eff->disable);
    memset(&eff->sets, 0, sizeof eff->sets);
    const struct hp_strlist *en = o->enable.n || !s ? &o->enable : s->has_enable ? &s->enable : NULL;
    if (en) {
        for (size_t i = 0; i < en->n; i++)
            hp_strlist_push(&eff->enable, en->v[i]);
    } else {
        for (size_t i = 0; i < c->n; i++)
            if (c->v[i].by_default || deploy_site_component_find(s, c->v[i].name))
                hp_strlist_push(&eff->enable, c->v[i].name);
    }
    for (size_t i = 0; s && i < s->disable.n; i++) {
        const char *d = s->disable.v[i];
        if (o->disable.n)
            hp_strlist_pushf(notes, "site %s's disable: %s not used (-d replaces it)", s->name, d);
        else if (hp_strlist_contains(&o->enable, d))
            hp_strlist_pushf(notes, "site %s's disable: %s not used (-c names it)", s->name, d);
        else
            hp_strlist_push(&eff->disable, d);
    }
    for (size_t i = 0; i < o->disable.n; i++)
        hp_strlist_push(&eff->disable, o->disable.v[i]);
    for (size_t i = 0; s && i < s->sets.n; i++)
        hp_strlist_push(&eff->sets, s->sets.v[i]);
    for (size_t i = 0; i < o->sets.n; i++)
        hp_strlist_push(&eff->sets, o->sets.v[i]);
}

static int plan_build(struct deploy_plan *plan, const struct deploy_options *o, struct hp_error *e);

/* plan->site_notes: the notes of site_options, then each component name: and values: of the site
 * that -a and -e replaced. */
static void site_notes(struct deploy_plan *plan, const struct deploy_options *o, const struct hp_strlist *notes)
{
    for (size_t i = 0; i < notes->n; i++)
        hp_strlist_push(&plan->site_notes, notes->v[i]);
    for (size_t i = 0; i < plan->n; i++) {
        const struct deploy_release *r = &plan->releases[i];
        const struct deploy_site_component *sc = deploy_site_component_find(o->site, r->component);
        if (sc && sc->name && o->affix)
            hp_strlist_pushf(&plan->site_notes, "site %s's name: %s for %s not used (-a %s names every release: %s)",
                             o->site->name, sc->name, r->component, o->affix, r->name);
        for (size_t j = 0; sc && sc->has_values && o->experiment && j < sc->values.n; j++)
            hp_strlist_pushf(&plan->site_notes, "site %s's values: %s for %s not used (-e %s replaces it)",
                             o->site->name, sc->values.v[j], r->component, o->experiment);
    }
}

/* An experiment that adds a values file to no selected release is most likely a typo (-e sphnix):
 * an error where it would deploy the defaults (required), else a warning. Both name the files
 * looked for. */
static int check_experiment(const struct deploy_plan *plan, bool required, struct hp_error *e)
{
    bool any = false;
    for (size_t i = 0; i < plan->n; i++)
        any = any || plan->releases[i].values.n > 1;
    if (any || !plan->n)
        return 0;
    struct hp_buf b = {0};
    for (size_t i = 0; i < plan->n; i++)
        hp_buf_appendf(&b, "%s%s/values/values-%s.yaml", i ? ", " : "", plan->releases[i].chart, plan->experiment);
    int rc = 0;
    if (required)
        rc = hp_error_set(e, DEPLOY_ERR_CONFIG, "-e %s: no selected component has values/values-%s.yaml (looked for %s)",
                          plan->experiment, plan->experiment, hp_buf_cstr(&b));
    else
        hp_warnf("-e %s: no selected component has values/values-%s.yaml (looked for %s)", plan->experiment,
                 plan->experiment, hp_buf_cstr(&b));
    hp_buf_free(&b);
    return rc;
}

int deploy_plan_build(struct deploy_plan *plan, const struct deploy_options *o, struct hp_error *e)
{
    if (!o->site)
        return plan_build(plan, o, e);
    /* the catalogue is read twice (here for the defaults, then by the build): a small file */
    struct deploy_catalogue cat = {0};
    char *root = NULL;
    memset(plan, 0, sizeof *plan);
    int rc = deploy_root_find(o->root, &root, e);
    if (rc == 0)
        rc = deploy_catalogue_load(&cat, root, e);
    if (rc == 0) {
        struct deploy_options eff;
        struct hp_strlist notes = {0};
        site_options(o, &cat, &eff, &notes);
        rc = plan_build(plan, &eff, e);
        if (rc == 0)
            site_notes(plan, o, &notes);
        hp_strlist_free(&notes);
        hp_strlist_free(&eff.enable);
        hp_strlist_free(&eff.disable);
        hp_strlist_free(&eff.sets);
    }
    deploy_catalogue_free(&cat);
    free(root);
    return rc;
}

static int plan_build(struct deploy_plan *plan, const struct deploy_options *o, struct hp_error *e)
{
    memset(plan, 0, sizeof *plan);
    struct deploy_catalogue cat = {0};
    struct selection sel = {0};
    size_t *order = NULL, n_order = 0;
    struct deploy_chart_choice *charts = NULL;
    plan->shared_packages = o->oci_packages;
    int rc = deploy_root_find(o->root, &plan->root, e);
    if (rc == 0)
        rc = deploy_catalogue_load(&cat, plan->root, e);
    if (rc == 0)
        rc = deploy_plan_oci_choose(&cat, o->site, plan->root, &charts, e);
    if (rc == 0)
        rc = select_components(&cat, plan->root, o, &sel, plan, charts, e);
    if (rc == 0 && !o->oci_offline) /* every OCI chart of the plan, before anything runs */
        rc = deploy_plan_oci_prefetch(plan, &cat, charts, sel.on, o->helm, e);
    if (rc == 0) {
        order = hp_xcalloc(cat.n ? cat.n : 1, sizeof *order);
        rc = order_components(&cat, sel.on, order, &n_order, e);
    }
    if (rc == 0)
        rc = resolve_affix(plan, o, e);
    if (rc == 0) {
        /* -e, else the site's experiment: (-e also replaces the site's per-component values:) */
        const char *exp = o->experiment ? o->experiment : o->site ? o->site->experiment : NULL;
        plan->experiment = exp ? hp_xstrdup(exp) : NULL;
        plan->site_values_off = o->site && o->experiment;
        plan->releases = hp_xcalloc(n_order ? n_order : 1, sizeof *plan->releases);
        plan->n = n_order;
        for (size_t i = 0; rc == 0 && i < n_order; i++) {
            struct deploy_component *k = &cat.v[order[i]];
            struct deploy_release *r = &plan->releases[i];
            rc = fill_release(plan, r, k, &sel.off_subs[order[i]], o, &charts[order[i]], e);
            r->needs = hp_xcalloc(k->needs.n ? k->needs.n : 1, sizeof *r->needs);
            for (size_t j = 0; j < k->needs.n; j++) {
                size_t at = n_order;
                for (size_t m = 0; m < i; m++)
                    if (strcmp(plan->releases[m].component, k->needs.v[j]) == 0)
                        at = m;
                if (at == n_order) { /* disabled or not selected: provided elsewhere */
                    if (!hp_strlist_contains(&plan->external, k->needs.v[j]))
                        hp_strlist_push(&plan->external, k->needs.v[j]);
                    continue;
                }
                r->needs[r->n_needs++] = at;
                if (plan->releases[at].depth + 1 > r->depth)
                    r->depth = plan->releases[at].depth + 1;
            }
            if (r->depth + 1 > plan->n_stages)
                plan->n_stages = r->depth + 1;
        }
    }
    if (rc == 0)
        rc = check_release_names(plan, e);
    if (rc == 0 && plan->experiment)
        rc = check_experiment(plan, o->experiment_required, e);
    for (size_t i = 0; sel.off_subs && i < cat.n; i++)
        hp_strlist_free(&sel.off_subs[i]);
    free(sel.off_subs);
    free(sel.on);
    free(order);
    deploy_plan_oci_choices_free(charts, cat.n);
    deploy_catalogue_free(&cat);
    if (rc < 0)
        deploy_plan_free(plan);
    return rc;
}

void deploy_plan_free(struct deploy_plan *plan)
{
    for (size_t i = 0; i < plan->n; i++) {
        struct deploy_release *r = &plan->releases[i];
        free(r->name);
        free(r->component);
        free(r->chart);
        free(r->chart_version);
        for (size_t j = 0; r->values_mf && j < r->values.n; j++)
            memfile_close(&r->values_mf[j]); /* before the list that counts them */
        free(r->values_mf);
        hp_strlist_free(&r->values);
        hp_strlist_free(&r->values_from);
        hp_strlist_free(&r->sops_values);
        hp_strlist_free(&r->age_values);
        hp_strlist_free(&r->sets);
        hp_strlist_free(&r->argv);
        free(r->needs);
        for (size_t j = 0; j < r->n_secret_files; j++)
            memfile_close(&r->secret_files[j]);
        free(r->secret_files);
    }
    free(plan->releases);
    free(plan->last_name);
    hp_strlist_free(&plan->last_argv);
    free(plan->root);
    free(plan->affix);
    free(plan->affix_source);
    free(plan->experiment);
    hp_strlist_free(&plan->external);
    hp_strlist_free(&plan->site_notes);
    deploy_plan_oci_free(plan);
    memset(plan, 0, sizeof *plan);
}
