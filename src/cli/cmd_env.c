#include <stdio.h>

#include "cli/commands.h"
#include "cli/opts.h"

int cmd_env(struct hp_ctx *ctx, int argc, char **argv)
{
    static const struct hp_cmdinfo ci = {"helm panda env", "[flags]",
                                         "Print the helm environment the plugin received.", NULL, false};
    const struct hp_opt opts[] = {{0}};
    int r = hp_opts_parse(&ci, opts, argc, argv, NULL, NULL);
    if (r != HP_OPTS_OK)
        return r == HP_OPTS_HELP ? HP_EXIT_OK : HP_EXIT_USAGE;
    hp_helmenv_print(&ctx->env, stdout);
    return HP_EXIT_OK;
}
