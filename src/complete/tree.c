/* Scanning a deployment tree for completion candidates (see include/complete/tree.h). */
#include <dirent.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "complete/tree.h"
#include "deploy/config/components.h"
#include "deploy/config/root.h"
#include "deploy/config/site.h"
#include "hp/file.h"

#define MAX_YAML_BYTES (4u << 20) /* Chart.yaml of a tiny chart is a few KiB */

char *complete_find_root(const char *explicit_root)
{
    char *root = NULL;
    struct hp_error e = {0};
    if (deploy_root_find(explicit_root && *explicit_root ? explicit_root : NULL, &root, &e) != 0) {
        hp_debugf("completion: %s", e.msg);
        return NULL;
    }
    return root;
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static void push_unique(struct hp_strlist *out, const char *s)
{
    if (*s && !hp_strlist_contains(out, s))
        hp_strlist_push(out, s);
}

/* Sorts what was appended to `out` since index `from`. */
static void sort_tail(struct hp_strlist *out, size_t from)
{
    if (out->n > from)
        qsort(out->v + from, out->n - from, sizeof *out->v, cmp_str);
}

/* The charts under helm/ alone: what is left when the catalogue cannot be read. */
static void scan_helm_dir(const char *root, struct hp_strlist *out)
{
    char *helm = hp_path_join(root, "helm");
    DIR *d = opendir(helm);
    if (d) {
        struct dirent *de;
        while ((de = readdir(d))) {
            if (de->d_name[0] == '.')
                continue;
            char *chart = hp_xasprintf("%s/%s/Chart.yaml", helm, de->d_name);
            if (hp_path_exists(chart))
                push_unique(out, de->d_name);
            free(chart);
        }
        closedir(d);
    }
    free(helm);
}

/* The catalogue entry's Chart.yaml path, or NULL when the catalogue does not know name. */
static char *chart_file(const char *root, const char *name)
{
    struct deploy_catalogue cat = {0};
    struct hp_error e = {0};
    char *path = NULL;
    if (deploy_catalogue_load(&cat, root, &e) == 0) {
        const struct deploy_component *k = deploy_catalogue_find(&cat, name);
        if (k)
            path = hp_xasprintf("%s/%s/Chart.yaml", root, k->chart);
    } else {
        hp_debugf("completion: %s", e.msg);
    }
    deploy_catalogue_free(&cat);
    return path;
}

void complete_components(const char *root, struct hp_strlist *out)
{
    size_t from = out->n;
    struct deploy_catalogue cat = {0};
    struct hp_error e = {0};
    if (deploy_catalogue_load(&cat, root, &e) == 0) {
        for (size_t i = 0; i < cat.n; i++) {
            char *chart = hp_xasprintf("%s/%s/Chart.yaml", root, cat.v[i].chart);
            if (hp_path_exists(chart))
                push_unique(out, cat.v[i].name);
            free(chart);
        }
    } else {
        hp_debugf("completion: %s", e.msg);
        scan_helm_dir(root, out);
    }
    deploy_catalogue_free(&cat);
    sort_tail(out, from);
}

/* values-E.yaml / values-E.yml -> E (malloc'd), else NULL */
static char *experiment_of(const char *file)
{
    if (!hp_str_has_prefix(file, "values-"))
        return NULL;
    const char *e = file + strlen("values-");
    size_t n = strlen(e);
    if (hp_str_has_suffix(e, ".yaml"))
        n -= 5;
    else if (hp_str_has_suffix(e, ".yml"))
        n -= 4;
    else
        return NULL;
    return n ? hp_xstrndup(e, n) : NULL;
}

static void experiments_in(const char *dir, struct hp_strlist *out)
{
    DIR *d = opendir(dir);
    if (!d)
        return;
    struct dirent *de;
    while ((de = readdir(d))) {
        char *e = experiment_of(de->d_name);
        if (e)
            push_unique(out, e);
        free(e);
    }
    closedir(d);
}

void complete_experiments(const char *root, struct hp_strlist *out)
{
    size_t from = out->n;
    struct hp_strlist comps = {0};
    complete_components(root, &comps);
    for (size_t i = 0; i < comps.n; i++) {
        char *dir = hp_xasprintf("%s/helm/%s/values", root, comps.v[i]);
        experiments_in(dir, out);
        free(dir);
    }
    hp_strlist_free(&comps);
    char *secrets = hp_path_join(root, "secrets");
    experiments_in(secrets, out);
    free(secrets);
    sort_tail(out, from);
}

void complete_subcomponents(const char *root, const char *name, struct hp_strlist *out)
{
    char *path = chart_file(root, name);
    struct stat st;
    /* a huge Chart.yaml is not worth reading while the user waits for TAB */
    if (!path || stat(path, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size > (off_t)MAX_YAML_BYTES) {
        free(path);
        return;
    }
    struct hp_buf b = {0};
    struct hp_error e = {0};
    struct hp_strlist subs = {0};
    if (hp_file_read(path, &b, &e) == 0 && deploy_chart_subcomponents(path, b.data, b.len, &subs, &e) != 0)
        hp_debugf("completion: %s", e.msg);
    for (size_t i = 0; i < subs.n; i++)
        push_unique(out, subs.v[i]);
    hp_strlist_free(&subs);
    hp_buf_free(&b);
    free(path);
}

void complete_sites(const char *root, struct hp_strlist *out)
{
    char *path = hp_path_join(root, DEPLOY_COMPONENTS_FILE);
    struct hp_buf b = {0};
    struct hp_error ignored = {0};
    if (hp_file_read(path, &b, &ignored) == 0) {
        struct deploy_sites s;
        /* a profile with an error further down still names the sites before it */
        deploy_sites_parse(&s, path, b.data, b.len, &ignored);
        for (size_t i = 0; i < s.n; i++)
            if (s.v[i].name)
                hp_strlist_push(out, s.v[i].name);
        deploy_sites_free(&s);
    }
    hp_buf_free(&b);
    free(path);
}
