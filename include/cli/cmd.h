/* What every command is: a cmd_* function of the context, argc and argv, each in a file of
 * src/cli/. Declarations only: the command table (commands.c) names them and the command files
 * define them, so neither includes the other. */
#ifndef CLI_CMD_H
#define CLI_CMD_H

#include "helm/env.h"

struct hp_ctx {
    struct hp_helmenv env; /* read once at start-up */
};

typedef int (*hp_cmd_fn)(struct hp_ctx *ctx, int argc, char **argv);

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
int cmd_history(struct hp_ctx *ctx, int argc, char **argv);
int cmd_rollback(struct hp_ctx *ctx, int argc, char **argv);
int cmd_gitops(struct hp_ctx *ctx, int argc, char **argv);
int cmd_gitops_adopt(struct hp_ctx *ctx, int argc, char **argv); /* gitops adopt (cmd_gitops_adopt.c) */
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
