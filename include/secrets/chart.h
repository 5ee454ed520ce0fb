/* The secrets chart, loaded into memory the way helm loads a chart directory (same files,
 * honouring .helmignore), with its encrypted inputs decrypted: the chart's own values.yaml when
 * it is a SOPS file, and every SOPS or age file under files/ (an age file "x.age" becomes "x").
 * It is then written as a chart archive (tar.gz, by libarchive) into guarded memory, to hand to
 * helm as /dev/fd/N: `.Files.Get` and `.Files.Glob` see plaintext, the disk never does. */
#ifndef SECRETS_CHART_H
#define SECRETS_CHART_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"
#include "secrets/decrypt.h"

struct chart_file {
    char *name;                     /* chart-relative, '/'-separated; the plain name */
    struct hp_secbuf data;          /* contents as helm must see them */
    enum secrets_input_kind source; /* what the file on disk was */
};

struct chart {
    char *dir;  /* as given, for messages */
    char *name; /* the archive's top-level directory: the chart directory's base name */
    struct chart_file *files;
    size_t n, cap;
    size_t decrypted; /* how many files were encrypted on disk */
};

/* Loads dir. Fails (e names the file) on an unreadable or irregular file, a malformed
 * .helmignore, a file that fails to decrypt, or two files with the same plain name. */
int chart_load(struct chart *c, const char *dir, struct secrets_keyring *kr, struct hp_error *e);
/* The CRIC-free deployment checks (secrets/cric.h) on the loaded files. */
int chart_check_cric(const struct chart *c, struct hp_error *e);
/* The file named `name`, or NULL. */
const struct chart_file *chart_find(const struct chart *c, const char *name);
/* The chart as a gzip'd tar, every file under "<name>/", into out. */
int chart_write_archive(const struct chart *c, struct hp_secbuf *out, struct hp_error *e);
void chart_free(struct chart *c);

#endif
