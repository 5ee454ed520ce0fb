/* OCI charts (deploy/config/oci.h, deploy/config/chartsrc.h): the reference and version parser, the
 * `charts:` settings and their errors (file:line: key), which level's reference and version a
 * component takes, and reading a chart package from memory. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <cmocka.h>
#include <archive.h>
#include <archive_entry.h>

#include "hp/nameset.h"
#include "deploy/config/chartsrc.h"
#include "deploy/config/components.h"
#include "deploy/config/oci.h"
#include "deploy/plan/plan.h"
#include "deploy/config/site.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_refs(void **state)
{
    (void)state;
    static const struct {
        const char *ref, *repository, *chart, *digest;
    } good[] = {
        {"oci://ghcr.io/pandawms/panda-k8s-charts/panda", "ghcr.io/pandawms/panda-k8s-charts", "panda", NULL},
        {"oci://127.0.0.1:5000/charts/msgsvc", "127.0.0.1:5000/charts", "msgsvc", NULL},
        {"oci://registry/panda", "registry", "panda", NULL},
        {"oci://r.example.org/a/b/c__d.e-f--g", "r.example.org/a/b", "c__d.e-f--g", NULL},
        {"oci://ghcr.io/x/panda@sha256:" HEX64, "ghcr.io/x", "panda", "sha256:" HEX64},
    };
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        struct deploy_oci_ref r;
        char why[256] = "";
        if (deploy_oci_parse(good[i].ref, &r, why, sizeof why) != 0)
            fail_msg("%s refused: %s", good[i].ref, why);
        assert_string_equal(r.repository, good[i].repository);
        assert_string_equal(r.chart, good[i].chart);
        if (good[i].digest)
            assert_string_equal(r.digest, good[i].digest);
        else
            assert_null(r.digest);
        deploy_oci_ref_free(&r);
    }
    static const struct {
        const char *ref, *why;
    } bad[] = {
        {"https://ghcr.io/x/panda", "not an oci://"},
        {"oci://", "no chart after"},
        {"oci://ghcr.io", "no chart after"},
        {"oci://ghcr.io/", "no chart after"},
        {"oci:///panda", "no registry host"},
        {"oci://ghcr.io/x/panda:0.1.1", "a tag in the reference ('0.1.1')"},
        {"oci://ghcr.io/x/Panda", "'Panda' is not a repository name component"},
        {"oci://ghcr.io/x//panda", "'' is not a repository name component"},
        {"oci://ghcr.io/x/panda/", "'' is not a repository name component"},
        {"oci://ghcr.io/x/-panda", "'-panda'"},
        {"oci://ghcr.io/x/pan___da", "'pan___da'"},
        {"oci://ghcr.io/x/pan..da", "'pan..da'"},
        {"oci://gh cr.io/x/panda", "the registry host has a ' '"},
        {"oci://-ghcr.io/x/panda", "not a host name"},
        {"oci://ghcr..io/x/panda", "not a host name"},
        {"oci://ghcr.io:0/x/panda", "port"},
        {"oci://ghcr.io:65536/x/panda", "port"},
        {"oci://ghcr.io:/x/panda", "port"},
        {"oci://ghcr.io:5a/x/panda", "port"},
        {"oci://ghcr.io/x/panda@sha256:abc", "digest"},
        {"oci://ghcr.io/x/panda@sha256:" HEX64 "0", "digest"},
        {"oci://ghcr.io/x/panda@sha512:" HEX64, "digest"},
        {"oci://ghcr.io/x/panda@sha256:" "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef", "digest"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        struct deploy_oci_ref r;
        char why[256] = "";
        if (deploy_oci_parse(bad[i].ref, &r, why, sizeof why) == 0)
            fail_msg("%s accepted", bad[i].ref);
        if (!strstr(why, bad[i].why))
            fail_msg("%s: '%s' lacks '%s'", bad[i].ref, why, bad[i].why);
        assert_null(r.repository);
    }
}

static void test_versions(void **state)
{
    (void)state;
    static const char *const good[] = {"0.1.1", "1.0.0", "v1.2.3", "10.20.30", "1.0.0-rc.1", "1.0.0-0.3.7",
                                       "1.0.0-alpha-1", "1.0.0+build.5", "1.0.0-beta+exp.sha.5114f85"};
    for (size_t i = 0; i < sizeof good / sizeof *good; i++) {
        char why[256] = "";
        if (!deploy_oci_version_valid(good[i], why, sizeof why))
            fail_msg("%s refused: %s", good[i], why);
    }
    static const struct {
        const char *v, *why;
    } bad[] = {
        {"", "a version is required"},
        {"latest", "a version is required"},
        {"^0.1", "is a range"},
        {"~1.2.3", "is a range"},
        {">=1.0.0", "is a range"},
        {"1.x", "is a range"},
        {"*", "is a range"},
        {"1.0.0 || 2.0.0", "is a range"},
        {"0.1", "not an exact chart version"},
        {"1", "not an exact chart version"},
        {"1.2.3.4", "not an exact chart version"},
        {"01.2.3", "not an exact chart version"},
        {"1.02.3", "not an exact chart version"},
        {"1.2.3-", "not an exact chart version"},
        {"1.2.3-01", "not an exact chart version"},
        {"1.2.3+", "not an exact chart version"},
        {"1.2.3-a..b", "not an exact chart version"},
        {"1.2.3-a_b", "not an exact chart version"},
        {"V1.2.3", "not an exact chart version"},
        {"1.2.3/../x", "not an exact chart version"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
        char why[256] = "";
        if (deploy_oci_version_valid(bad[i].v, why, sizeof why))
            fail_msg("'%s' accepted", bad[i].v);
        if (!strstr(why, bad[i].why))
            fail_msg("'%s': '%s' lacks '%s'", bad[i].v, why, bad[i].why);
    }
}

/* A catalogue from the built-in defaults plus a components file. */
static int catalogue(const char *text, struct deploy_catalogue *c, struct hp_error *e)
{
    memset(c, 0, sizeof *c);
    for (const char *const *n = (const char *const[]){"msgsvc", "panda", "ui", NULL}; *n; n++) {
        c->v = realloc(c->v, (c->n + 1) * sizeof *c->v);
        memset(&c->v[c->n], 0, sizeof *c->v);
        c->v[c->n].name = strdup(*n);
        c->v[c->n].chart = hp_xasprintf("helm/%s", *n);
        c->n++;
    }
    c->cap = c->n; /* catalogue_add grows the array from there */
    return deploy_catalogue_apply_file(c, "hp.yaml", (const unsigned char *)text, strlen(text), e);
}

