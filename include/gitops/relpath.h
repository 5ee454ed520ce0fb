/* Relative paths for Argo CD: a chart's path from the repository root, a values file's path
 * from its chart. Both ends are resolved (realpath) first, so symlinked roots and "./.."
 * spellings give the same, stable answer. */
#ifndef GITOPS_RELPATH_H
#define GITOPS_RELPATH_H

#include "hp/error.h"

/* *out = the path of `target` relative to the folder `base` ("." when they are the same;
 * "../x" when target is beside base). Both must exist. */
int gitops_relpath(const char *base, const char *target, char **out, struct hp_error *e);

/* Like gitops_relpath but fails unless target is inside `top` (the repository): Argo CD
 * fetches nothing from outside the repository. */
int gitops_relpath_inside(const char *top, const char *target, char **out, struct hp_error *e);

#endif
