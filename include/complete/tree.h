/* What shell completion needs to know about a deployment tree (the panda-k8s layout):
 * component names, each component's sub-component switches, and experiment names. Read-only,
 * quiet, and forgiving: a broken file yields fewer candidates, never an error message, since
 * its output goes straight to the user's shell. */
#ifndef COMPLETE_TREE_H
#define COMPLETE_TREE_H

#include <stddef.h>

#include "hp/util.h"

/* The deployment root, found as the orchestrator does: `explicit_root` (-C/--root) when
 * given, else $PANDA_K8S_DIR, else the nearest of the cwd and its parents holding both
 * `helm/` and `secrets/`. Returns a malloc'd path, or NULL when there is none. */
char *complete_find_root(const char *explicit_root);

/* Appends the names of <root>/helm/<name>/ that hold a Chart.yaml, sorted. */
void complete_components(const char *root, struct hp_strlist *out);

/* Appends the switchable parts of component `name` (what `-d name.<sub>` turns off): the
 * chart's dependencies (alias, else name) in Chart.yaml order, then every top-level key of its
 * values.yaml whose value is a map with an `enabled` key. No duplicates. */
void complete_subcomponents(const char *root, const char *name, struct hp_strlist *out);

/* Appends experiment names E from <root>/helm/<component>/values/values-E.yaml and
 * <root>/secrets/values-E.yaml (.yaml or .yml), sorted, no duplicates. */
void complete_experiments(const char *root, struct hp_strlist *out);

/* The two YAML readers behind complete_subcomponents, on bytes in memory (fuzzed). Each
 * appends what it finds to out (skipping names already there) and returns 0, or -1 when the
 * text is not YAML (out then holds what was found before the error). */
int complete_chart_dependencies(const char *text, size_t len, struct hp_strlist *out);
int complete_values_switches(const char *text, size_t len, struct hp_strlist *out);

#endif