static void expect_config_error(const char *text, const char *needle)
{
    struct deploy_catalogue c;
    struct hp_error e = {0};
    int rc = catalogue(text, &c, &e);
    deploy_catalogue_free(&c);
    if (rc == 0)
        fail_msg("accepted, wanted '%s'", needle);
    assert_int_equal(e.kind, DEPLOY_ERR_CONFIG);
    if (!strstr(e.msg, needle))
        fail_msg("'%s' lacks '%s'", e.msg, needle);
    assert_null(strchr(e.msg, '\n'));
}

static void test_config_errors(void **state)
{
    (void)state;
    expect_config_error("charts:\n  repository: oci://r/c\n  version: latest\n",
                        "hp.yaml:3: charts.version: a version is required");
    expect_config_error("charts:\n  repository: https://r/c\n", "hp.yaml:2: charts.repository: 'https://r/c'");
    expect_config_error("charts:\n  repository: oci://r/C\n", "hp.yaml:2: charts.repository: 'oci://r/C/x': 'C' is not");
    expect_config_error("charts:\n  repository: 'oci://r/c@sha256:" HEX64 "'\n", "expected oci://HOST/PATH (no digest)");
    expect_config_error("charts:\n  plainHttp: yes\n", "hp.yaml:2: charts.plainHttp: must be true or false");
    expect_config_error("charts:\n  repo: oci://r/c\n", "hp.yaml:2: charts: unknown key 'repo'");
    expect_config_error("charts: oci://r/c\n", "hp.yaml:1: charts: must be a mapping");
    expect_config_error("components:\n  panda:\n    chart: oci://r/c/panda:1.0.0\n",
                        "hp.yaml:3: components.panda.chart: 'oci://r/c/panda:1.0.0': a tag in the reference");
    expect_config_error("components:\n  panda:\n    version: ^1.0\n", "hp.yaml:3: components.panda.version: '^1.0' is a range");
}

