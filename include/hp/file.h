/* Reading and writing whole files, safely. */
#ifndef HP_FILE_H
#define HP_FILE_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "hp/buf.h"
#include "hp/error.h"

/* Reads all of path ("-" = stdin) into b. On failure fills e with "<path>: <reason>". */
int hp_file_read(const char *path, struct hp_buf *b, struct hp_error *e);
/* Same into guarded memory, for files that may be secret. */
int hp_file_read_secret(const char *path, struct hp_secbuf *b, struct hp_error *e);
int hp_fd_read_all(int fd, struct hp_buf *b);
int hp_fd_write_all(int fd, const void *p, size_t n);

/* Writes data to path atomically (hp/outfile.h): an unnamed file (O_TMPFILE) or a named
 * temporary beside it that SIGTERM/SIGINT/SIGHUP remove, mode `mode`, fsync, then it replaces
 * path. On any failure nothing is left and path is untouched. A device or FIFO is written in
 * place. path "-" = stdout. */
int hp_file_write_atomic(const char *path, const void *data, size_t len, mode_t mode, struct hp_error *e);

bool hp_path_exists(const char *path);
bool hp_path_is_dir(const char *path);
/* A regular file we may execute (a directory named helm is not one). */
bool hp_path_is_executable_file(const char *path);
/* prog (a bare name) in the absolute entries of path (a PATH value): an owned absolute path,
 * or NULL. Empty and relative entries (the current directory, or relative to it) are skipped. */
char *hp_path_search(const char *prog, const char *path);
/* Joins two path parts with exactly one '/'. */
char *hp_path_join(const char *a, const char *b);

#endif
