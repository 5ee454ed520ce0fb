/* SIGINT, SIGTERM and SIGHUP while a command that runs helm is at work: recorded, never fatal
 * to us, so the run stops at its next step (no helm started after it, each running helm told
 * and waited for) and says what was and was not done, instead of dying half-way (helm, which
 * runs the plugin, turns a plugin killed by a signal into exit 255 and no word). A lost
 * terminal (SIGHUP) is taken as a Ctrl-C, unless SIGHUP is ignored (nohup).
 *
 * Commands that run no helm (secrets encrypt, decrypt, ...) do not call hp_interrupt_catch: a
 * Ctrl-C ends them at once, as it ends any filter. */
#ifndef HP_INTERRUPT_H
#define HP_INTERRUPT_H

/* Installs the handlers (and a SIGCHLD wake-up) for the rest of the process; idempotent. The
 * self-pipe they write to wakes a poll on hp_interrupt_fd. */
void hp_interrupt_catch(void);
/* The first signal caught (SIGINT, SIGTERM or SIGHUP), 0 if none. */
int hp_interrupt_signal(void);
/* How many of them were caught: a second one means "stop waiting". */
unsigned hp_interrupt_count(void);
/* The self-pipe's non-blocking read end (poll it, then hp_interrupt_drain), -1 before catch. */
int hp_interrupt_fd(void);
void hp_interrupt_drain(void);
/* "SIGINT", "SIGTERM", "SIGHUP" for sig (the first caught when 0). */
const char *hp_interrupt_name(int sig);
/* The exit status of a run stopped by the first signal: 128 + its number (130 SIGINT, 143
 * SIGTERM, 129 SIGHUP), as a shell reports a process the signal killed. */
int hp_interrupt_exit_code(void);

#endif
