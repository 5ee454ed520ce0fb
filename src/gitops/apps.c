/* Plan -> Applications. Every path Argo CD sees is relative: the chart to the repository
 * root, values files to the chart, the children's folder to the repository root. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/oci.h"
#include "gitops/apps.h"
#include "gitops/params.h"
#include "gitops/relpath.h"
#include "hp/file.h"

/* "sops" or "sops://" -> "sops"; a URL scheme per RFC 3986: a letter, then letters, digits,
 * '+', '-', '.'. */
static char *secrets_scheme(const char *how, struct hp_error *e)
{
    size_t n = strlen(how);
    if (hp_str_has_suffix(how, "://"))
        n -= 3;
    bool ok = n > 0 && isalpha((unsigned char)how[0]);
    for (size_t i = 0; ok && i < n; i++)
        ok = isalnum((unsigned char)how[i]) || how[i] == '+' || how[i] == '-' || how[i] == '.';
    if (!ok) {
        hp_error_set(e, GITOPS_ERR_INPUT,
                     "--allow-secrets '%s': expected a downloader scheme (e.g. sops) or as-is", how);
        return NULL;
    }
    return hp_xstrndup(how, n);
}

/* A values file as Argo CD's helm.valueFiles entry: its path from the chart, with the
 * downloader scheme when it is a SOPS file the cluster decrypts itself. */
static int value_file_entry(const char *file, const char *chart, const struct gitops_source *src,
                            const struct gitops_request *r, const char *release, char **out, struct hp_error *e)
{
    char *inside = NULL, *rel = NULL;
    if (gitops_relpath_inside(src->top, file, &inside, e) != 0)
        return -1;
    free(inside);
    if (gitops_relpath(chart, file, &rel, e) != 0)
        return -1;
    bool encrypted = false;
    if (r->is_encrypted) {
        struct hp_buf b = {0};
        if (hp_file_read(file, &b, e) != 0) {
            free(rel);
            return -1;
        }
        encrypted = r->is_encrypted(b.data, b.len);
        hp_buf_free(&b);
    }
    if (encrypted && !r->allow_secrets) {
        free(rel);
        return hp_error_set(e, GITOPS_ERR_SECRETS,
                            "%s: a SOPS-encrypted values file (release %s) would go to Argo CD as is: "
                            "pass --allow-secrets SCHEME|as-is to say how the cluster decrypts it, or leave it to "
                            "'helm panda secrets upgrade'",
                            file, release);
    }
    if (encrypted && strcmp(r->allow_secrets, "as-is") != 0) {
        char *scheme = secrets_scheme(r->allow_secrets, e);
        if (!scheme) {
            free(rel);
            return -1;
        }
        char *url = hp_xasprintf("%s://%s", scheme, rel);
        free(scheme);
        free(rel);
        rel = url;
    }
    *out = rel;
    return 0;
}

/* metadata.name of an Application is a DNS-1123 subdomain; it is also our file name, so this
 * check keeps "/" and ".." (an affix like "../x-") out of the output folder. */
static int check_name(const char *name, const char *what, struct hp_error *e)
{
    size_t n = strlen(name);
    bool ok = n > 0 && n <= 253 && isalnum((unsigned char)name[0]) && isalnum((unsigned char)name[n - 1]);
    for (size_t i = 0; ok && i < n; i++)
        ok = (islower((unsigned char)name[i]) || isdigit((unsigned char)name[i]) || name[i] == '-' ||
              name[i] == '.') &&
             !(name[i] == '.' && name[i + 1] == '.');
    if (!ok)
        return hp_error_set(e, GITOPS_ERR_INPUT,
                            "%s '%s' is not a valid Application name (lowercase letters, digits, '-' and '.', "
                            "starting and ending with a letter or digit)",
                            what, name);
    return 0;
}

static void doc_push(struct gitops_docs *d, const char *kind, const char *name, char *file, int wave,
                     struct hp_buf *yaml)
{
    d->v = hp_xrealloc(d->v, (d->n + 1) * sizeof *d->v);
    d->v[d->n].kind = kind;
    d->v[d->n].name = hp_xstrdup(name);
    d->v[d->n].file = file;
    d->v[d->n].wave = wave;
    d->v[d->n].yaml = *yaml;
    d->n++;
}

