/* Placeholder: filled in by its issue. */
#include "cli/commands.h"

int cmd_secrets_edit(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets edit");
}

int cmd_secrets_view(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets view");
}

int cmd_secrets_rotate(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets rotate");
}

int cmd_secrets_updatekeys(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets updatekeys");
}

