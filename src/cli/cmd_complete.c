/* helm panda __complete WORDS...: the plugin's dynamic completion, run by helm through the
 * executable `plugin.complete` in the plugin directory. Hidden from --help. Whatever happens
 * it prints only candidates and a ":<directive>" line and exits 0: its output goes straight
 * into the user's shell. */
#include <stdio.h>

#include "cli/cmd.h"
#include "complete/complete.h"

int cmd_complete(struct hp_ctx *ctx, int argc, char **argv)
{
    (void)ctx;
    struct complete_result r;
    complete_words(argc - 1, argv + 1, &r);
    complete_result_print(&r, stdout);
    complete_result_free(&r);
    return HP_EXIT_OK;
}