#define IMAGE_UPDATER_PREFIX "argocd-image-updater.argoproj.io/"

/* A site's settings of one child as the writer takes them. Owned lists, freed by site_extra_free. */
struct site_extra {
    struct deploy_site_argocd_view view;
    struct hp_strlist labels, annotations, finalizers;
    struct gitops_ignore *ignore;
};

static void site_extra(const struct gitops_request *r, const struct deploy_release *rel, struct gitops_settings *s,
                       struct gitops_app *app, struct site_extra *x)
{
    memset(x, 0, sizeof *x);
    deploy_site_argocd_resolve(r->site, rel->component, &x->view);
    const struct deploy_site_argocd_view *v = &x->view;
    if (v->project)
        s->project = v->project;
    if (v->server)
        s->server = v->server;
    if (v->sync)
        s->sync_auto = strcmp(v->sync, "auto") == 0;
    for (size_t i = 0; i < v->labels.n; i++) {
        hp_strlist_push(&x->labels, v->labels.v[i].key);
        hp_strlist_push(&x->labels, v->labels.v[i].value);
    }
    for (size_t i = 0; i < v->annotations.n; i++) {
        hp_strlist_push(&x->annotations, v->annotations.v[i].key);
        hp_strlist_push(&x->annotations, v->annotations.v[i].value);
    }
    if (v->n_images) { /* Argo CD Image Updater's annotations */
        struct hp_buf list = {0};
        for (size_t i = 0; i < v->n_images; i++)
            hp_buf_appendf(&list, "%s%s=%s", i ? "," : "", v->images[i].alias, v->images[i].image);
        hp_strlist_push(&x->annotations, IMAGE_UPDATER_PREFIX "image-list");
        hp_strlist_push(&x->annotations, hp_buf_cstr(&list));
        hp_buf_free(&list);
        for (size_t i = 0; i < v->n_images; i++) {
            const struct deploy_site_image *g = &v->images[i];
            const char *keys[] = {"update-strategy", "helm.image-name", "helm.image-tag", "allow-tags"};
            const char *vals[] = {g->update_strategy, g->helm_name, g->helm_tag, g->allow_tags};
            for (size_t k = 0; k < 4; k++)
                if (vals[k]) {
                    hp_strlist_pushf(&x->annotations, IMAGE_UPDATER_PREFIX "%s.%s", g->alias, keys[k]);
                    hp_strlist_push(&x->annotations, vals[k]);
                }
        }
    }
    if (v->finalizers) {
        for (size_t i = 0; i < v->finalizers->n; i++)
            hp_strlist_push(&x->finalizers, v->finalizers->v[i]);
    } else {
        hp_strlist_push(&x->finalizers, DEPLOY_SITE_FINALIZER);
    }
    x->ignore = hp_xcalloc(v->n_ignore ? v->n_ignore : 1, sizeof *x->ignore);
    for (size_t i = 0; i < v->n_ignore; i++) {
        const struct deploy_site_ignore *g = &v->ignore[i];
        x->ignore[i] = (struct gitops_ignore){g->group, g->kind, g->name, g->namespace_, &g->json_pointers,
                                              &g->jq_paths, &g->managers};
    }
    app->labels = &x->labels;
    app->annotations = &x->annotations;
    app->finalizers = &x->finalizers;
    app->sync_options = v->sync_options;
    app->ignore = x->ignore;
    app->n_ignore = v->n_ignore;
}

static void site_extra_free(struct site_extra *x)
{
    deploy_kvlist_free(&x->view.annotations);
    deploy_kvlist_free(&x->view.labels);
    hp_strlist_free(&x->labels);
    hp_strlist_free(&x->annotations);
    hp_strlist_free(&x->finalizers);
    free(x->ignore);
}

/* An OCI chart's values file: "$values/<path in the repository>" for a file of the site tree,
 * the path inside the package for one of the package. */
