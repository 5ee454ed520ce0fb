/* Which helm we run, asked once: `$HELM_BIN version --template '{{.Version}}'`. The major
 * version picks the dialect (see deploy_plan_argv). */
#ifndef DEPLOY_HELMVER_H
#define DEPLOY_HELMVER_H

#include "hp/error.h"

/* Sets *major (3, 4, ...) and *version ("v3.17.2", owned). Fails (DEPLOY_ERR_HELM) when helm
 * cannot be run or prints no version. */
int deploy_helm_version(const char *helm, int *major, char **version, struct hp_error *e);
/* "v3.17.2" -> 3; -1 when the text is not a helm version. */
int deploy_helm_parse_major(const char *text);

#endif
