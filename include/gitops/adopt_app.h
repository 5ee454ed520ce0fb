/* One Application as adopt read it (gitops/adopt.h), shared by the reader (adopt.c) and the
 * profile writer (adopt_profile.c): a header of its own, with no functions. */
#ifndef GITOPS_ADOPT_APP_H
#define GITOPS_ADOPT_APP_H

#include <stdbool.h>

#include "hp/buf.h"
#include "hp/util.h"

struct gitops_adopt_app {
    char *file, *name, *component;
    char *argocd_ns, *repo, *revision, *project, *server, *dest_ns; /* NULL: not in the file */
    bool automated, has_sync_options, wave;
    struct hp_strlist sync_options, finalizers;
    struct hp_strlist annotations, labels; /* key, value, ...; a taken key is "" */
    struct hp_strlist images;              /* alias, image, strategy, name, tag, allowTags ("": none) */
    struct hp_strlist ignore;              /* each entry as a flow mapping */
    struct hp_strlist values, params;      /* helm.valueFiles; helm.parameters as NAME=VALUE */
};

#endif
