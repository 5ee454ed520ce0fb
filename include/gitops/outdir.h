/* Writing rendered Applications into the output folder (layout: gitops/apps.h). Each file is
 * written atomically and only when its bytes change, so a re-run leaves a clean `git diff`;
 * missing folders are created (mkdir -p).
 * Files under apps/ that carry our header but no longer belong to the plan (a component
 * dropped with -d) are removed: left behind, the parent would keep deploying them. */
#ifndef GITOPS_OUTDIR_H
#define GITOPS_OUTDIR_H

#include <stdbool.h>
#include <stdio.h>

#include "gitops/apps.h"

/* Creates docs->outdir and its apps/ folder when missing, with their parents. Prints
 * one line per file written or removed on `log` (NULL: silent). Writes nothing when
 * gitops_outdir_claim refuses. */
int gitops_outdir_write(const struct gitops_docs *docs, FILE *log, struct hp_error *e);

/* What writing and checking (gitops/check.h) both ask of a file under docs->outdir: does it hold
 * exactly want; does it carry GITOPS_HEADER (ours to replace or remove). An unreadable file is
 * neither. */
/* Every file docs would replace is ours (carries GITOPS_HEADER) or absent: else -1 naming the
 * first that is not (GITOPS_ERR_NOT_OURS; a link or folder is not ours). Asked before anything
 * is written, of every site's docs when there are several. */
int gitops_outdir_claim(const struct gitops_docs *docs, struct hp_error *e);
bool gitops_outdir_unchanged(const char *path, const struct hp_buf *want);
bool gitops_outdir_ours(const char *path);
/* Our stale files: the paths of the files under docs->outdir/apps that carry our header but are
 * not among docs (a component dropped with -d), in name order so logs are stable. -1 (e says
 * why) when the folder cannot be read. */
int gitops_outdir_stale(const struct gitops_docs *docs, struct hp_strlist *paths, struct hp_error *e);

/* gitops --all-sites writes DIR/<site> for every site of helm-panda.yaml. A site removed from
 * it leaves DIR/<site>: left there, Argo CD would keep deploying it. The gone sites are the
 * folders beside the docs[].outdir (each DIR/<site>) that hold files of ours and belong to no
 * site rendered now, pushed onto dirs in name order; returns how many. */
int gitops_outdir_gone_sites(const struct gitops_docs *docs, size_t n_docs, struct hp_strlist *dirs);
/* Removes our files from a gone site's folder (one "removed" line each on log), then its apps/
 * folder and the folder itself when nothing else is in them. */
int gitops_outdir_remove_site(const char *dir, FILE *log, struct hp_error *e);

#endif
