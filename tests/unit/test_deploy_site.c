/* Site profiles (deploy/config/site.h): the format, each bad profile as one line naming file, line and
 * key, and the plan a site makes (names, values files, components, flags over the site). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>
#include <sodium.h>

#include "deploy/config/components.h"
#include "deploy/plan/plan.h"
#include "deploy/config/site.h"

#define TREE "testdata/deploy"

static const char good[] =
    "components:\n"
    "  ui: {needs: [panda], default: false, chart: helm/bigmon}\n"
    "sites:\n"
    "  testbed:\n"
    "    experiment: lsst\n"
    "    affix: panda-\n"
    "    namespace: panda\n"
    "    disable: [iam, panda.jedi]\n"
    "    set: [global.site=CERN]\n"
    "    argocd:\n"
    "      name: testbed-apps\n"
    "      project: panda\n"
    "      syncOptions: [CreateNamespace=true, ServerSideApply=true]\n"
    "      ignoreDifferences:\n"
    "        - {group: \"\", kind: ConfigMap, jsonPointers: [/binaryData]}\n"
    "      annotations: {a: site, b: site}\n"
    "      labels: {team: panda}\n"
    "    components:\n"
    "      panda:\n"
    "        name: panda\n"
    "        values: [values/values-sphenix.yaml]\n"
    "        argocd:\n"
    "          annotations: {b: panda}\n"
    "          finalizers: []\n"
    "          ignoreDifferences:\n"
    "            - {group: apps, kind: StatefulSet, jsonPointers: [/spec/volumeClaimTemplates]}\n"
    "          imageUpdater:\n"
    "            - {alias: server, image: 'ghcr.io/pandawms/panda-server:latest', updateStrategy: digest,\n"
    "               helmImageName: server.image.repository, helmImageTag: server.image.tag}\n"
    "      ui:\n";

static void parse_ok(const char *text, struct deploy_sites *s)
{
    struct hp_error e = {0};
    struct deploy_catalogue c = {0};
    int rc = deploy_sites_parse(s, "hp.yaml", (const unsigned char *)text, strlen(text), &e);
    if (rc != 0)
        fail_msg("parse: %s", e.msg);
    assert_int_equal(deploy_catalogue_load(&c, TREE, &e), 0);
    assert_int_equal(deploy_catalogue_apply_file(&c, "hp.yaml", (const unsigned char *)text, strlen(text), &e), 0);
    rc = deploy_sites_check(s, &c, TREE, &e);
    if (rc != 0)
        fail_msg("check: %s", e.msg);
    deploy_catalogue_free(&c);
}

static void test_parse(void **state)
{
    (void)state;
    struct deploy_sites s;
    parse_ok(good, &s);
    assert_int_equal(s.n, 1);
    const struct deploy_site *t = deploy_sites_find(&s, "testbed");
    assert_non_null(t);
    assert_string_equal(t->experiment, "lsst");
    assert_string_equal(t->affix, "panda-");
    assert_string_equal(t->namespace_, "panda");
    assert_string_equal(t->app_name, "testbed-apps");
    assert_int_equal(t->disable.n, 2);
    assert_int_equal(t->n_components, 2);
    const struct deploy_site_component *p = deploy_site_component_find(t, "panda");
    assert_string_equal(p->name, "panda");
    assert_string_equal(p->values.v[0], "values/values-sphenix.yaml");

    struct deploy_site_argocd_view v;
    deploy_site_argocd_resolve(t, "panda", &v);
    assert_string_equal(v.project, "panda");
    assert_int_equal(v.sync_options->n, 2);
    assert_int_equal(v.n_ignore, 1); /* the component's list replaces the site's */
    assert_string_equal(v.ignore[0].kind, "StatefulSet");
    assert_non_null(v.finalizers);
    assert_int_equal(v.finalizers->n, 0); /* turned off */
    assert_int_equal(v.annotations.n, 2); /* maps merge, the component wins */
    assert_string_equal(v.annotations.v[1].key, "b");
    assert_string_equal(v.annotations.v[1].value, "panda");
    assert_int_equal(v.n_images, 1);
    assert_string_equal(v.images[0].helm_tag, "server.image.tag");
    deploy_kvlist_free(&v.annotations);
    deploy_kvlist_free(&v.labels);

    deploy_site_argocd_resolve(t, "msgsvc", &v);
    assert_int_equal(v.n_ignore, 1);
    assert_string_equal(v.ignore[0].group, "");
    assert_null(v.finalizers); /* the default finalizer */
    assert_int_equal(v.n_images, 0);
    assert_string_equal(v.annotations.v[1].value, "site");
    deploy_kvlist_free(&v.annotations);
    deploy_kvlist_free(&v.labels);
    deploy_sites_free(&s);
}

