/* `helm panda secrets edit`'s plaintext copy: the one file of plaintext helm-panda ever writes,
 * because $EDITOR needs a path. It goes into a private 0700 folder on a tmpfs when there is one
 * ($XDG_RUNTIME_DIR, /dev/shm: memfile_tmpfs_dir), else in $TMPDIR or /tmp as sops does, mode
 * 0600, and is overwritten with zeros and removed whatever happens: editor failure, Ctrl-C (which
 * goes to the editor), SIGTERM or SIGHUP (a handler wipes it, then the signal takes its course).
 * One copy per process. */
#ifndef SECRETS_EDITFILE_H
#define SECRETS_EDITFILE_H

#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"

/* Writes data into a private copy named after path's base name and runs $EDITOR (else
 * $VISUAL, else vi; through /bin/sh, so it may carry arguments) on it; on success the edited
 * bytes are in *after (guarded memory). The copy is wiped before this returns. Errors: one
 * line in e ("editor "vim" exited with status 1; nothing was saved", ...). */
int secrets_editfile_edit(const char *path, const unsigned char *data, size_t len, struct hp_secbuf *after,
                          struct hp_error *e);

#endif
