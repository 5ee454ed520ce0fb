/* What shell completion needs to know about a deployment tree (the panda-k8s layout):
 * component names, each component's sub-components, and experiment names. It asks the
 * orchestrator's own code (include/deploy/) so TAB offers exactly what `helm panda install`
 * accepts. Read-only, quiet and forgiving: a broken file yields fewer candidates, never a
 * message, since the output goes straight to the user's shell. */
#ifndef COMPLETE_TREE_H
#define COMPLETE_TREE_H

#include "hp/util.h"

/* The deployment root as the commands find it (deploy_root_find): from `explicit_root`
 * (-C/--root) when given, else $PANDA_K8S_DIR, else the cwd, up to the first folder holding
 * both helm/ and secrets/. Returns a malloc'd absolute path, or NULL when there is none. */
char *complete_find_root(const char *explicit_root);

/* Appends, sorted, the components install knows (deploy_catalogue_load: the defaults, the
 * charts under helm/, helm-panda.yaml) whose chart has a Chart.yaml. */
void complete_components(const char *root, struct hp_strlist *out);

/* Appends what `-d name.<sub>` accepts: the dependencies (alias, else name) in the
 * component's Chart.yaml, in file order. */
void complete_subcomponents(const char *root, const char *name, struct hp_strlist *out);

/* Appends experiment names E from <root>/helm/<component>/values/values-E.yaml and
 * <root>/secrets/values-E.yaml (.yaml or .yml), sorted, no duplicates. */
void complete_experiments(const char *root, struct hp_strlist *out);

/* Appends the site names of <root>/helm-panda.yaml (`--site NAME`), in file order. */
void complete_sites(const char *root, struct hp_strlist *out);

#endif