static int oci_value_file_entry(const char *file, const struct gitops_source *src, const struct gitops_request *r,
                                const char *release, char **out, struct hp_error *e)
{
    if (hp_str_has_prefix(file, DEPLOY_OCI_PACKAGE_PREFIX)) {
        *out = hp_xstrdup(file + strlen(DEPLOY_OCI_PACKAGE_PREFIX));
        return 0;
    }
    char *inside = NULL;
    if (gitops_relpath_inside(src->top, file, &inside, e) != 0)
        return -1;
    if (r->is_encrypted) {
        struct hp_buf b = {0};
        bool enc = hp_file_read(file, &b, e) == 0 && r->is_encrypted(b.data, b.len);
        hp_buf_free(&b);
        if (enc && !(r->allow_secrets && strcmp(r->allow_secrets, "as-is") == 0)) {
            free(inside);
            return hp_error_set(e, GITOPS_ERR_SECRETS,
                                "%s: a SOPS-encrypted values file (release %s) of an OCI chart: Argo CD reads it "
                                "through $values, where no downloader scheme applies: pass --allow-secrets as-is "
                                "(the cluster decrypts it another way) or leave it to 'helm panda secrets upgrade'",
                                file, release);
        }
    }
    *out = hp_xasprintf("$values/%s", inside);
    free(inside);
    return 0;
}

/* A child's Application and ImageUpdater (when it has one) onto docs, in the site's layout:
 * apps/<file> (flat: <file>), the file named by the site or after the release. */
static void push_child(const struct gitops_request *r, const struct deploy_release *rel,
                       const struct deploy_site_argocd_view *v, const char *updater_name, struct hp_buf *yaml,
                       struct hp_buf *updater, struct gitops_docs *docs)
{
    bool flat = r->site && r->site->flat;
    const char *dir = flat ? "" : GITOPS_APPS_SUBDIR "/";
    char *file = v->file ? hp_xasprintf("%s%s", dir, v->file) : hp_xasprintf("%s%s.yaml", dir, rel->name);
    doc_push(docs, "Application", rel->name, file, rel->depth, yaml);
    if (!updater->len)
        return;
    file = v->updater_file ? hp_xasprintf("%s%s", dir, v->updater_file)
                           : hp_xasprintf("%s%s%s", dir, rel->name, flat ? "-image-updater.yaml" : ".image-updater.yaml");
    doc_push(docs, "ImageUpdater", updater_name, file, rel->depth, updater);
}

static int render_child(const struct deploy_release *rel, const struct gitops_source *src,
                        const struct gitops_request *r, const struct gitops_settings *site_s, struct gitops_docs *docs,
                        struct hp_error *e)
{
    char *path = NULL;
    struct hp_strlist values = {0}, params = {0};
    struct hp_buf yaml = {0}, updater = {0};
    struct gitops_settings own = *site_s, *s = &own;
    struct site_extra extra;
    struct deploy_oci_ref oci = {0};
    int rc = check_name(rel->name, "release name", e);
    if (rc == 0 && rel->chart_oci) {
        char why[256];
        if (deploy_oci_parse(rel->chart, &oci, why, sizeof why) < 0)
            rc = hp_error_set(e, GITOPS_ERR_INPUT, "%s: %s", rel->chart, why);
        else if (!rel->chart_version)
            rc = hp_error_set(e, GITOPS_ERR_INPUT,
                              "component %s: %s has a digest but no version: Argo CD's Helm OCI source takes a "
                              "chart version (targetRevision): give version: too",
                              rel->component, rel->chart);
    } else if (rc == 0) {
        rc = gitops_relpath_inside(src->top, rel->chart, &path, e);
    }
    for (size_t i = 0; rc == 0 && i < rel->sets.n; i++)
        rc = gitops_split_set(rel->sets.v[i], &params, e);
    for (size_t i = 0; rc == 0 && i < rel->values.n; i++) {
        char *v = NULL;
        rc = rel->chart_oci ? oci_value_file_entry(rel->values.v[i], src, r, rel->name, &v, e)
                            : value_file_entry(rel->values.v[i], rel->chart, src, r, rel->name, &v, e);
        if (rc == 0)
            hp_strlist_push_own(&values, v);
    }
    if (rc == 0) {
        hp_buf_append_str(&yaml, GITOPS_HEADER);
        bool waves = !(r->site && r->site->no_sync_wave);
        struct gitops_app app = {
            .name = rel->name,
            .path = path,
            .namespace_ = r->namespace_,
            .release = rel->name,
            .value_files = &values,
            .params = &params,
            .wave = waves ? rel->depth : -1,
            .oci_repo = oci.repository,
            .oci_chart = oci.chart,
            .oci_version = rel->chart_version,
        };
        site_extra(r, rel, s, &app, &extra);
        rc = gitops_app_write(&app, s, &yaml, e);
        const struct deploy_site_argocd_view *v = &extra.view;
        const char *uname = v->updater_name ? v->updater_name : rel->name;
        if (rc == 0 && v->n_images) {
            hp_buf_append_str(&updater, GITOPS_HEADER);
            rc = gitops_image_updater_write(uname, v->updater_namespace ? v->updater_namespace : s->argocd_namespace,
                                            rel->name, &updater, e);
        }
        if (rc == 0)
            push_child(r, rel, v, uname, &yaml, &updater, docs);
        site_extra_free(&extra);
    }
    if (rc != 0) {
        hp_buf_free(&yaml);
        hp_buf_free(&updater);
    }
    hp_strlist_free(&values);
    hp_strlist_free(&params);
    deploy_oci_ref_free(&oci);
    free(path);
    return rc;
}

