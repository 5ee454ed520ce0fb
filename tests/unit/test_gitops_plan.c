/* gitops on testdata/deploy: the Applications carry exactly the plan's releases, values files
 * and --sets, waves follow the needs, SOPS files are refused unless allowed, and the output
 * folder is rewritten byte-identically (stale files of ours pruned, others left alone). */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "deploy/plan/plan.h"
#include "deploy/config/yamldoc.h"
#include "gitops/apps.h"
#include "gitops/outdir.h"
#include "gitops/sops_detect.h"
#include "hp/file.h"

static char tmp[64];

/* A fresh copy of testdata/deploy (a tree we may add files to) under tmp/repo. */
static int setup(void **state)
{
    (void)state;
    strcpy(tmp, "/tmp/hp-gitops-unit.XXXXXX");
    assert_non_null(mkdtemp(tmp));
    char *cmd = hp_xasprintf("cp -r testdata/deploy '%s/repo'", tmp);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = hp_xasprintf("rm -rf '%s'", tmp);
    assert_int_equal(system(cmd), 0);
    free(cmd);
    return 0;
}

static void build_plan(struct deploy_plan *plan, const char *experiment, const char *disable)
{
    struct deploy_options o = {0};
    char *root = hp_xasprintf("%s/repo", tmp);
    o.root = root;
    o.experiment = experiment;
    if (disable)
        hp_strlist_split_append(&o.disable, disable);
    struct hp_error e = {0};
    if (deploy_plan_build(plan, &o, &e) != 0)
        fail_msg("plan: %s", e.msg);
    hp_strlist_free(&o.disable);
    free(root);
}

static void source_for(struct gitops_source *src)
{
    char *root = hp_xasprintf("%s/repo", tmp);
    struct hp_error e = {0};
    /* no git here: --repo given, the root is the repository root, revision HEAD */
    if (gitops_source_resolve(root, "https://example.org/panda-k8s.git", NULL, src, &e) != 0)
        fail_msg("source: %s", e.msg);
    assert_string_equal(src->revision, "HEAD");
    free(root);
}

static struct gitops_request request(void)
{
    struct gitops_request r = {
        .settings = {.project = "default", .argocd_namespace = "argocd", .server = "https://kubernetes.default.svc",
                     .sync_auto = true},
        .namespace_ = "panda",
        .is_encrypted = gitops_sops_detector(),
    };
    return r;
}

static const char *get_str(struct deploy_yaml *y, yaml_node_t *n, const char *path)
{
    char *copy = hp_xstrdup(path);
    for (char *save = NULL, *k = strtok_r(copy, ".", &save); k && n; k = strtok_r(NULL, ".", &save))
        n = deploy_yaml_get(y, n, k);
    free(copy);
    return n ? deploy_yaml_scalar(n) : NULL;
}