/* Each bad profile: one line with the file, the line and the key path. */
static void expect_error(const char *text, const char *needle)
{
    struct deploy_sites s;
    struct hp_error e = {0};
    struct deploy_catalogue c = {0};
    int rc = deploy_sites_parse(&s, "hp.yaml", (const unsigned char *)text, strlen(text), &e);
    if (rc == 0) {
        assert_int_equal(deploy_catalogue_load(&c, TREE, &e), 0);
        rc = deploy_sites_check(&s, &c, TREE, &e);
        deploy_catalogue_free(&c);
    }
    deploy_sites_free(&s);
    if (rc == 0)
        fail_msg("accepted, wanted an error with '%s'", needle);
    assert_int_equal(e.kind, DEPLOY_ERR_CONFIG);
    if (!strstr(e.msg, needle))
        fail_msg("error '%s' lacks '%s'", e.msg, needle);
    assert_null(strchr(e.msg, '\n'));
}

static void test_errors(void **state)
{
    (void)state;
    expect_error("sites:\n  a:\n    components:\n      panda: {nmae: panda}\n",
                 "hp.yaml:4: sites.a.components.panda: unknown key 'nmae' (known: name, values, argocd, chart, version, "
                 "deploymentName)");
    expect_error("sites:\n  a:\n    experimnt: lsst\n", "hp.yaml:3: sites.a: unknown key 'experimnt'");
    expect_error("sites:\n  a:\n    argocd:\n      syncOption: [X]\n", "hp.yaml:4: sites.a.argocd: unknown key 'syncOption'");
    expect_error("sites:\n  a:\n    components:\n      panda: {argocd: {name: x}}\n",
                 "hp.yaml:4: sites.a.components.panda.argocd: unknown key 'name'");
    expect_error("sites:\n  a:\n    argocd:\n      ignoreDifferences: [{kind: X, jsonPointer: [/a]}]\n",
                 "hp.yaml:4: sites.a.argocd.ignoreDifferences[0]: unknown key 'jsonPointer'");
    expect_error("site:\n  a: {}\n", "hp.yaml:1: (top level): unknown key 'site'");
    expect_error("sites:\n  a:\n    components:\n      pnda: {}\n",
                 "hp.yaml:4: sites.a.components.pnda: unknown component 'pnda'");
    expect_error("sites:\n  a:\n    enable: [msgsvc, nosuch]\n", "hp.yaml:3: sites.a.enable: unknown component 'nosuch'");
    expect_error("sites:\n  a:\n    disable: [nosuch.x]\n", "hp.yaml:3: sites.a.disable: unknown component 'nosuch'");
    expect_error("sites:\n  a:\n    components:\n      panda:\n        name: Panda_1\n",
                 "hp.yaml:5: sites.a.components.panda.name: 'Panda_1' is not a valid release and Application name");
    expect_error("sites:\n  Bad_Site: {}\n", "hp.yaml:2: sites.Bad_Site: 'Bad_Site' is not a valid site name");
    expect_error("sites:\n  a:\n    components:\n      panda:\n        values: [values/values-nosuch.yaml]\n",
                 "hp.yaml:5: sites.a.components.panda.values: 'values/values-nosuch.yaml' does not exist in helm/panda");
    expect_error("sites:\n  a:\n    components:\n      panda:\n        values: [/etc/passwd]\n",
                 "sites.a.components.panda.values: '/etc/passwd' does not exist");
    expect_error("sites:\n  a:\n    components:\n      panda: {}\n      panda: {}\n",
                 "hp.yaml:5: sites.a.components: 'panda' appears twice (also on line 4)");
    expect_error("sites:\n  a: {}\n  a: {}\n", "hp.yaml:3: sites: 'a' appears twice (also on line 2)");
    expect_error("sites:\n  a:\n    components:\n      panda: {name: x}\n      idds: {name: x}\n",
                 "hp.yaml:4: sites.a.components.panda.name: 'x' is also the release name of component idds");
    expect_error("sites:\n  a:\n    affix: panda-\n    components:\n      msgsvc: {name: panda-iam}\n",
                 "hp.yaml:5: sites.a.components.msgsvc.name: 'panda-iam' is also the release name of component iam");
    expect_error("sites:\n  a:\n    argocd: {sync: sometimes}\n", "hp.yaml:3: sites.a.argocd.sync: 'sometimes': expected auto or manual");
    expect_error("sites:\n  a:\n    argocd:\n      imageUpdater: [{alias: 'a.b', image: x}]\n",
                 "hp.yaml:4: sites.a.argocd.imageUpdater[0]: needs an alias");
    expect_error("sites:\n  a:\n    set: x\n", "hp.yaml:3: sites.a.set: must be a list");
    expect_error("sites:\n  a:\n    affix: ~\n", "hp.yaml:3: sites.a.affix: must be a string");
}

