/* Which exit code an error means: decided once for every command, from the registry of
 * kinds (hp/error_kinds.h). */
#ifndef CLI_EXIT_H
#define CLI_EXIT_H

#include "hp/error.h"

/* The exit code for a failure of kind e->kind: HP_EXIT_USAGE (2) for a wrong command line,
 * deployment tree or configuration (nothing was run), 128 + the signal for an interruption
 * (130 SIGINT, 143 SIGTERM, 129 SIGHUP: hp_interrupt_exit_code), HP_EXIT_FAIL (1) for work that failed (a write, a helm that failed). A kind that
 * means either, depending on what the command was doing (the generic kind, a file that does
 * not decrypt), gets `otherwise`: HP_EXIT_USAGE while a command reads its inputs and plans,
 * HP_EXIT_FAIL once it works. */
int hp_exit_code(const struct hp_error *e, int otherwise);

#endif
