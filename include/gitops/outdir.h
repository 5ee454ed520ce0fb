/* Writing rendered Applications into the output folder (layout: gitops/apps.h). Each file is
 * written atomically and only when its bytes change, so a re-run leaves a clean `git diff`;
 * missing folders are created (mkdir -p).
 * Files under apps/ that carry our header but no longer belong to the plan (a component
 * dropped with -d) are removed: left behind, the parent would keep deploying them. */
#ifndef GITOPS_OUTDIR_H
#define GITOPS_OUTDIR_H

#include <stdio.h>

#include "gitops/apps.h"

/* Creates docs->outdir and its apps/ folder when missing, with their parents. Prints
 * one line per file written or removed on `log` (NULL: silent). */
int gitops_outdir_write(const struct gitops_docs *docs, FILE *log, struct hp_error *e);

#endif
