/* OCI chart references and versions (deploy/config/oci.h), the `charts:`/chart:/version: keys of
 * helm-panda.yaml and a chart package's bytes: whatever the input, no crash, no leak, and
 * either success or one error line. The first line is tried as a reference and as a version,
 * the whole input as a components file and as a .tgz chart package (read within the limits,
 * each file once: corpus/fuzz_oci_ref/package_duplicates.tgz holds copies). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/chartsrc.h"
#include "deploy/config/components.h"
#include "deploy/config/oci.h"
#include "deploy/plan/oci_package.h"

static void one_line(const char *why)
{
    if (!why[0] || strchr(why, '\n'))
        __builtin_trap();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nl = memchr(data, '\n', size);
    char *line = hp_xstrndup((const char *)data, nl ? (size_t)(nl - data) : size);
    struct deploy_oci_ref r;
    char why[256] = "";
    if (deploy_oci_parse(line, &r, why, sizeof why) == 0) {
        /* what gitops writes: repository + "/" + chart is the reference without oci:// and digest */
        if (!r.repository || !r.chart || !*r.chart || strchr(r.chart, '/'))
            __builtin_trap();
        deploy_oci_ref_free(&r);
    } else {
        one_line(why);
    }
    why[0] = '\0';
    if (!deploy_oci_version_valid(line, why, sizeof why))
        one_line(why);
    free(line);

    struct deploy_catalogue c = {0};
    struct hp_error e = {0};
    static const char *const names[] = {"msgsvc", "panda"};
    for (size_t i = 0; i < 2; i++) {
        c.v = hp_xrealloc(c.v, (c.n + 1) * sizeof *c.v);
        memset(&c.v[c.n], 0, sizeof *c.v);
        c.v[c.n].name = hp_xstrdup(names[i]);
        c.v[c.n].chart = hp_xasprintf("helm/%s", names[i]);
        c.n++;
    }
    c.cap = c.n; /* catalogue_add grows the array from there */
    if (deploy_catalogue_apply_file(&c, "fuzz", data, size, &e) == 0) {
        for (size_t i = 0; i < c.n; i++) {
            struct deploy_chart_choice ch;
            if (deploy_chart_choose(&c, &c.v[i], NULL, "fuzz", &ch, &e) == 0)
                deploy_chart_choice_free(&ch);
            else
                one_line(e.msg);
        }
    } else {
        one_line(e.msg);
    }
    deploy_catalogue_free(&c);

    struct deploy_oci_package p = {0};
    if (deploy_oci_package_read(&p, data, size, &e) < 0) {
        one_line(e.msg);
    } else {
        /* a package read is within the limits and holds each file once (issue 23) */
        if (p.chart_yaml.len > DEPLOY_OCI_PKG_MAX_FILE || p.values_yaml.len > DEPLOY_OCI_PKG_MAX_FILE)
            __builtin_trap();
        for (size_t i = 0; i < p.files.n; i++) {
            if (p.file_data[i].len > DEPLOY_OCI_PKG_MAX_FILE)
                __builtin_trap();
            for (size_t j = 0; j < i; j++)
                if (strcmp(p.files.v[i], p.files.v[j]) == 0)
                    __builtin_trap();
        }
    }
    deploy_oci_package_free(&p);
    return 0;
}
