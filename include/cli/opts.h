/* One option parser for every command, so --help, errors and exit codes are the same
 * everywhere. Flags may come before or after positionals; "--" ends flags and the rest is
 * collected as pass-through arguments (for helm). */
#ifndef CLI_OPTS_H
#define CLI_OPTS_H

#include <stdbool.h>
#include <stdio.h>

#include "hp/util.h"

enum hp_opt_kind {
    HP_OPT_END = 0,
    HP_OPT_BOOL,   /* value: bool*, set to true */
    HP_OPT_STRING, /* value: const char** (points into argv), last one wins */
    HP_OPT_LIST,   /* value: struct hp_strlist*, each occurrence appends */
    HP_OPT_CSV,    /* value: struct hp_strlist*, each occurrence appends its comma-separated parts */
    HP_OPT_INT,    /* value: int*, a non-negative decimal */
};

struct hp_opt {
    enum hp_opt_kind kind;
    char short_name;       /* 0 when the flag has no short form */
    const char *long_name; /* without the leading "--" */
    void *value;
    const char *argname; /* shown in help for flags that take a value, e.g. "FILE" */
    const char *help;
};

struct hp_cmdinfo {
    const char *path;        /* "helm panda secrets decrypt" */
    const char *usage;       /* "[flags] FILE|-" */
    const char *summary;     /* one line */
    const char *description; /* optional, free text printed after the usage line */
    bool allow_passthrough;  /* whether "--" and what follows is accepted */
};

enum { HP_OPTS_OK = 0, HP_OPTS_HELP = 1, HP_OPTS_ERROR = 2 };

/* argv[0] is the command's own name and is skipped. Positionals go to pos; arguments after
 * "--" go to pass (only when ci->allow_passthrough). On HP_OPTS_HELP the help text has been
 * printed on stdout; on HP_OPTS_ERROR a one-line error and a usage hint are on stderr. */
int hp_opts_parse(const struct hp_cmdinfo *ci, const struct hp_opt *opts, int argc, char **argv,
                  struct hp_strlist *pos, struct hp_strlist *pass);
/* hp_opts_parse for a command, settling --help and usage errors once: HP_OPTS_GO_ON when the
 * command goes on, else its exit code (HP_EXIT_OK after --help, HP_EXIT_USAGE after a usage
 * error, both already printed). */
#define HP_OPTS_GO_ON (-1)
int hp_opts_command(const struct hp_cmdinfo *ci, const struct hp_opt *opts, int argc, char **argv,
                    struct hp_strlist *pos, struct hp_strlist *pass);
void hp_opts_usage(FILE *out, const struct hp_cmdinfo *ci, const struct hp_opt *opts);
/* Prints "helm-panda: error: <msg>" and "Run '<path> --help' for usage.", returns HP_EXIT_USAGE. */
int hp_usage_error(const struct hp_cmdinfo *ci, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

#endif
