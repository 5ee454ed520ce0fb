/* Output files that never leave a partial plaintext behind, even when the process is killed.
 *
 * The file is written without a name (O_TMPFILE) and only linked into the directory once it
 * is complete: a SIGTERM, a Ctrl-C, even a SIGKILL or a crash leaves nothing at all. Where
 * the file system has no O_TMPFILE (or /proc is missing, so the file could not be named
 * later), a named temporary ".NAME.tmpXXXXXX" beside the destination is used instead, and a
 * SIGTERM/SIGINT/SIGHUP handler (async-signal-safe: unlink, sigaction, raise) removes it
 * before the signal takes its usual course (exit 143/130/129). Replacing an existing file
 * needs a name for a moment (link then rename, as linkat cannot replace): that name is
 * covered by the same handler. Only SIGKILL can leave a named temporary behind.
 *
 * HELM_PANDA_NO_O_TMPFILE=1 forces the named fallback (tests cover it this way on file
 * systems that do have O_TMPFILE). */
#ifndef HP_OUTFILE_H
#define HP_OUTFILE_H

#include <stdbool.h>
#include <sys/types.h>

#include "hp/error.h"

struct hp_outfile {
    int fd;         /* write here */
    char *path;     /* the destination */
    char *tmp;      /* the named temporary, while there is one */
    int slot;       /* tmp's entry in the signal cleanup list, or -1 */
    bool direct;    /* a device, FIFO or socket (/dev/null, a pipe): written in place */
    bool anonymous; /* O_TMPFILE: no name until committed */
};

/* Opens `path` for writing. A device, FIFO or socket is opened in place (renaming over
 * /dev/null would replace the device); a directory is an error; anything else gets a fresh
 * file in path's directory with exactly `mode` (umask not applied: callers decide). Errors
 * (kind 1): "<path>: cannot create a temporary file beside it: <reason>", "<path>: is a
 * directory". */
int hp_outfile_open(struct hp_outfile *o, const char *path, mode_t mode, struct hp_error *e);

/* Finishes: fsync, then the file takes its name, replacing what was there (rename), or with
 * no_overwrite only if nothing is there (fails with errno EEXIST, even against a file created
 * meanwhile). Always closes; on failure nothing is left. Errors: "<path>: <reason>". */
int hp_outfile_commit(struct hp_outfile *o, bool no_overwrite, struct hp_error *e);

/* Gives up: closes, and the file (if not direct) is gone. */
void hp_outfile_abort(struct hp_outfile *o);

#endif
