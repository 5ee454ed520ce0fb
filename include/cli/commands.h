/* The command table: every `helm panda <cmd>` maps to one cmd_* function, each in its own
 * file under src/cli/, all parsing flags through cli/opts.h. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include <stdbool.h>
#include <stdio.h>

#include "cli/cmd.h"

struct hp_cmd {
    const char *name;
    hp_cmd_fn run;
    const char *summary;
    bool hidden; /* internal commands (completion, downloader) stay out of --help */
};

/* Looks argv[0] up in table and runs it; unknown names are a usage error (exit 2). `path` is
 * the command path so far ("helm panda", "helm panda secrets") for messages and help. */
int hp_dispatch(struct hp_ctx *ctx, const char *path, const char *summary, const struct hp_cmd *table,
                int argc, char **argv);
void hp_print_command_help(FILE *out, const char *path, const char *summary, const struct hp_cmd *table);

extern const struct hp_cmd hp_commands[];         /* top level */
extern const struct hp_cmd hp_secrets_commands[]; /* helm panda secrets ... */

#endif
