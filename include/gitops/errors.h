/* The gitops module's error kinds (its hundred of include/hp/error_kinds.h). A header of its own,
 * with no functions: the writers of Applications (apps.c) and the files they call (params.c,
 * source.c) all fill an hp_error with them, and must not include each other for it. */
#ifndef GITOPS_ERRORS_H
#define GITOPS_ERRORS_H

#include "hp/error_kinds.h"

enum gitops_error_kind {
    GITOPS_OK = 0,
    GITOPS_ERR_SOURCE = HP_ERR_BASE_GITOPS, /* no repository URL / revision, or a path outside the repository */
    GITOPS_ERR_SECRETS,      /* a SOPS values file without --allow-secrets */
    GITOPS_ERR_INPUT,        /* a bad flag value (--allow-secrets scheme, --sync, a --set) */
    GITOPS_ERR_WRITE,        /* the output folder cannot be written */
    GITOPS_ERR_NOT_OURS,     /* a file in the output folder that gitops did not write is in the way */
    GITOPS_ERR_CHANGED,      /* adopt --write: helm-panda.yaml was edited meanwhile; nothing written */
};

#endif
