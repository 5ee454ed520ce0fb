/* Signals recorded for a run of helm (see include/hp/interrupt.h). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

#include "hp/interrupt.h"
#include "hp/util.h"

static volatile sig_atomic_t first_signal;
static volatile sig_atomic_t caught;
static int wake_pipe[2] = {-1, -1};

static void on_signal(int sig)
{
    int saved = errno;
    if (sig != SIGCHLD) {
        if (!first_signal)
            first_signal = sig;
        if (caught < 1000)
            caught++;
    }
    unsigned char b = (unsigned char)sig;
    if (wake_pipe[1] >= 0 && write(wake_pipe[1], &b, 1) < 0) {
        /* pipe full: a wake-up is already pending, and the count above is what counts */
    }
    errno = saved;
}

void hp_interrupt_catch(void)
{
    if (wake_pipe[0] >= 0)
        return;
    if (pipe2(wake_pipe, O_CLOEXEC | O_NONBLOCK) < 0)
        wake_pipe[0] = wake_pipe[1] = -1; /* no wake-ups: pollers still look every 200 ms */
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_signal;
    sigfillset(&sa.sa_mask);
    /* SA_RESTART: a signal must not cut a read, write or waitpid elsewhere (poll still wakes:
     * it is never restarted) */
    sa.sa_flags = SA_RESTART;
    sigaction(SIGINT, &sa, NULL);
    sigaction(SIGTERM, &sa, NULL);
    /* under nohup SIGHUP is ignored on purpose: the run is to outlive the terminal. (SIGINT is
     * caught even where a shell ignores it for a background job: `kill -INT` of that job is
     * meant, as before) */
    struct sigaction hup;
    if (sigaction(SIGHUP, NULL, &hup) == 0 && hup.sa_handler != SIG_IGN)
        sigaction(SIGHUP, &sa, NULL);
    sa.sa_flags = SA_RESTART | SA_NOCLDSTOP;
    sigaction(SIGCHLD, &sa, NULL);
}

int hp_interrupt_signal(void) { return first_signal; }

unsigned hp_interrupt_count(void) { return (unsigned)caught; }

int hp_interrupt_fd(void) { return wake_pipe[0]; }

void hp_interrupt_drain(void)
{
    unsigned char b[64];
    while (wake_pipe[0] >= 0 && read(wake_pipe[0], b, sizeof b) > 0)
        ;
}

const char *hp_interrupt_name(int sig)
{
    switch (sig ? sig : first_signal) {
    case SIGINT: return "SIGINT";
    case SIGTERM: return "SIGTERM";
    case SIGHUP: return "SIGHUP";
    }
    return "a signal";
}

int hp_interrupt_exit_code(void)
{
    return first_signal ? 128 + first_signal : HP_EXIT_INTERRUPTED;
}
