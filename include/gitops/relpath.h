/* Relative paths for Argo CD: a chart's path from the repository root, a values file's path
 * from its chart. Both ends are resolved (realpath) first, so symlinked roots and "./.."
 * spellings give the same, stable answer. */
#ifndef GITOPS_RELPATH_H
#define GITOPS_RELPATH_H

#include <stdbool.h>

#include "hp/error.h"

/* The path of target relative to base, both absolute and already resolved (no "." or ".."
 * parts, no trailing '/'): pure string work, for paths that may not exist yet. */
char *gitops_relpath_of(const char *base, const char *target);
/* Whether a relative path climbs out of its base ("..", "../x"). */
bool gitops_relpath_is_outside(const char *rel);

/* *out = the path of `target` relative to the folder `base` ("." when they are the same;
 * "../x" when target is beside base). Both must exist. */
int gitops_relpath(const char *base, const char *target, char **out, struct hp_error *e);

/* Like gitops_relpath but fails unless target is inside `top` (the repository): Argo CD
 * fetches nothing from outside the repository. */
int gitops_relpath_inside(const char *top, const char *target, char **out, struct hp_error *e);

#endif
