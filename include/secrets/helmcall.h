/* Runs one helm command for the secrets commands and waits for it, forwarding SIGINT/SIGTERM
 * to it, so the caller always gets control back to wipe its in-memory files. The descriptors
 * of the memfiles named on helm's command line are inherited (they are not close-on-exec).
 * A stand-in until the orchestrator's runner (branch deploy) takes per-release descriptors. */
#ifndef SECRETS_HELMCALL_H
#define SECRETS_HELMCALL_H

#include "hp/error.h"
#include "hp/util.h"

struct helmcall_result {
    int exit_code;   /* helm's exit status, or 128+signal */
    int interrupted; /* the signal we received and forwarded (SIGINT, SIGTERM), or 0 */
};

/* argv[0] is the helm binary to run. Returns -1 (e set) only when helm could not be started. */
int helmcall_run(char *const argv[], struct helmcall_result *res, struct hp_error *e);

/* Runs argv quietly (stdout and stderr to /dev/null) and returns its exit status, or -1. */
int helmcall_quiet(char *const argv[]);

#endif