/* The lists of mappings (ignoreDifferences, imageUpdater): each element's own check, and the
 * checks that relate it to the elements before, with the element's line and index. */
static void test_list_of_mappings_errors(void **state)
{
    (void)state;
    expect_error("sites:\n  a:\n    argocd:\n      ignoreDifferences: {kind: X}\n",
                 "hp.yaml:4: sites.a.argocd.ignoreDifferences: must be a list");
    expect_error("sites:\n  a:\n    argocd:\n      ignoreDifferences:\n        - {kind: X}\n        - {group: apps}\n",
                 "hp.yaml:6: sites.a.argocd.ignoreDifferences[1]: needs a kind");
    expect_error("sites:\n  a:\n    argocd:\n      ignoreDifferences: [x]\n",
                 "hp.yaml:4: sites.a.argocd.ignoreDifferences[0]: must be a mapping");
    expect_error("sites:\n  a:\n    argocd:\n      imageUpdater: [{alias: a, image: 'x,y'}]\n",
                 "hp.yaml:4: sites.a.argocd.imageUpdater[0]: needs an image (one, without ',')");
    expect_error("sites:\n  a:\n    argocd:\n      imageUpdater:\n        - {alias: a, image: x}\n"
                 "        - {alias: b, image: y}\n        - {alias: b, image: z}\n",
                 "hp.yaml:7: sites.a.argocd.imageUpdater[2]: alias 'b' is used twice");
    expect_error("sites:\n  a:\n    components:\n      panda:\n        argocd:\n"
                 "          imageUpdater: [{alias: a, image: x, tag: y}]\n",
                 "hp.yaml:6: sites.a.components.panda.argocd.imageUpdater[0]: unknown key 'tag' (known: alias, image, "
                 "updateStrategy, helmImageName, helmImageTag, allowTags)");
    expect_error("sites:\n  a:\n    components:\n      panda: {argocd: {repo: x}}\n",
                 "hp.yaml:4: sites.a.components.panda.argocd: unknown key 'repo' (known: project, server, sync, "
                 "syncOptions, ignoreDifferences, annotations, labels, finalizers, imageUpdater, file, imageUpdaterName, "
                 "imageUpdaterNamespace, imageUpdaterFile)");
    /* the shape of a site's own files (issue 24) */
    expect_error("sites:\n  a:\n    argocd: {layout: tree}\n",
                 "hp.yaml:3: sites.a.argocd.layout: expected flat (every file in the folder) or apps");
    expect_error("sites:\n  a:\n    argocd: {parent: \"false\"}\n", "hp.yaml:3: sites.a.argocd.parent: expected true or false");
    expect_error("sites:\n  a:\n    argocd: {syncWave: no}\n", "hp.yaml:3: sites.a.argocd.syncWave: expected true or false");
    expect_error("sites:\n  a:\n    components:\n      panda: {argocd: {file: ../panda.yaml}}\n",
                 "hp.yaml:4: sites.a.components.panda.argocd.file: '../panda.yaml': expected a file name ending in .yaml");
    expect_error("sites:\n  a:\n    components:\n      panda: {argocd: {imageUpdaterFile: panda.yml}}\n",
                 "sites.a.components.panda.argocd.imageUpdaterFile: 'panda.yml': expected a file name ending in .yaml");
    expect_error("sites:\n  a:\n    deploymentName: a=b\n",
                 "hp.yaml:3: sites.a.deploymentName: 'a=b': expected on, off or a value key");
    expect_error("sites:\n  a:\n    components:\n      panda: {deploymentName: 'x y'}\n",
                 "hp.yaml:4: sites.a.components.panda.deploymentName: 'x y': expected on, off or a value key");
}