static void choose(const char *text, const struct deploy_site *site, const char *component,
                   struct deploy_chart_choice *ch, struct hp_error *e, int want_rc)
{
    struct deploy_catalogue c;
    if (catalogue(text, &c, e) != 0)
        fail_msg("catalogue: %s", e->msg);
    int rc = deploy_chart_choose(&c, deploy_catalogue_find(&c, component), site, "hp.yaml", ch, e);
    deploy_catalogue_free(&c);
    if (rc != want_rc)
        fail_msg("deploy_chart_choose: %d (%s), wanted %d", rc, e->msg, want_rc);
}

static void test_choose(void **state)
{
    (void)state;
    struct deploy_chart_choice ch;
    struct hp_error e = {0};
    unsetenv(DEPLOY_OCI_PLAIN_HTTP_ENV);
    /* no OCI settings: the folder */
    choose("components: {}\n", NULL, "panda", &ch, &e, 0);
    assert_false(ch.oci);
    /* one repository prefix for all, its version; a component's own version wins */
    const char *file = "charts: {repository: oci://r.io/charts, version: 0.1.0, plainHttp: true}\n"
                       "components:\n"
                       "  panda: {version: 0.2.0}\n"
                       "  ui: {chart: helm/ui}\n";
    choose(file, NULL, "msgsvc", &ch, &e, 0);
    assert_true(ch.oci);
    assert_string_equal(ch.ref, "oci://r.io/charts/msgsvc");
    assert_string_equal(ch.version, "0.1.0");
    assert_true(ch.plain_http);
    deploy_chart_choice_free(&ch);
    choose(file, NULL, "panda", &ch, &e, 0);
    assert_string_equal(ch.version, "0.2.0");
    deploy_chart_choice_free(&ch);
    choose(file, NULL, "ui", &ch, &e, 0); /* a folder named by the component stays a folder */
    assert_false(ch.oci);

    /* a site's settings over the file's */
    struct deploy_sites s;
    const char *sites = "sites:\n"
                        "  a:\n"
                        "    charts: {repository: oci://mirror.org/p, version: 0.3.0, plainHttp: false}\n"
                        "    components:\n"
                        "      panda: {chart: 'oci://other.org/x/panda2@sha256:" HEX64 "', version: 0.4.0}\n"
                        "  b:\n"
                        "    charts: {version: 0.5.0}\n";
    assert_int_equal(deploy_sites_parse(&s, "hp.yaml", (const unsigned char *)sites, strlen(sites), &e), 0);
    choose(file, &s.v[0], "msgsvc", &ch, &e, 0);
    assert_string_equal(ch.ref, "oci://mirror.org/p/msgsvc");
    assert_string_equal(ch.version, "0.3.0");
    assert_false(ch.plain_http);
    deploy_chart_choice_free(&ch);
    choose(file, &s.v[0], "panda", &ch, &e, 0);
    assert_string_equal(ch.ref, "oci://other.org/x/panda2@sha256:" HEX64);
    assert_string_equal(ch.version, "0.4.0");
    deploy_chart_choice_free(&ch);
    /* a site's version for all is more specific than the file's version of one component */
    choose(file, &s.v[1], "panda", &ch, &e, 0);
    assert_string_equal(ch.ref, "oci://r.io/charts/panda");
    assert_string_equal(ch.version, "0.5.0");
    assert_true(ch.plain_http); /* the site leaves plainHttp to the file */
    deploy_chart_choice_free(&ch);
    deploy_sites_free(&s);

    /* a reference without a version: named with the key it came from */
    choose("components:\n  panda:\n    chart: oci://r.io/c/panda\n", NULL, "panda", &ch, &e, -1);
    assert_int_equal(e.kind, DEPLOY_ERR_CONFIG);
    assert_non_null(strstr(e.msg, "hp.yaml:3: components.panda.chart: 'oci://r.io/c/panda' has no version"));
    /* a digest needs no version */
    choose("components:\n  panda:\n    chart: oci://r.io/c/panda@sha256:" HEX64 "\n", NULL, "panda", &ch, &e, 0);
    assert_null(ch.version);
    deploy_chart_choice_free(&ch);
    /* a version for a folder is a mistake */
    choose("components:\n  panda: {version: 1.0.0}\n", NULL, "panda", &ch, &e, -1);
    assert_non_null(strstr(e.msg, "hp.yaml:2: components.panda.version: the chart of panda is the folder helm/panda"));
    /* the environment switch for --plain-http */
    setenv(DEPLOY_OCI_PLAIN_HTTP_ENV, "1", 1);
    choose("charts: {repository: oci://r.io/c, version: 1.0.0}\n", NULL, "panda", &ch, &e, 0);
    assert_true(ch.plain_http);
    deploy_chart_choice_free(&ch);
    unsetenv(DEPLOY_OCI_PLAIN_HTTP_ENV);

    /* a site's bad chart or version: file:line: key */
    const char *bad = "sites:\n  a:\n    components:\n      panda: {version: latest}\n";
    assert_int_equal(deploy_sites_parse(&s, "hp.yaml", (const unsigned char *)bad, strlen(bad), &e), -1);
    assert_non_null(strstr(e.msg, "hp.yaml:4: sites.a.components.panda.version: a version is required"));
    deploy_sites_free(&s);
    bad = "sites:\n  a:\n    components:\n      panda: {chart: helm/x}\n";
    assert_int_equal(deploy_sites_parse(&s, "hp.yaml", (const unsigned char *)bad, strlen(bad), &e), -1);
    assert_non_null(strstr(e.msg, "hp.yaml:4: sites.a.components.panda.chart: 'helm/x': a site's component takes"));
    deploy_sites_free(&s);
}

