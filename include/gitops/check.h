/* `helm panda gitops --check DIR`: what writing the Applications into DIR would change, as
 * unified diffs (diff -u), without writing anything. Adopting a site's hand-written
 * Applications starts here: an empty diff means Argo CD sees the very same objects. */
#ifndef GITOPS_CHECK_H
#define GITOPS_CHECK_H

#include <stdio.h>

#include "gitops/apps.h"

/* Compares every document with its file under docs->outdir and prints, on out, a unified diff
 * per file that would change, appear, or (ours, no longer in the plan) be removed. Returns
 * the number of such files, or -1 when a diff could not be made (e says why). */
int gitops_outdir_check(const struct gitops_docs *docs, FILE *out, struct hp_error *e);

#endif
