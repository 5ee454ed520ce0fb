/* helm --set arguments as Argo CD helm.parameters. Helm splits one --set on its unescaped
 * commas ("a=1,b=2" sets two keys); Argo CD passes each parameter as one --set with every
 * unescaped comma escaped (its cleanSetParameters, util/helm/cmd.go), so "a=1,b=2" as one
 * parameter would become the single string "1,b=2". Splitting here keeps install's meaning. */
#ifndef GITOPS_PARAMS_H
#define GITOPS_PARAMS_H

#include "hp/error.h"
#include "hp/util.h"

/* Appends the NAME=VALUE parts of one --set argument to out, split on commas that are neither
 * escaped (\,) nor inside {...} (a helm list, which Argo CD leaves alone when it is the whole
 * value). A part without '=' or with an empty name is an error, as it is for helm. */
int gitops_split_set(const char *set, struct hp_strlist *out, struct hp_error *e);

#endif
