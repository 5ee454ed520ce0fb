/* Which helm we run, asked once: `$HELM_BIN version --template '{{.Version}}'`. The major
 * version picks the dialect (see deploy_plan_argv). */
#ifndef DEPLOY_HELMVER_H
#define DEPLOY_HELMVER_H

#include "hp/buf.h"
#include "hp/error.h"

/* Sets *major (3, 4, ...) and *version ("v3.17.2", owned). Fails (DEPLOY_ERR_HELM) when helm
 * cannot be run or prints no version. */
int deploy_helm_version(const char *helm, int *major, char **version, struct hp_error *e);
/* The same in two steps, for a caller that runs the query beside others (runner_capture_all):
 * its argv (NULL-terminated), then its answer read (st, out and err as runner_capture's; why_not_run:
 * the runner's message when st < 0). */
#define DEPLOY_HELM_VERSION_ARGC 5
void deploy_helm_version_argv(const char *helm, char *argv[DEPLOY_HELM_VERSION_ARGC]);
int deploy_helm_version_read(const char *helm, int st, struct hp_buf *out, struct hp_buf *err, const char *why_not_run,
                             int *major, char **version, struct hp_error *e);
/* "v3.17.2" -> 3; -1 when the text is not a helm version. */
int deploy_helm_parse_major(const char *text);

#endif