static struct deploy_release *find(struct deploy_plan *p, const char *component)
{
    for (size_t i = 0; i < p->n; i++)
        if (strcmp(p->releases[i].component, component) == 0)
            return &p->releases[i];
    return NULL;
}

static void test_plan(void **state)
{
    (void)state;
    struct deploy_sites s;
    parse_ok(good, &s);
    struct deploy_options o = {.root = TREE, .site = deploy_sites_find(&s, "testbed")};
    struct deploy_plan p;
    struct hp_error e = {0};
    /* helm-panda.yaml's `components:` are not in the test tree: ui is not known there, so the
     * plan comes from a site without ui */
    struct deploy_site_component *ui = &s.v[0].components[1];
    assert_string_equal(ui->component, "ui");
    s.v[0].n_components = 1;
    if (deploy_plan_build(&p, &o, &e) != 0)
        fail_msg("%s", e.msg);
    s.v[0].n_components = 2;
    assert_int_equal(p.n, 5); /* iam disabled */
    assert_null(find(&p, "iam"));
    struct deploy_release *panda = find(&p, "panda"), *idds = find(&p, "idds");
    assert_string_equal(panda->name, "panda");
    assert_string_equal(idds->name, "panda-idds");
    assert_int_equal(panda->values.n, 2);
    assert_true(strstr(panda->values.v[1], "/helm/panda/values/values-sphenix.yaml") != NULL);
    assert_true(strstr(idds->values.v[1], "/helm/idds/values/values-lsst.yaml") != NULL); /* experiment */
    assert_string_equal(panda->sets.v[0], "global.deploymentName=panda");
    assert_string_equal(panda->sets.v[1], "jedi.enabled=false");
    assert_string_equal(panda->sets.v[2], "global.site=CERN");
    assert_string_equal(p.affix_source, "site testbed");
    deploy_plan_free(&p);

    /* flags over the site: -a names every release (the site's name: is not used), -e replaces the
     * experiment and each component's values:, -c the components, and --set after the site's */
    struct deploy_options f = {.root = TREE, .site = o.site, .affix = "-x", .experiment = "sphenix"};
    s.v[0].n_components = 1;
    hp_strlist_push(&f.enable, "idds");
    hp_strlist_push(&f.enable, "panda");
    hp_strlist_push(&f.sets, "global.site=BNL");
    if (deploy_plan_build(&p, &f, &e) != 0)
        fail_msg("%s", e.msg);
    s.v[0].n_components = 2;
    assert_int_equal(p.n, 2);
    assert_string_equal(find(&p, "idds")->name, "idds-x");
    assert_string_equal(find(&p, "panda")->name, "panda-x"); /* never a mix with the site's names */
    assert_int_equal(find(&p, "idds")->values.n, 1);        /* no values-sphenix.yaml for idds */
    struct deploy_release *pr = find(&p, "panda");
    assert_int_equal(pr->values.n, 2); /* values-sphenix.yaml from -e, not from the site's values: */
    assert_true(strstr(pr->values.v[1], "/helm/panda/values/values-sphenix.yaml") != NULL);
    assert_int_equal(p.site_notes.n, 2); /* panda's name: and values: not used */
    assert_string_equal(p.site_notes.v[0], "site testbed's name: panda for panda not used (-a -x names every release: panda-x)");
    assert_string_equal(pr->sets.v[pr->sets.n - 1], "global.site=BNL");
    assert_string_equal(pr->sets.v[pr->sets.n - 2], "global.site=CERN");
    deploy_plan_free(&p);
    hp_strlist_free(&f.enable);
    hp_strlist_free(&f.sets);
    deploy_sites_free(&s);
}

