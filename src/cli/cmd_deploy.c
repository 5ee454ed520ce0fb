/* Placeholder: filled in by its issue. */
#include "cli/commands.h"

int cmd_install(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda install");
}

int cmd_upgrade(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda upgrade");
}

int cmd_template(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda template");
}

int cmd_uninstall(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda uninstall");
}

int cmd_status(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda status");
}