static void test_applications_match_the_plan(void **state)
{
    (void)state;
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    struct gitops_docs docs = {0};
    struct hp_error e = {0};
    build_plan(&plan, "lsst", "panda.jedi");
    source_for(&src);
    struct gitops_request r = request();
    if (gitops_render(&plan, &src, &r, &docs, &e) != 0)
        fail_msg("render: %s", e.msg);
    assert_int_equal(docs.n, plan.n + 1);
    assert_int_equal(plan.n, 6);
    int waves[16] = {0};
    for (size_t i = 0; i < plan.n; i++) {
        const struct deploy_release *rel = &plan.releases[i];
        struct deploy_yaml y = {0};
        assert_int_equal(deploy_yaml_load(&y, docs.v[i].file, docs.v[i].yaml.data, docs.v[i].yaml.len, &e), 0);
        yaml_node_t *root = deploy_yaml_root(&y);
        assert_string_equal(get_str(&y, root, "kind"), "Application");
        assert_string_equal(get_str(&y, root, "metadata.name"), rel->name);
        assert_string_equal(get_str(&y, root, "spec.source.helm.releaseName"), rel->name);
        assert_string_equal(get_str(&y, root, "spec.destination.namespace"), "panda");
        assert_string_equal(get_str(&y, root, "spec.source.repoURL"), "https://example.org/panda-k8s.git");
        /* the chart path, relative to the repository root, names the plan's chart */
        const char *path = get_str(&y, root, "spec.source.path");
        char *chart = hp_xasprintf("%s/%s", src.top, path);
        char *rchart = realpath(chart, NULL), *rplan = realpath(rel->chart, NULL);
        assert_non_null(rchart);
        assert_string_equal(rchart, rplan);
        /* values files: the plan's, in its order, relative to the chart */
        yaml_node_t *vf = deploy_yaml_get(&y, deploy_yaml_get(&y, deploy_yaml_get(&y, deploy_yaml_get(&y, root, "spec"), "source"), "helm"), "valueFiles");
        size_t k = 0;
        for (yaml_node_t *it; (it = deploy_yaml_item(&y, vf, k)); k++) {
            char *f = hp_xasprintf("%s/%s", rchart, deploy_yaml_scalar(it));
            char *rf = realpath(f, NULL), *rp = realpath(rel->values.v[k], NULL);
            assert_non_null(rf);
            assert_string_equal(rf, rp);
            free(f);
            free(rf);
            free(rp);
        }
        assert_int_equal(k, rel->values.n);
        /* parameters: the plan's --sets, in order */
        yaml_node_t *ps = deploy_yaml_get(&y, deploy_yaml_get(&y, deploy_yaml_get(&y, deploy_yaml_get(&y, root, "spec"), "source"), "helm"), "parameters");
        k = 0;
        for (yaml_node_t *it; (it = deploy_yaml_item(&y, ps, k)); k++) {
            char *kv = hp_xasprintf("%s=%s", get_str(&y, it, "name"), get_str(&y, it, "value"));
            assert_string_equal(kv, rel->sets.v[k]);
            free(kv);
        }
        assert_int_equal(k, rel->sets.n);
        /* the wave is the depth, and comes after every need's wave (the key has dots: no get_str) */
        char *file = hp_xasprintf("apps/%s.yaml", rel->name);
        assert_string_equal(docs.v[i].file, file);
        free(file);
        yaml_node_t *ann = deploy_yaml_get(&y, deploy_yaml_get(&y, root, "metadata"), "annotations");
        waves[i] = atoi(deploy_yaml_scalar(deploy_yaml_get(&y, ann, "argocd.argoproj.io/sync-wave")));
        assert_int_equal(waves[i], rel->depth);
        for (size_t n = 0; n < rel->n_needs; n++)
            assert_true(waves[rel->needs[n]] < waves[i]);
        free(chart);
        free(rchart);
        free(rplan);
        deploy_yaml_free(&y);
    }
    /* panda after msgsvc and iam; harvester, idds, bigmon after panda */
    assert_string_equal(plan.releases[2].name, "test-panda");
    assert_int_equal(waves[0], 0);
    assert_int_equal(waves[2], 1);
    assert_int_equal(waves[5], 2);
    /* -d panda.jedi reached Argo CD as a parameter */
    assert_non_null(strstr(hp_buf_cstr(&docs.v[2].yaml), "- name: jedi.enabled\n        value: \"false\"\n"));
    /* the parent: last, no wave, pointing at the default children's folder */
    struct gitops_doc *parent = &docs.v[docs.n - 1];
    assert_string_equal(parent->name, "test-panda-apps");
    assert_string_equal(parent->file, "test-panda-apps.yaml");
    assert_non_null(strstr(hp_buf_cstr(&parent->yaml), "    path: argocd-apps/test-panda-apps/apps\n"));
    assert_null(strstr(hp_buf_cstr(&parent->yaml), "sync-wave"));
    gitops_docs_free(&docs);
    gitops_source_free(&src);
    deploy_plan_free(&plan);
}

static void write_sops_values(void)
{
    char *p = hp_xasprintf("%s/repo/helm/panda/values/values-secret.yaml", tmp);
    const char *doc = "password: ENC[AES256_GCM,data:AAAA,iv:BBBB,tag:CCCC,type:str]\n"
                      "sops:\n  age: []\n  lastmodified: \"2026-01-01T00:00:00Z\"\n  mac: ENC[AES256_GCM,data:x]\n"
                      "  version: 3.9.0\n";
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic(p, doc, strlen(doc), 0644, &e), 0);
    free(p);
}

