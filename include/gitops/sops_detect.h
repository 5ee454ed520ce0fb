/* Which function tells gitops that a values file is SOPS-encrypted. */
#ifndef GITOPS_SOPS_DETECT_H
#define GITOPS_SOPS_DETECT_H

#include "gitops/apps.h"

gitops_is_encrypted_fn gitops_sops_detector(void);

#endif
