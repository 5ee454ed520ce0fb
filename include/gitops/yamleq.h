/* Whether a hand-written Application file and the one gitops would write hold the same objects
 * for Argo CD: the YAML documents compared as parsed (key order, quoting, comments and the
 * generated-file header aside), with one default of Argo CD's filled in on both sides: a Helm
 * source without releaseName releases under the Application's name. What differs is listed
 * field by field, so adopt can name what a profile cannot express. */
#ifndef GITOPS_YAMLEQ_H
#define GITOPS_YAMLEQ_H

#include <stddef.h>

#include "hp/error.h"
#include "hp/util.h"

/* Compares the YAML streams have (the file) and want (gitops' bytes), document by document.
 * Each difference goes onto diffs (NULL: not kept) as one line "<path>: <have> -> <want>",
 * path as in metadata.annotations.x or spec.ignoreDifferences[1].name. Returns the number of
 * differences (0: equal), or -1 when a stream is not YAML (e names it by `name`). */
int gitops_yaml_compare(const char *name, const unsigned char *have, size_t have_len, const unsigned char *want,
                        size_t want_len, struct hp_strlist *diffs, struct hp_error *e);

#endif
