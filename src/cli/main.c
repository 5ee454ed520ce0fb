/* helm-panda: entry point. Reads helm's environment once, then dispatches. */
#include <locale.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>

#include <sodium.h>

#include "cli/commands.h"
#include "hp/secure.h"
#include "hp/util.h"

int main(int argc, char **argv)
{
    if (sodium_init() < 0) {
        hp_errorf("libsodium failed to initialise");
        return HP_EXIT_FAIL;
    }
    /* a closed pipe (| head) must not kill us mid-write without cleanup */
    signal(SIGPIPE, SIG_IGN);

    struct hp_ctx ctx;
    hp_helmenv_load(&ctx.env);
    hp_set_debug(ctx.env.debug);
    /* before any command: no core dumps, wiping cJSON frees (hp/secure.h) */
    hp_secure_process();

    int rc = hp_dispatch(&ctx, "helm panda",
                         "Deploy the PanDA workload-management system with helm: every component in\n"
                         "dependency order, secrets decrypted in memory from SOPS/age files.",
                         hp_commands, argc - 1, argv + 1);
    hp_helmenv_free(&ctx.env);
    return rc;
}