static void test_sops_values_need_allow_secrets(void **state)
{
    (void)state;
    write_sops_values();
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    struct gitops_docs docs = {0};
    struct hp_error e = {0};
    build_plan(&plan, "secret", NULL); /* panda picks values/values-secret.yaml */
    source_for(&src);
    struct gitops_request r = request();
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), -1);
    assert_int_equal(e.kind, GITOPS_ERR_SECRETS);
    assert_non_null(strstr(e.msg, "helm/panda/values/values-secret.yaml: a SOPS-encrypted values file"));
    assert_int_equal(docs.n, 0);

    r.allow_secrets = "sops";
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), 0);
    assert_non_null(strstr(hp_buf_cstr(&docs.v[2].yaml), "      - sops://values/values-secret.yaml\n"));
    assert_non_null(strstr(hp_buf_cstr(&docs.v[2].yaml), "      - values.yaml\n"));
    gitops_docs_free(&docs);

    r.allow_secrets = "as-is";
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), 0);
    assert_non_null(strstr(hp_buf_cstr(&docs.v[2].yaml), "      - values/values-secret.yaml\n"));
    gitops_docs_free(&docs);

    /* a chart setting that merely happens to be called sops is no SOPS file */
    char *p2 = hp_xasprintf("%s/repo/helm/panda/values/values-secret.yaml", tmp);
    const char *plain = "sops:\n  enabled: true\n";
    assert_int_equal(hp_file_write_atomic(p2, plain, strlen(plain), 0644, &e), 0);
    free(p2);
    r.allow_secrets = NULL;
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), 0);
    assert_non_null(strstr(hp_buf_cstr(&docs.v[2].yaml), "      - values/values-secret.yaml\n"));
    gitops_docs_free(&docs);

    r.allow_secrets = "not a scheme";
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), -1);
    assert_int_equal(e.kind, GITOPS_ERR_INPUT);
    gitops_source_free(&src);
    deploy_plan_free(&plan);
    char *p = hp_xasprintf("%s/repo/helm/panda/values/values-secret.yaml", tmp);
    unlink(p);
    free(p);
}

static void test_names_cannot_leave_the_folder(void **state)
{
    (void)state;
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    struct gitops_docs docs = {0};
    struct hp_error e = {0};
    struct deploy_options o = {0};
    char *root = hp_xasprintf("%s/repo", tmp);
    o.root = root;
    o.affix = "../x-"; /* would make apps/../x-msgsvc.yaml: the plan refuses it (not a helm name) */
    assert_int_equal(deploy_plan_build(&plan, &o, &e), -1);
    assert_int_equal(e.kind, DEPLOY_ERR_NAME);
    /* gitops checks again on its own: a plan with such a name still cannot leave the folder */
    o.affix = "x-";
    assert_int_equal(deploy_plan_build(&plan, &o, &e), 0);
    free(plan.releases[0].name);
    plan.releases[0].name = hp_xstrdup("../x-msgsvc");
    source_for(&src);
    struct gitops_request r = request();
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), -1);
    assert_int_equal(e.kind, GITOPS_ERR_INPUT);
    assert_non_null(strstr(e.msg, "release name '../x-msgsvc' is not a valid Application name"));
    deploy_plan_free(&plan);
    memset(&plan, 0, sizeof plan);
    o.affix = NULL;
    assert_int_equal(deploy_plan_build(&plan, &o, &e), 0);
    r.parent_name = "Apps";
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), -1);
    assert_non_null(strstr(e.msg, "parent Application name 'Apps'"));
    gitops_source_free(&src);
    deploy_plan_free(&plan);
    free(root);
}

static void test_outdir_outside_repository(void **state)
{
    (void)state;
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    struct gitops_docs docs = {0};
    struct hp_error e = {0};
    build_plan(&plan, NULL, NULL);
    source_for(&src);
    struct gitops_request r = request();
    r.outdir = tmp; /* the folder holding the repository, not inside it */
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), -1);
    assert_int_equal(e.kind, GITOPS_ERR_SOURCE);
    assert_non_null(strstr(e.msg, "outside the repository"));
    gitops_source_free(&src);
    deploy_plan_free(&plan);
}

static char *slurp(const char *path)
{
    struct hp_buf b = {0};
    struct hp_error e = {0};
    if (hp_file_read(path, &b, &e) != 0)
        return NULL;
    char *s = hp_xstrdup(hp_buf_cstr(&b));
    hp_buf_free(&b);
    return s;
}

static void render_to(const char *outdir, const char *disable, FILE *log)
{
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    struct gitops_docs docs = {0};
    struct hp_error e = {0};
    build_plan(&plan, "lsst", disable);
    source_for(&src);
    struct gitops_request r = request();
    r.outdir = outdir;
    if (gitops_render(&plan, &src, &r, &docs, &e) != 0 || gitops_outdir_write(&docs, log, &e) != 0)
        fail_msg("%s", e.msg);
    gitops_docs_free(&docs);
    gitops_source_free(&src);
    deploy_plan_free(&plan);
}

