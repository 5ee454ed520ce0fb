/* Where a component's chart comes from: a folder of the deployment tree, or an OCI reference
 * pinned to a version or digest (deploy/config/oci.h). Most specific first:
 *
 *   reference: sites.S.components.C.chart > sites.S.charts.repository + "/C"
 *              > components.C.chart > charts.repository + "/C" (unless components.C.chart is a folder)
 *              > the folder (helm/C, or components.C.chart)
 *   version:   sites.S.components.C.version > sites.S.charts.version > components.C.version
 *              > charts.version (ignored for a digest reference without one)
 *   plainHttp: sites.S.charts.plainHttp > charts.plainHttp > $HELM_PANDA_PLAIN_HTTP (1 or true) */
#ifndef DEPLOY_CHARTSRC_H
#define DEPLOY_CHARTSRC_H

#include <stdbool.h>

#include "deploy/config/components.h"
#include "deploy/config/site.h"
#include "hp/error.h"

struct deploy_chart_choice {
    bool oci;
    char *ref;       /* oci://HOST/PATH/CHART[@sha256:...] */
    char *version;   /* or NULL (a digest) */
    bool plain_http;
};

/* `file` names helm-panda.yaml in messages. A reference without a version or digest, or a
 * version for a component whose chart is a folder, is DEPLOY_ERR_CONFIG naming file, line, key. */
int deploy_chart_choose(const struct deploy_catalogue *c, const struct deploy_component *k,
                        const struct deploy_site *site, const char *file, struct deploy_chart_choice *out,
                        struct hp_error *e);
void deploy_chart_choice_free(struct deploy_chart_choice *ch);

#endif
