/* Site profiles (see include/deploy/config/site.h) after parsing: checked against the catalogue and the
 * deployment tree, loaded from <root>/helm-panda.yaml, looked up by name and component, the
 * Argo CD settings of one Application resolved (component over site), and --site selected.
 * Parsing and freeing are in site.c. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/chartsrc.h"
#include "deploy/config/errors.h"
#include "deploy/config/names.h"
#include "deploy/config/root.h"
#include "deploy/config/site.h"
#include "hp/buf.h"
#include "hp/file.h"

static int check_fail(struct hp_error *e, const struct deploy_sites *s, size_t line, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));
static int check_fail(struct hp_error *e, const struct deploy_sites *s, size_t line, const char *fmt, ...)
{
    char msg[768];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s:%zu: %s", s->file, line, msg);
}

static int check_component_name(struct hp_error *e, const struct deploy_sites *all, size_t line, const char *path,
                                const char *name, const struct deploy_catalogue *c)
{
    if (deploy_catalogue_find((struct deploy_catalogue *)c, name))
        return 0;
    char *names = deploy_catalogue_names(c);
    int rc = check_fail(e, all, line, "%s: unknown component '%s' (known: %s)", path, name, names);
    free(names);
    return rc;
}

static bool site_chart_is_oci(const struct deploy_sites *all, const struct deploy_site *s,
                              const struct deploy_catalogue *c, const struct deploy_component *k)
{
    struct deploy_chart_choice ch;
    struct hp_error ignored = {0}; /* a missing version is reported when the plan is built */
    bool oci = deploy_chart_choose(c, k, s, all->file, &ch, &ignored) == 0 ? ch.oci : true;
    deploy_chart_choice_free(&ch);
    return oci;
}

static int check_site(struct hp_error *e, const struct deploy_sites *all, const struct deploy_site *s,
                      const struct deploy_catalogue *c, const char *root)
{
    char path[400];
    snprintf(path, sizeof path, "sites.%s.enable", s->name);
    for (size_t i = 0; i < s->enable.n; i++)
        if (check_component_name(e, all, s->enable_line, path, s->enable.v[i], c) < 0)
            return -1;
    snprintf(path, sizeof path, "sites.%s.disable", s->name);
    for (size_t i = 0; i < s->disable.n; i++) {
        const char *d = s->disable.v[i], *dot = strchr(d, '.');
        char *comp = dot ? hp_xstrndup(d, (size_t)(dot - d)) : hp_xstrdup(d);
        int rc = check_component_name(e, all, s->disable_line, path, comp, c);
        free(comp);
        if (rc < 0)
            return -1;
    }
    const char *affix = s->affix ? s->affix : "test-";
    for (size_t i = 0; i < s->n_components; i++) {
        const struct deploy_site_component *sc = &s->components[i];
        snprintf(path, sizeof path, "sites.%s.components.%s", s->name, sc->component);
        for (size_t j = 0; j < i; j++)
            if (strcmp(s->components[j].component, sc->component) == 0)
                return check_fail(e, all, sc->line, "%s: component '%s' appears twice (also on line %zu)", path,
                                  sc->component, s->components[j].line);
        if (check_component_name(e, all, sc->line, path, sc->component, c) < 0)
            return -1;
        const struct deploy_component *k = deploy_catalogue_find((struct deploy_catalogue *)c, sc->component);
        if (sc->name && !deploy_release_name_valid(sc->name))
            return check_fail(e, all, sc->name_line, "%s.name: '%s' is not a valid release and Application name: "
                              DEPLOY_RELEASE_NAME_RULE, path, sc->name);
        bool oci = site_chart_is_oci(all, s, c, k); /* values may come from the package: checked when pulled */
        for (size_t j = 0; j < sc->values.n; j++) {
            const char *v = sc->values.v[j];
            char *full = hp_xasprintf("%s/%s/%s", root, k->chart, v);
            bool ok = v[0] != '/' && (oci ? !strstr(v, "..") : hp_path_exists(full) && !hp_path_is_dir(full));
            free(full);
            if (!ok)
                return check_fail(e, all, sc->values_line, "%s.values: '%s' does not exist in %s", path, v, k->chart);
        }
        /* one name for two releases would make them overwrite each other */
        char *mine = sc->name ? hp_xstrdup(sc->name) : deploy_instance_name(affix, sc->component);
        for (size_t j = 0; j < c->n; j++) {
            if (strcmp(c->v[j].name, sc->component) == 0)
                continue;
            const struct deploy_site_component *other = deploy_site_component_find(s, c->v[j].name);
            char *theirs = other && other->name ? hp_xstrdup(other->name) : deploy_instance_name(affix, c->v[j].name);
            bool clash = strcmp(mine, theirs) == 0;
            free(theirs);
            if (clash) {
                int rc = check_fail(e, all, sc->name_line ? sc->name_line : sc->line,
                                    "%s.name: '%s' is also the release name of component %s", path, mine,
                                    c->v[j].name);
                free(mine);
                return rc;
            }
        }
        free(mine);
    }
    return 0;
}

int deploy_sites_check(const struct deploy_sites *s, const struct deploy_catalogue *c, const char *root,
                       struct hp_error *e)
{
    for (size_t i = 0; i < s->n; i++)
        if (check_site(e, s, &s->v[i], c, root) < 0)
            return -1;
    return 0;
}

