/* How `gitops adopt --write` changes helm-panda.yaml while people and other adopts may too.
 * Two adopts at once are serialised by an flock on the folder that holds the file, held from
 * the read to the replace (no lock file is left in the site's checkout; the file itself is
 * replaced by a rename, so it cannot carry the lock). A hand edit takes no lock: the file is
 * replaced (a temporary in the same folder, fsync, rename; hp/file.h) only when it still holds
 * exactly the bytes that were read, else nothing is written. The file keeps its mode. */
#ifndef GITOPS_ADOPT_WRITE_H
#define GITOPS_ADOPT_WRITE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "hp/buf.h"
#include "hp/error.h"

struct gitops_profile_file {
    char *path;        /* <root>/helm-panda.yaml */
    struct hp_buf have;/* its bytes when read (empty when it did not exist) */
    bool existed;
    mode_t mode;       /* its permission bits; 0644 for a new file */
    int lock_fd;       /* the held lock, or -1 */
};

/* Reads path into f->have; with lock, first waits for the lock on its folder (another adopt
 * --write). Errors: the lock or the file cannot be opened or read (GITOPS_ERR_WRITE for the
 * lock, "<path>: reason" for the file). */
int gitops_profile_open(struct gitops_profile_file *f, const char *path, bool lock, struct hp_error *e);
/* Replaces the file with data if it still holds f->have byte for byte (and still is, or still
 * is not, there); else GITOPS_ERR_CHANGED "helm-panda.yaml changed while adopting; nothing
 * written (PATH)". */
int gitops_profile_replace(struct gitops_profile_file *f, const void *data, size_t len, struct hp_error *e);
/* Releases the lock and frees f. */
void gitops_profile_close(struct gitops_profile_file *f);

#endif
