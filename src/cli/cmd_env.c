#include <stdio.h>

#include "cli/cmd.h"
#include "cli/opts.h"

int cmd_env(struct hp_ctx *ctx, int argc, char **argv)
{
    static const struct hp_cmdinfo ci = {"helm panda env", "[flags]",
                                         "Print the helm environment the plugin received.", NULL, false};
    const struct hp_opt opts[] = {{0}};
    int rc = hp_opts_command(&ci, opts, argc, argv, NULL, NULL);
    if (rc != HP_OPTS_GO_ON)
        return rc;
    hp_helmenv_print(&ctx->env, stdout);
    return HP_EXIT_OK;
}