static la_ssize_t to_buf(struct archive *a, void *ctx, const void *p, size_t n)
{
    (void)a;
    hp_buf_append(ctx, p, n);
    return (la_ssize_t)n;
}

static void tgz(struct hp_buf *out, const char *const *files)
{
    struct archive *a = archive_write_new();
    archive_write_add_filter_gzip(a);
    archive_write_set_format_pax_restricted(a);
    archive_write_open2(a, out, NULL, to_buf, NULL, NULL);
    struct archive_entry *ent = archive_entry_new();
    for (size_t i = 0; files[i]; i += 2) {
        archive_entry_clear(ent);
        archive_entry_set_pathname(ent, files[i]);
        archive_entry_set_filetype(ent, AE_IFREG);
        archive_entry_set_perm(ent, 0644);
        archive_entry_set_size(ent, (la_int64_t)strlen(files[i + 1]));
        archive_write_header(a, ent);
        archive_write_data(a, files[i + 1], strlen(files[i + 1]));
    }
    archive_entry_free(ent);
    archive_write_close(a);
    archive_write_free(a);
}

static void test_package(void **state)
{
    (void)state;
    static const char *const files[] = {
        "panda/Chart.yaml", "name: panda\ndependencies:\n- {name: jedi}\n",
        "panda/values.yaml", "a: 1\n",
        "panda/values/values-lsst.yaml", "b: 2\n",
        "panda/values/sub/values-x.yaml", "nested: no\n",
        "panda/charts/jedi/values.yaml", "sub-chart: no\n",
        "panda/templates/cm.yaml", "kind: ConfigMap\n",
        NULL,
    };
    struct hp_buf b = {0};
    tgz(&b, files);
    struct deploy_oci_package p = {0};
    struct hp_error e = {0};
    assert_int_equal(deploy_oci_package_read(&p, b.data, b.len, &e), 0);
    assert_string_equal(p.name, "panda");
    assert_true(p.has_values_yaml);
    assert_string_equal(hp_buf_cstr(&p.values_yaml), "a: 1\n");
    assert_int_equal(p.files.n, 1);
    const struct hp_buf *f = deploy_oci_package_file(&p, "values/values-lsst.yaml");
    assert_non_null(f);
    assert_memory_equal(f->data, "b: 2\n", 5);
    assert_null(deploy_oci_package_file(&p, "values/sub/values-x.yaml"));
    assert_null(deploy_oci_package_file(&p, "charts/jedi/values.yaml"));
    struct hp_strlist subs = {0};
    assert_int_equal(deploy_chart_subcomponents("pkg", p.chart_yaml.data, p.chart_yaml.len, &subs, &e), 0);
    assert_int_equal(subs.n, 1);
    assert_string_equal(subs.v[0], "jedi");
    hp_strlist_free(&subs);
    deploy_oci_package_free(&p);

    /* not a package: one line */
    assert_int_equal(deploy_oci_package_read(&p, "garbage", 7, &e), -1);
    assert_int_equal(e.kind, DEPLOY_ERR_PULL);
    assert_null(strchr(e.msg, '\n'));
    deploy_oci_package_free(&p);
    hp_buf_free(&b);
}

