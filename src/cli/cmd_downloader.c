/* Placeholder: filled in by its issue. */
#include "cli/commands.h"

int cmd_downloader(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    (void)argc;
    (void)argv;
    return hp_not_implemented("helm panda downloader");
}

