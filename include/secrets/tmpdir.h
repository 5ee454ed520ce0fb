/* A private TMPDIR for every helm we run. helm and helm-diff write temporary files: helm-diff
 * the release's rendered manifests (from our decrypted values) to `existing-values*` and
 * `new-values*`, helm its pulled charts. Under $TMPDIR (else /tmp, usually a disk) they would
 * outlive the run on disk; under this folder they stay in RAM and go at our exit. */
#ifndef SECRETS_TMPDIR_H
#define SECRETS_TMPDIR_H

/* Once per process: a 0700 folder helm-panda.XXXXXX on a tmpfs (memfile_tmpfs_dir), exported as
 * TMPDIR, so every child inherits it, and removed with all it holds at exit (atexit: every
 * normal way out, a caught SIGINT/SIGTERM/SIGHUP included; a SIGKILL leaves it in the tmpfs,
 * in RAM). Returns the folder, or NULL when
 * there is no writable tmpfs (TMPDIR is then left as it was, said under --debug). */
const char *secrets_tmpdir_private(void);

#endif