/* A hostile package built entry by entry: each entry a name, a type and `size` bytes of `fill`
 * (or `data` when given). Level 1 gzip: the big ones are built quickly. */
struct entry {
    const char *name;
    unsigned type;
    size_t size;
    const char *data;
};

static void hostile_begin(struct archive **a, struct hp_buf *out)
{
    *a = archive_write_new();
    archive_write_add_filter_gzip(*a);
    archive_write_set_filter_option(*a, "gzip", "compression-level", "1");
    archive_write_set_format_pax_restricted(*a);
    archive_write_open2(*a, out, NULL, to_buf, NULL, NULL);
}

static void hostile_add(struct archive *a, const struct entry *en)
{
    static char zeros[65536];
    struct archive_entry *ent = archive_entry_new();
    archive_entry_set_pathname(ent, en->name);
    archive_entry_set_filetype(ent, en->type ? en->type : AE_IFREG);
    archive_entry_set_perm(ent, 0644);
    if (en->type == AE_IFLNK)
        archive_entry_set_symlink(ent, "../../etc/passwd");
    size_t size = en->data ? strlen(en->data) : en->size;
    archive_entry_set_size(ent, en->type == AE_IFLNK ? 0 : (la_int64_t)size);
    archive_write_header(a, ent);
    if (en->data)
        archive_write_data(a, en->data, size);
    for (size_t done = 0; !en->data && done < size; done += sizeof zeros)
        archive_write_data(a, zeros, size - done < sizeof zeros ? size - done : sizeof zeros);
    archive_entry_free(ent);
}

static void hostile_end(struct archive *a)
{
    archive_write_close(a);
    archive_write_free(a);
}

/* Reads a package of the given entries after "panda/Chart.yaml"; expects a refusal whose one
 * line holds `want` (or success when want is NULL). */
