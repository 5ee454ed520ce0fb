/* helm-panda: entry point. Reads helm's environment once, then dispatches. */
#include <errno.h>
#include <fcntl.h>
#include <locale.h>
#include <stdbool.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "cli/commands.h"
#include "hp/interrupt.h"
#include "hp/secure.h"
#include "hp/util.h"

/* What went to stdout through stdio (plans, JSON, status tables) is checked once, at the end: a
 * write that failed (a closed pipe, a full disk: > /dev/full) fails the command with one line,
 * instead of a silent exit 0 with the output cut. A command that already failed said why. */
static int check_stdout(int rc)
{
    errno = 0;
    bool flushed = fflush(stdout) == 0;
    if ((flushed && !ferror(stdout)) || rc != HP_EXIT_OK)
        return rc;
    hp_errorf("stdout: cannot write the output: %s", !flushed && errno ? strerror(errno) : "write error");
    return HP_EXIT_FAIL;
}

/* A closed stdin, stdout or stderr (`>&-`) is reopened on /dev/null before anything else opens
 * a descriptor: otherwise the first memfile takes fd 1 or 2, helm is handed `-f /dev/fd/1` (its
 * own stdout) as values, and our messages land in a secret's file. Returns -1 if it cannot. */
static int std_fds_open(void)
{
    for (int fd = 0; fd <= 2; fd++) {
        if (fcntl(fd, F_GETFD) >= 0 || errno != EBADF)
            continue;
        int k = open("/dev/null", fd == 0 ? O_RDONLY : O_WRONLY); /* the lowest free: fd itself */
        if (k != fd) {
            if (k >= 0)
                close(k);
            return -1;
        }
    }
    return 0;
}

/* A run stopped by SIGINT, SIGTERM or SIGHUP exits 130, 143 or 129 (hp/interrupt.h), with one
 * last line saying so, whatever step it was at; a run that finished before the signal could
 * stop anything keeps its own status. */
static int interrupted_exit(int rc)
{
    if (!hp_interrupt_signal() || rc == HP_EXIT_OK)
        return rc;
    hp_errorf("interrupted by %s: stopped before changing anything further (nothing was started after it; "
              "what had started was waited for)",
              hp_interrupt_name(0));
    return hp_interrupt_exit_code();
}

int main(int argc, char **argv)
{
    if (std_fds_open() < 0)
        return HP_EXIT_FAIL; /* no /dev/null: nowhere to say so safely */
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
    return interrupted_exit(check_stdout(rc));
}
