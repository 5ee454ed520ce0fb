/* The command table: every `helm panda <cmd>` maps to one cmd_* function, each in its own
 * file under src/cli/, all parsing flags through cli/opts.h. */
#ifndef CLI_COMMANDS_H
#define CLI_COMMANDS_H

#include "helm/env.h"

struct hp_ctx {
    struct hp_helmenv env; /* read once at start-up */
};

typedef int (*hp_cmd_fn)(struct hp_ctx *ctx, int argc, char **argv);

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

/* top level (src/cli/cmd_*.c) */
int cmd_version(struct hp_ctx *ctx, int argc, char **argv);
int cmd_env(struct hp_ctx *ctx, int argc, char **argv);
int cmd_install(struct hp_ctx *ctx, int argc, char **argv);
int cmd_upgrade(struct hp_ctx *ctx, int argc, char **argv);
int cmd_template(struct hp_ctx *ctx, int argc, char **argv);
int cmd_uninstall(struct hp_ctx *ctx, int argc, char **argv);
int cmd_status(struct hp_ctx *ctx, int argc, char **argv);
int cmd_diff(struct hp_ctx *ctx, int argc, char **argv);
int cmd_apply(struct hp_ctx *ctx, int argc, char **argv);
int cmd_gitops(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets(struct hp_ctx *ctx, int argc, char **argv);
int cmd_complete(struct hp_ctx *ctx, int argc, char **argv);   /* hidden: plugin.complete */
int cmd_downloader(struct hp_ctx *ctx, int argc, char **argv); /* hidden: helm's sops:// getter */

/* helm panda secrets ... */
int cmd_secrets_keygen(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_encrypt(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_decrypt(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_edit(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_view(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_rotate(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_updatekeys(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_install(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_upgrade(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_template(struct hp_ctx *ctx, int argc, char **argv);
int cmd_secrets_diff(struct hp_ctx *ctx, int argc, char **argv);

#endif