int deploy_sites_load(struct deploy_sites *s, const char *root, struct hp_error *e)
{
    memset(s, 0, sizeof *s);
    char *path = hp_path_join(root, DEPLOY_COMPONENTS_FILE);
    int rc = 0;
    if (hp_path_exists(path)) {
        struct hp_buf b = {0};
        struct deploy_catalogue c = {0};
        rc = hp_file_read(path, &b, e);
        if (rc == 0)
            rc = deploy_sites_parse(s, path, b.data, b.len, e);
        if (rc == 0)
            rc = deploy_catalogue_load(&c, root, e);
        if (rc == 0)
            rc = deploy_sites_check(s, &c, root, e);
        deploy_catalogue_free(&c);
        hp_buf_free(&b);
    } else {
        s->file = hp_xstrdup(path);
    }
    free(path);
    if (rc < 0)
        deploy_sites_free(s);
    return rc;
}

const struct deploy_site *deploy_sites_find(const struct deploy_sites *s, const char *name)
{
    for (size_t i = 0; i < s->n; i++)
        if (strcmp(s->v[i].name, name) == 0)
            return &s->v[i];
    return NULL;
}

char *deploy_sites_names(const struct deploy_sites *s)
{
    struct hp_buf b = {0};
    for (size_t i = 0; i < s->n; i++)
        hp_buf_appendf(&b, "%s%s", i ? ", " : "", s->v[i].name);
    char *out = hp_xstrdup(b.len ? hp_buf_cstr(&b) : "none");
    hp_buf_free(&b);
    return out;
}

void deploy_site_argocd_resolve(const struct deploy_site *s, const char *component,
                                struct deploy_site_argocd_view *out)
{
    memset(out, 0, sizeof *out);
    if (!s)
        return;
    const struct deploy_site_argocd *a = &s->argocd;
    const struct deploy_site_component *sc = deploy_site_component_find(s, component);
    const struct deploy_site_argocd *o = sc ? &sc->argocd : NULL;
    out->project = o && o->project ? o->project : a->project;
    out->server = o && o->server ? o->server : a->server;
    out->sync = o && o->sync ? o->sync : a->sync;
    const struct deploy_site_argocd *so = o && o->has_sync_options ? o : a->has_sync_options ? a : NULL;
    out->sync_options = so ? &so->sync_options : NULL;
    const struct deploy_site_argocd *ig = o && o->has_ignore ? o : a;
    out->ignore = ig->ignore;
    out->n_ignore = ig->n_ignore;
    const struct deploy_site_argocd *fz = o && o->has_finalizers ? o : a->has_finalizers ? a : NULL;
    out->finalizers = fz ? &fz->finalizers : NULL;
    const struct deploy_site_argocd *im = o && o->has_images ? o : a;
    out->images = im->images;
    out->n_images = im->n_images;
    out->file = o && o->file ? o->file : a->file;
    out->updater_name = o && o->updater_name ? o->updater_name : a->updater_name;
    out->updater_namespace = o && o->updater_namespace ? o->updater_namespace : a->updater_namespace;
    out->updater_file = o && o->updater_file ? o->updater_file : a->updater_file;
    for (size_t i = 0; i < a->annotations.n; i++)
        deploy_kvlist_set(&out->annotations, a->annotations.v[i].key, a->annotations.v[i].value);
    for (size_t i = 0; o && i < o->annotations.n; i++)
        deploy_kvlist_set(&out->annotations, o->annotations.v[i].key, o->annotations.v[i].value);
    for (size_t i = 0; i < a->labels.n; i++)
        deploy_kvlist_set(&out->labels, a->labels.v[i].key, a->labels.v[i].value);
    for (size_t i = 0; o && i < o->labels.n; i++)
        deploy_kvlist_set(&out->labels, o->labels.v[i].key, o->labels.v[i].value);
}

const char *deploy_site_deployment_key(const struct deploy_site *s, const char *component)
{
    const struct deploy_site_component *sc = deploy_site_component_find(s, component);
    const char *key = sc && sc->deployment_name ? sc->deployment_name : s ? s->deployment_name : NULL;
    if (!key || strcmp(key, "on") == 0)
        return "global.deploymentName";
    return strcmp(key, "off") == 0 ? NULL : key;
}

int deploy_site_select(const char *root_flag, const char *name, struct deploy_sites *sites,
                       const struct deploy_site **site, struct hp_error *e)
{
    char *root = NULL;
    memset(sites, 0, sizeof *sites);
    *site = NULL;
    if (deploy_root_find(root_flag, &root, e) < 0)
        return -1;
    int rc = deploy_sites_load(sites, root, e);
    free(root);
    if (rc < 0)
        return -1;
    *site = deploy_sites_find(sites, name);
    if (!*site) {
        char *names = deploy_sites_names(sites);
        rc = hp_error_set(e, DEPLOY_ERR_CONFIG, "--site %s: no such site in %s (known: %s)", name, sites->file, names);
        free(names);
        deploy_sites_free(sites);
        return rc;
    }
    return 0;
}

const char *deploy_site_namespace(const struct deploy_site *site, const char *helm_ns)
{
    if (helm_ns && *helm_ns && strcmp(helm_ns, "default") != 0)
        return helm_ns;
    return site && site->namespace_ ? site->namespace_ : helm_ns;
}
