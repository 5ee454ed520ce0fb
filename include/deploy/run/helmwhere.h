/* Where a helm command acts: the --namespace and --kube-context every helm call of a run carries
 * (from helm's own HELM_NAMESPACE and HELM_KUBECONTEXT, as `helm -n NS panda ...` hands them to
 * the plugin). One writer, so that no helm call of a run (an upgrade, its list, history, status,
 * a snapshot's write or unlock) can act on another namespace or cluster than its siblings. */
#ifndef DEPLOY_HELMWHERE_H
#define DEPLOY_HELMWHERE_H

#include "hp/util.h"

/* Appends "--namespace NS" and "--kube-context CTX" to a, each only when given (NULL: helm's own
 * default, the kubeconfig's). */
void deploy_helm_where_argv(struct hp_strlist *a, const char *namespace_, const char *kube_context);

#endif
