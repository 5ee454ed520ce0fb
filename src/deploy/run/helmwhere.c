/* Where a helm command acts (see include/deploy/run/helmwhere.h). */
#include "deploy/run/helmwhere.h"

void deploy_helm_where_argv(struct hp_strlist *a, const char *namespace_, const char *kube_context)
{
    if (namespace_) {
        hp_strlist_push(a, "--namespace");
        hp_strlist_push(a, namespace_);
    }
    if (kube_context) {
        hp_strlist_push(a, "--kube-context");
        hp_strlist_push(a, kube_context);
    }
}