static void expect_package(const struct entry *entries, size_t n, const char *want)
{
    struct hp_buf b = {0};
    struct archive *a;
    hostile_begin(&a, &b);
    hostile_add(a, &(struct entry){"panda/Chart.yaml", 0, 0, "name: panda\n"});
    for (size_t i = 0; i < n; i++)
        hostile_add(a, &entries[i]);
    hostile_end(a);
    struct deploy_oci_package p = {0};
    struct hp_error e = {0};
    int rc = deploy_oci_package_read(&p, b.data, b.len, &e);
    if (!want) {
        assert_int_equal(rc, 0);
    } else {
        if (rc == 0 || !strstr(e.msg, want))
            fail_msg("expected a refusal with \"%s\", got rc %d: %s", want, rc, e.msg);
        assert_int_equal(e.kind, DEPLOY_ERR_PULL);
        assert_null(strchr(e.msg, '\n'));
    }
    deploy_oci_package_free(&p);
    hp_buf_free(&b);
}

/* A package is read within helm's own limits and refuses a second copy of a file. Catches: no
 * limit on one file (a 610 KB package inflating to 600 MB took 1 GB), the total counting only
 * the files kept (templates/ are inflated too), a second values/x.yaml kept as the first (helm
 * took the first, `tar -x` shows the last), the same file under another top folder or as
 * ./values.yaml, links and names outside the chart taken. */
static void test_package_hostile(void **state)
{
    (void)state;
    const size_t max_file = DEPLOY_OCI_PKG_MAX_FILE;
    expect_package(&(struct entry){"panda/values/values-x.yaml", 0, max_file, NULL}, 1, NULL);
    expect_package(&(struct entry){"panda/values/values-x.yaml", 0, max_file + 1, NULL}, 1,
                   "'panda/values/values-x.yaml' inflates to 5242881 bytes (at most 5242880)");
    struct entry many[21];
    char names[21][32];
    for (size_t i = 0; i < 21; i++) {
        snprintf(names[i], sizeof names[i], "panda/templates/t%zu.yaml", i);
        many[i] = (struct entry){names[i], 0, max_file, NULL};
    }
    expect_package(many, 19, NULL);
    expect_package(many, 21, "the chart package inflates to more than 104857600 bytes (at 'panda/templates/t19.yaml')");

    const struct entry twice[] = {{"panda/values/x.yaml", 0, 0, "a: 1\n"}, {"panda/values/x.yaml", 0, 0, "a: 2\n"}};
    expect_package(twice, 2, "holds 'values/x.yaml' twice (as 'panda/values/x.yaml')");
    const struct entry other[] = {{"panda/values.yaml", 0, 0, "a: 1\n"}, {"evil/values.yaml", 0, 0, "a: 2\n"}};
    expect_package(other, 2, "holds 'values.yaml' twice (as 'evil/values.yaml')");
    const struct entry dot[] = {{"panda/values.yaml", 0, 0, "a: 1\n"}, {"panda/./x/../values.yaml", 0, 0, "a: 2\n"}};
    expect_package(dot, 2, "holds 'values.yaml' twice (as 'panda/./x/../values.yaml')");
    expect_package(&(struct entry){"panda/Chart.yaml", 0, 0, "name: evil\n"}, 1, "holds 'Chart.yaml' twice");
    expect_package(&(struct entry){"panda/values/x.yaml", AE_IFLNK, 0, NULL}, 1,
                   "'panda/values/x.yaml' is not a file or a folder");
    expect_package(&(struct entry){"panda/../../x.yaml", 0, 0, "a: 1\n"}, 1, "refers to the parent folder");
    expect_package(&(struct entry){"values.yaml", 0, 0, "a: 1\n"}, 1, "'values.yaml' is outside the chart's folder");
    expect_package(&(struct entry){"panda//etc/x.yaml", 0, 0, "a: 1\n"}, 1, "has an absolute path");
}

/* The set that finds a second copy of a file among a package's entries costs a few slot looks a
 * name, whatever the number of names (counted, not timed: 40,000 names, then each again).
 * Catches: a linear scan of the names seen (some 800 million looks), no growth of the table. */
