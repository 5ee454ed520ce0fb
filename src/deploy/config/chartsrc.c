/* A component's chart: folder or OCI reference (see include/deploy/config/chartsrc.h). */
#include <stdlib.h>
#include <string.h>

#include "deploy/config/chartsrc.h"
#include "deploy/config/errors.h"

static bool env_plain_http(void)
{
    const char *v = getenv(DEPLOY_OCI_PLAIN_HTTP_ENV);
    return v && (strcmp(v, "1") == 0 || strcmp(v, "true") == 0);
}

int deploy_chart_choose(const struct deploy_catalogue *c, const struct deploy_component *k,
                        const struct deploy_site *site, const char *file, struct deploy_chart_choice *out,
                        struct hp_error *e)
{
    memset(out, 0, sizeof *out);
    const struct deploy_site_component *sc = deploy_site_component_find(site, k->name);
    char where[300] = "";
    size_t line = 0;
    /* the reference, and where it was written */
    if (sc && sc->chart) {
        out->ref = hp_xstrdup(sc->chart);
        snprintf(where, sizeof where, "sites.%s.components.%s.chart", site->name, k->name);
        line = sc->chart_line;
    } else if (site && site->charts.repository) {
        out->ref = hp_xasprintf("%s/%s", site->charts.repository, k->name);
        snprintf(where, sizeof where, "sites.%s.charts.repository", site->name);
        line = site->charts.repository_line;
    } else if (k->oci_ref) {
        out->ref = hp_xstrdup(k->oci_ref);
        snprintf(where, sizeof where, "components.%s.chart", k->name);
        line = k->oci_ref_line;
    } else if (c->charts.repository && !k->local_chart_given) {
        out->ref = hp_xasprintf("%s/%s", c->charts.repository, k->name);
        snprintf(where, sizeof where, "charts.repository");
        line = c->charts.repository_line;
    }
    const char *version = sc && sc->version ? sc->version
                          : site && site->charts.version ? site->charts.version
                          : k->version ? k->version
                                       : c->charts.version;
    if (!out->ref) {
        /* a folder: a version given for this very component is a mistake, not a default */
        if (sc && sc->version)
            return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s:%zu: sites.%s.components.%s.version: the chart of %s is "
                                "the folder %s, not an oci:// reference: a version applies only to OCI charts",
                                file, sc->version_line, site->name, k->name, k->name, k->chart);
        if (k->version)
            return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s:%zu: components.%s.version: the chart of %s is the folder "
                                "%s, not an oci:// reference: a version applies only to OCI charts",
                                file, k->version_line, k->name, k->name, k->chart);
        return 0;
    }
    out->oci = true;
    if (version)
        out->version = hp_xstrdup(version);
    else if (!strchr(out->ref, '@')) {
        int rc = hp_error_set(e, DEPLOY_ERR_CONFIG, "%s:%zu: %s: '%s' has no version: give version: (an exact chart "
                              "version such as 0.1.1) or a digest (@sha256:...)",
                              file, line, where, out->ref);
        deploy_chart_choice_free(out);
        return rc;
    }
    int ph = site && site->charts.plain_http ? site->charts.plain_http : c->charts.plain_http;
    out->plain_http = ph ? ph == 1 : env_plain_http();
    return 0;
}

void deploy_chart_choice_free(struct deploy_chart_choice *ch)
{
    free(ch->ref);
    free(ch->version);
    memset(ch, 0, sizeof *ch);
}
