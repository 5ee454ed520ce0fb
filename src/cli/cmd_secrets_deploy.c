/* Placeholder: filled in by its issue. */
#include "cli/commands.h"

int cmd_secrets_install(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets install");
}

int cmd_secrets_upgrade(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets upgrade");
}

int cmd_secrets_template(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets template");
}

int cmd_secrets_diff(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets diff");
}

