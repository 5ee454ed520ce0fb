/* `helm panda gitops adopt DIR`: a site's hand-written Argo CD Applications and ImageUpdaters
 * (one file per component, flat or under apps/, with or without a parent app-of-apps) read
 * back into the `sites:` profile that makes gitops reproduce them (docs/gitops-adopt.md). The reader maps what it knows; the
 * command then renders the profile and compares (gitops_adopt_verify), so whatever the profile
 * cannot express is listed field by field rather than lost. */
#ifndef GITOPS_ADOPT_H
#define GITOPS_ADOPT_H

#include <stdbool.h>
#include <stddef.h>

#include "gitops/apps.h"
#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"

struct gitops_adopt_app; /* one Application read (adopt.c) */

struct gitops_adopt {
    struct gitops_adopt_app *apps;
    size_t n_apps;
    struct hp_strlist updaters;  /* per ImageUpdater: namePattern, name, namespace, file */
    struct hp_strlist take_over; /* the files read that lack our header */
    char *parent;                /* the app-of-apps Application (a directory source at the top), or NULL */
    char *parent_project;        /* its spec.project and whether it syncs automatically: the site's */
    bool parent_automated;
    bool apps_layout;            /* children under apps/ (gitops' default layout), not flat */
    struct hp_strlist problems;  /* "FILE: field: why", what no profile expresses */
};

/* Reads one file of the folder (its name without folder, its bytes: untrusted). Documents that
 * are neither an Application nor an ImageUpdater, or an Application that is not a single Helm
 * source, become problems; -1 only when the bytes are not YAML (e names the file). */
int gitops_adopt_add(struct gitops_adopt *a, const char *file, const unsigned char *data, size_t len,
                     struct hp_error *e);
/* Every *.yaml of dir, then of dir/apps (read as "apps/<file>"), in name order. */
int gitops_adopt_read_dir(struct gitops_adopt *a, const char *dir, struct hp_error *e);
/* The `sites.<site>` block (indented as under `sites:`) that reproduces what was read; what it
 * cannot (parameters that differ between Applications) goes onto a->problems. */
void gitops_adopt_profile(struct gitops_adopt *a, const char *site, struct hp_buf *out);
void gitops_adopt_free(struct gitops_adopt *a);

/* helm-panda.yaml's bytes with the block appended as text, every other byte unchanged: after a
 * `sites:` that is the file's last top-level key, or under a new `sites:`. Fails (nothing
 * built) when the site exists already or `sites:` is followed by another key. */
int gitops_adopt_append(const char *file, const struct hp_buf *have, const char *site, const struct hp_buf *block,
                        struct hp_buf *out, struct hp_error *e);

/* What rendering the profile would change in dir: each field of each file that differs, each
 * file the profile does not write and each it would add, pushed onto problems. */
int gitops_adopt_verify(const struct gitops_docs *docs, const char *dir, struct hp_strlist *problems,
                        struct hp_error *e);

#endif