static void test_nameset_constant_work(void **state)
{
    (void)state;
    struct hp_nameset set = {0};
    char name[64];
    const size_t n = 40000;
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(name, sizeof name, "values/v%zu.yaml", i);
        assert_true(hp_nameset_add(&set, name, (size_t)len));
    }
    for (size_t i = 0; i < n; i++) {
        int len = snprintf(name, sizeof name, "values/v%zu.yaml", i);
        assert_false(hp_nameset_add(&set, name, (size_t)len));
    }
    assert_int_equal(set.n, n);
    if (set.probes > 8 * 2 * n)
        fail_msg("%zu slot looks for %zu adds: not constant work a name", set.probes, 2 * n);
    hp_nameset_free(&set);
}

/* More entries than any chart has (DEPLOY_OCI_PKG_MAX_ENTRIES) are refused in one line.
 * Catches: no entry limit. */
static void test_package_entries(void **state)
{
    (void)state;
    struct hp_buf b = {0};
    struct archive *a;
    hostile_begin(&a, &b);
    hostile_add(a, &(struct entry){"panda/Chart.yaml", 0, 0, "name: panda\n"});
    for (size_t i = 0; i < DEPLOY_OCI_PKG_MAX_ENTRIES; i++) {
        char name[64];
        snprintf(name, sizeof name, "panda/t/%zu", i);
        hostile_add(a, &(struct entry){name, 0, 0, NULL});
    }
    hostile_end(a);
    struct deploy_oci_package p = {0};
    struct hp_error e = {0};
    assert_int_equal(deploy_oci_package_read(&p, b.data, b.len, &e), -1);
    assert_string_equal(e.msg, "the chart package has more than 200000 entries");
    deploy_oci_package_free(&p);
    hp_buf_free(&b);
}

/* The run's set of pulled packages: one per reference + version + plain HTTP, so two sites on
 * one chart share a pull and a different version or scheme does not. Catches: version compared
 * by pointer or ignored (NULL digest-only vs a version), plain_http ignored, find on an empty set. */
static void test_package_set(void **state)
{
    (void)state;
    struct deploy_oci_packages set = {0};
    assert_null(deploy_oci_packages_find(&set, "oci://r/c/panda", "0.1.0", false));
    struct deploy_oci_package *a = hp_xcalloc(1, sizeof *a), *b = hp_xcalloc(1, sizeof *b);
    a->ref = hp_xstrdup("oci://r/c/panda");
    a->version = hp_xstrdup("0.1.0");
    b->ref = hp_xstrdup("oci://r/c/panda@sha256:0000000000000000000000000000000000000000000000000000000000000000");
    b->plain_http = true;
    deploy_oci_packages_add(&set, a);
    deploy_oci_packages_add(&set, b);
    char version[] = "0.1.0"; /* another pointer, the same text */
    assert_ptr_equal(deploy_oci_packages_find(&set, "oci://r/c/panda", version, false), a);
    assert_null(deploy_oci_packages_find(&set, "oci://r/c/panda", "0.1.1", false));
    assert_null(deploy_oci_packages_find(&set, "oci://r/c/panda", NULL, false));
    assert_null(deploy_oci_packages_find(&set, "oci://r/c/panda", "0.1.0", true));
    assert_ptr_equal(deploy_oci_packages_find(&set, b->ref, NULL, true), b);
    assert_null(deploy_oci_packages_find(&set, b->ref, "0.1.0", true));
    assert_null(deploy_oci_packages_find(NULL, b->ref, NULL, true));
    deploy_oci_packages_free(&set);
    assert_int_equal(set.n, 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_refs),
        cmocka_unit_test(test_versions),
        cmocka_unit_test(test_config_errors),
        cmocka_unit_test(test_choose),
        cmocka_unit_test(test_package),
        cmocka_unit_test(test_package_hostile),
        cmocka_unit_test(test_package_entries),
        cmocka_unit_test(test_nameset_constant_work),
        cmocka_unit_test(test_package_set),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
