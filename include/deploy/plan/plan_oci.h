/* The OCI part of planning (deploy/plan/plan.c calls these): each component's chart choice, one
 * pull per reference and version (cached in the plan), and the values lookup of an OCI chart:
 *   values.yaml:                 <root>/helm/<C>/values.yaml, else the package's values.yaml
 *   values/values-<E>.yaml:      <root>/helm/<C>/values/values-<E>.yaml, else the package's
 *   a site's values: [FILE...]:  <root>/helm/<C>/FILE, else the package's FILE (else an error)
 * A package file is named "package:FILE" in the plan and reaches helm as /dev/fd/N. */
#ifndef DEPLOY_PLAN_OCI_H
#define DEPLOY_PLAN_OCI_H

#include "deploy/config/chartsrc.h"
#include "deploy/config/components.h"
#include "deploy/plan/plan_types.h"
#include "deploy/config/site.h"

/* One choice per catalogue entry (parallel to c->v). */
int deploy_plan_oci_choose(const struct deploy_catalogue *c, const struct deploy_site *site, const char *root,
                           struct deploy_chart_choice **out, struct hp_error *e);
void deploy_plan_oci_choices_free(struct deploy_chart_choice *v, size_t n);

/* The package of a choice, pulled once per plan. Errors name the component, the reference and
 * helm's reason (DEPLOY_ERR_PULL), or say that no helm was given. */
int deploy_plan_oci_package(struct deploy_plan *plan, const struct deploy_chart_choice *ch, const char *helm,
                            const char *component, const struct deploy_oci_package **out, struct hp_error *e);

/* Pulls, in parallel, every OCI chart of the enabled components (on[], parallel to c->v) that
 * the plan has not pulled yet; the first failure in plan order is the error. Skipped (0) when
 * there is none. */
int deploy_plan_oci_prefetch(struct deploy_plan *plan, const struct deploy_catalogue *c,
                             const struct deploy_chart_choice *charts, const bool *on, const char *helm,
                             struct hp_error *e);

/* Fills r->chart, chart_version, plain_http, package, values and values_from of an OCI release
 * (offline: the chart only, nothing pulled). */
int deploy_plan_oci_release(struct deploy_plan *plan, struct deploy_release *r, const struct deploy_component *k,
                            const struct deploy_chart_choice *ch, const struct deploy_site *site, const char *helm,
                            bool offline, struct hp_error *e);

void deploy_plan_oci_free(struct deploy_plan *plan);

#endif
