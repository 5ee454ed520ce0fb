/* The deploy module's error kinds (its hundred of include/hp/error_kinds.h). A header of its own,
 * with no functions, because every room of deploy/ fills an hp_error with them. */
#ifndef DEPLOY_ERRORS_H
#define DEPLOY_ERRORS_H

#include "hp/error_kinds.h"

enum deploy_error_kind {
    DEPLOY_OK = 0,
    DEPLOY_ERR_ROOT = HP_ERR_BASE_DEPLOY,  /* no deployment root (a folder with helm/ and secrets/) */
    DEPLOY_ERR_COMPONENT,    /* unknown component or sub-component */
    DEPLOY_ERR_CHART,        /* a component's chart is missing */
    DEPLOY_ERR_CYCLE,        /* the needs form a cycle */
    DEPLOY_ERR_NAME,         /* a release name helm would refuse (the affix, most often) */
    DEPLOY_ERR_CONFIG,       /* the components file or a Chart.yaml/values.yaml is malformed */
    DEPLOY_ERR_HELM,         /* no helm, or its version cannot be read */
    DEPLOY_ERR_SECRETS,      /* a SOPS values file could not be decrypted */
    DEPLOY_ERR_INTERRUPTED,  /* Ctrl-C or SIGTERM while asking helm (its version): exit 130 */
    DEPLOY_ERR_PULL,         /* an OCI chart could not be pulled (registry, chart, version, login): exit 1 */
    DEPLOY_ERR_SNAPSHOT,     /* the snapshot record read back from helm is not ours, or names a revision helm
                              * pruned: exit 1 (deploy/ops/snapshot.h) */
};

#endif