static void test_outdir_rewrite_and_prune(void **state)
{
    (void)state;
    char *out = hp_xasprintf("%s/repo/argocd-apps/site", tmp);
    char *parentdir = hp_xasprintf("%s/repo/argocd-apps", tmp);
    assert_int_equal(mkdir(parentdir, 0755), 0);
    char logbuf[4096] = {0};
    FILE *log = fmemopen(logbuf, sizeof logbuf, "w");
    render_to(out, NULL, log);
    fclose(log);
    assert_non_null(strstr(logbuf, "apps/test-bigmon.yaml\n"));
    assert_non_null(strstr(logbuf, "argocd-apps/site/test-panda-apps.yaml\n"));

    char *bigmon = hp_xasprintf("%s/apps/test-bigmon.yaml", out);
    char *parent = hp_xasprintf("%s/test-panda-apps.yaml", out);
    char *user = hp_xasprintf("%s/apps/mine.yaml", out);
    char *first = slurp(bigmon), *first_parent = slurp(parent);
    assert_non_null(first);
    assert_true(hp_str_has_prefix(first, GITOPS_HEADER));
    assert_non_null(strstr(first_parent, "    path: argocd-apps/site/apps\n"));
    struct hp_error e = {0};
    assert_int_equal(hp_file_write_atomic(user, "kind: ConfigMap\n", 16, 0644, &e), 0);

    /* the same plan again: nothing written, same bytes */
    memset(logbuf, 0, sizeof logbuf);
    log = fmemopen(logbuf, sizeof logbuf, "w");
    render_to(out, NULL, log);
    fclose(log);
    assert_string_equal(logbuf, "");
    char *second = slurp(bigmon);
    assert_string_equal(first, second);

    /* bigmon dropped: its Application goes, the user's own file stays */
    memset(logbuf, 0, sizeof logbuf);
    log = fmemopen(logbuf, sizeof logbuf, "w");
    render_to(out, "bigmon", log);
    fclose(log);
    assert_non_null(strstr(logbuf, "removed "));
    assert_false(hp_path_exists(bigmon));
    assert_true(hp_path_exists(user));
    free(first);
    free(first_parent);
    free(second);
    free(bigmon);
    free(parent);
    free(user);
    free(out);
    free(parentdir);
}

static void test_outdir_failure_leaves_no_temporaries(void **state)
{
    (void)state;
    struct deploy_plan plan = {0};
    struct gitops_source src = {0};
    struct gitops_docs docs = {0};
    struct hp_error e = {0};
    char *out = hp_xasprintf("%s/repo/argocd-apps/blocked", tmp);
    char *blocker = hp_xasprintf("%s/apps/test-panda.yaml", out);
    char *cmd = hp_xasprintf("mkdir -p '%s'", blocker); /* a folder where a file must go */
    assert_int_equal(system(cmd), 0);
    build_plan(&plan, NULL, NULL);
    source_for(&src);
    struct gitops_request r = request();
    r.outdir = out;
    assert_int_equal(gitops_render(&plan, &src, &r, &docs, &e), 0);
    assert_int_equal(gitops_outdir_write(&docs, NULL, &e), -1);
    /* a folder is not ours to replace: refused before the first temporary (issue 23) */
    assert_int_equal(e.kind, GITOPS_ERR_NOT_OURS);
    assert_non_null(strstr(e.msg, "apps/test-panda.yaml was not written by helm panda gitops (not a plain file)"));
    char *parent_file = hp_xasprintf("%s/test-panda-apps.yaml", out);
    assert_false(hp_path_exists(parent_file));
    free(parent_file);
    free(cmd);
    cmd = hp_xasprintf("find '%s' -name '.*.tmp*' | grep -q .", out);
    assert_int_not_equal(system(cmd), 0); /* grep found no temporary file */
    free(cmd);
    free(blocker);
    free(out);
    gitops_docs_free(&docs);
    gitops_source_free(&src);
    deploy_plan_free(&plan);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_applications_match_the_plan),
        cmocka_unit_test(test_sops_values_need_allow_secrets),
        cmocka_unit_test(test_names_cannot_leave_the_folder),
        cmocka_unit_test(test_outdir_outside_repository),
        cmocka_unit_test(test_outdir_rewrite_and_prune),
        cmocka_unit_test(test_outdir_failure_leaves_no_temporaries),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