/* No two documents of one kind and name (one would replace the other in the cluster: a child
 * named like the parent overwrites its own parent) and no two on one file. Quadratic: a plan
 * has tens of releases. */
static int check_unique(const struct gitops_docs *docs, const char *argocd_ns, struct hp_error *e)
{
    for (size_t i = 0; i < docs->n; i++) {
        const struct gitops_doc *a = &docs->v[i];
        for (size_t j = i + 1; j < docs->n; j++) {
            const struct gitops_doc *b = &docs->v[j];
            bool same_name = strcmp(a->kind, b->kind) == 0 && strcmp(a->name, b->name) == 0;
            if (same_name && b->wave < 0)
                return hp_error_set(e, GITOPS_ERR_INPUT,
                                    "the parent Application '%s' has the name of release %s's Application (both "
                                    "in namespace %s): the child would replace its parent; give the parent "
                                    "another name (--name)",
                                    b->name, a->name, argocd_ns);
            if (same_name)
                return hp_error_set(e, GITOPS_ERR_INPUT, "two %ss named '%s' (in namespace %s)", a->kind, a->name,
                                    argocd_ns);
            if (strcmp(a->file, b->file) == 0)
                return hp_error_set(e, GITOPS_ERR_INPUT, "the %s '%s' and the %s '%s' would both be written to %s",
                                    a->kind, a->name, b->kind, b->name, a->file);
        }
    }
    return 0;
}

/* -o DIR resolved. DIR and some of its parents may not exist yet (they are created when the
 * files are written): the deepest existing ancestor is resolved and the rest appended, which
 * must then be plain names (no "." or ".."), or the result would not be what mkdir makes. */
static char *resolve_outdir(const char *dir, struct hp_error *e)
{
    char *real = realpath(dir, NULL);
    if (real)
        return real;
    char *head = hp_xstrdup(*dir ? dir : ".");
    struct hp_strlist tail = {0};
    for (;;) {
        size_t n = strlen(head);
        while (n > 1 && head[n - 1] == '/')
            head[--n] = '\0';
        char *slash = strrchr(head, '/');
        const char *base = slash ? slash + 1 : head;
        if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0) {
            hp_error_set(e, GITOPS_ERR_WRITE, "-o %s: a folder to create is named '%s'", dir, base);
            break;
        }
        hp_strlist_push(&tail, base);
        char *parent = slash ? (slash == head ? hp_xstrdup("/") : hp_xstrndup(head, (size_t)(slash - head)))
                             : hp_xstrdup(".");
        free(head);
        head = parent;
        if ((real = realpath(head, NULL)) != NULL)
            break;
    }
    if (real) {
        struct hp_buf b = {0};
        hp_buf_append_str(&b, strcmp(real, "/") == 0 ? "" : real);
        for (size_t i = tail.n; i-- > 0;)
            hp_buf_appendf(&b, "/%s", tail.v[i]);
        free(real);
        real = hp_xstrdup(hp_buf_cstr(&b));
        hp_buf_free(&b);
    }
    free(head);
    hp_strlist_free(&tail);
    return real;
}