static void test_no_sites(void **state)
{
    (void)state;
    struct deploy_sites s;
    struct hp_error e = {0};
    assert_int_equal(deploy_sites_parse(&s, "hp.yaml", (const unsigned char *)"components: {}\n", 15, &e), 0);
    assert_int_equal(s.n, 0);
    char *names = deploy_sites_names(&s);
    assert_string_equal(names, "none");
    free(names);
    deploy_sites_free(&s);
    assert_int_equal(deploy_sites_parse(&s, "hp.yaml", (const unsigned char *)"", 0, &e), 0);
    deploy_sites_free(&s);
}

/* deploymentName (issue 24): on by default, off, or another key; a component's over its site's;
 * and the shape of a site's files read into the site */
static void test_deployment_name_and_shape(void **state)
{
    (void)state;
    struct deploy_sites s;
    parse_ok("sites:\n  a:\n    deploymentName: off\n"
             "    argocd: {parent: false, layout: flat, syncWave: false, takeOver: [panda.yaml]}\n"
             "    components:\n      panda: {deploymentName: global.instance}\n      idds: {deploymentName: on}\n"
             "  b:\n    components:\n      panda: {deploymentName: 'off', argocd: {file: p.yaml}}\n",
             &s);
    const struct deploy_site *a = deploy_sites_find(&s, "a"), *b = deploy_sites_find(&s, "b");
    assert_null(deploy_site_deployment_key(a, "msgsvc"));
    assert_string_equal(deploy_site_deployment_key(a, "panda"), "global.instance");
    assert_string_equal(deploy_site_deployment_key(a, "idds"), "global.deploymentName");
    assert_string_equal(deploy_site_deployment_key(b, "msgsvc"), "global.deploymentName");
    assert_null(deploy_site_deployment_key(b, "panda"));
    assert_string_equal(deploy_site_deployment_key(NULL, "panda"), "global.deploymentName");
    assert_true(a->no_parent && a->flat && a->no_sync_wave);
    assert_false(b->no_parent || b->flat || b->no_sync_wave);
    assert_int_equal(a->take_over.n, 1);
    struct deploy_site_argocd_view v;
    deploy_site_argocd_resolve(b, "panda", &v);
    assert_string_equal(v.file, "p.yaml");
    deploy_kvlist_free(&v.annotations);
    deploy_kvlist_free(&v.labels);
    deploy_sites_free(&s);
}

int main(void)
{
    if (sodium_init() < 0) /* values files are classified (SOPS or not) in guarded memory */
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_parse),
        cmocka_unit_test(test_errors),
        cmocka_unit_test(test_list_of_mappings_errors),
        cmocka_unit_test(test_plan),
        cmocka_unit_test(test_no_sites),
        cmocka_unit_test(test_deployment_name_and_shape),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
