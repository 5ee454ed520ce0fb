/* Placeholder: filled in by its issue. */
#include "cli/commands.h"

int cmd_secrets_keygen(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets keygen");
}

int cmd_secrets_encrypt(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets encrypt");
}

int cmd_secrets_decrypt(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda secrets decrypt");
}