/* The children's folder as a path in the repository. Without -o it is where the default
 * -o would put them; with -o outside the repository it cannot be a source: an error. */
static int apps_path(const struct gitops_source *src, const struct gitops_request *r, const char *parent,
                     struct gitops_docs *docs, char **out, struct hp_error *e)
{
    /* flat: the children are beside the parent, in the folder itself */
    const char *sub = r->site && r->site->flat ? "" : "/" GITOPS_APPS_SUBDIR;
    if (!r->outdir) {
        docs->outdir = hp_xasprintf("%s/%s/%s", src->top, GITOPS_DEFAULT_OUTDIR, parent);
        *out = hp_xasprintf("%s/%s%s", GITOPS_DEFAULT_OUTDIR, parent, sub);
        return 0;
    }
    docs->outdir = resolve_outdir(r->outdir, e);
    if (!docs->outdir)
        return -1;
    char *rel = gitops_relpath_of(src->top, docs->outdir);
    if (gitops_relpath_is_outside(rel)) {
        free(rel);
        return hp_error_set(e, GITOPS_ERR_SOURCE,
                            "-o %s: outside the repository %s, so the parent Application cannot point at it",
                            r->outdir, src->top);
    }
    *out = strcmp(rel, ".") == 0 ? hp_xstrdup(*sub ? sub + 1 : ".") : hp_xasprintf("%s%s", rel, sub);
    free(rel);
    return 0;
}

int gitops_render(const struct deploy_plan *plan, const struct gitops_source *src, const struct gitops_request *r,
                  struct gitops_docs *docs, struct hp_error *e)
{
    memset(docs, 0, sizeof *docs);
    struct gitops_settings s = r->settings;
    s.repo_url = src->repo_url;
    s.revision = src->revision;
    if (r->allow_secrets && strcmp(r->allow_secrets, "as-is") != 0) {
        char *scheme = secrets_scheme(r->allow_secrets, e); /* a bad scheme is an error even when unused */
        if (!scheme)
            return -1;
        free(scheme);
    }
    for (size_t i = 0; i < plan->n; i++)
        if (render_child(&plan->releases[i], src, r, &s, docs, e) != 0)
            goto fail;

    char *parent = r->parent_name ? hp_xstrdup(r->parent_name) : deploy_instance_name(plan->affix, "panda-apps");
    char *path = NULL;
    struct hp_buf yaml = {0};
    int rc = check_name(parent, "parent Application name", e);
    bool has_parent = !(r->site && r->site->no_parent);
    if (rc == 0)
        rc = apps_path(src, r, parent, docs, &path, e);
    if (rc == 0 && has_parent) {
        hp_buf_append_str(&yaml, GITOPS_HEADER);
        struct gitops_app app = {
            .name = parent,
            .path = path,
            .namespace_ = s.argocd_namespace, /* the children are Applications: they live there */
            .wave = -1,
        };
        rc = gitops_app_write(&app, &s, &yaml, e);
    }
    if (rc == 0 && has_parent)
        doc_push(docs, "Application", parent, hp_xasprintf("%s.yaml", parent), -1, &yaml);
    else
        hp_buf_free(&yaml);
    for (size_t i = 0; rc == 0 && r->site && i < r->site->take_over.n; i++)
        hp_strlist_push(&docs->take_over, r->site->take_over.v[i]);
    free(path);
    free(parent);
    if (rc != 0 || check_unique(docs, s.argocd_namespace, e) != 0)
        goto fail;
    return 0;
fail:
    gitops_docs_free(docs);
    return -1;
}

void gitops_docs_stream(const struct gitops_docs *docs, struct hp_buf *out)
{
    for (size_t i = 0; i < docs->n; i++) {
        if (i)
            hp_buf_append_str(out, "---\n");
        hp_buf_append(out, docs->v[i].yaml.data, docs->v[i].yaml.len);
    }
}

void gitops_docs_free(struct gitops_docs *docs)
{
    for (size_t i = 0; i < docs->n; i++) {
        free(docs->v[i].name);
        free(docs->v[i].file);
        hp_buf_free(&docs->v[i].yaml);
    }
    free(docs->v);
    free(docs->outdir);
    hp_strlist_free(&docs->take_over);
    memset(docs, 0, sizeof *docs);
}
