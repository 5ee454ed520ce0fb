/* Passphrases for scrypt recipients and identities: asked on the terminal, or read from a file. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <sodium.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>

#include "hp/file.h"
#include "hp/util.h"
#include "keys/passphrase.h"

static void strip_newline(struct hp_secbuf *b)
{
    if (b->len && b->data[b->len - 1] == '\n')
        b->len--;
    if (b->len && b->data[b->len - 1] == '\r')
        b->len--;
}

/* A Ctrl-C (or SIGTERM, SIGHUP) while the terminal's echo is off: noted here, so that the
 * prompt gives the terminal its echo back before the signal does what it did before (a process
 * that died with echo off leaves the operator's shell typing blind). */
static const int prompt_signals[] = {SIGINT, SIGTERM, SIGHUP};
#define N_PROMPT_SIGNALS (sizeof prompt_signals / sizeof prompt_signals[0])
static volatile sig_atomic_t prompt_signal;

static void on_prompt_signal(int sig)
{
    prompt_signal = sig;
}

/* The prompt's handlers, without SA_RESTART so that the read returns; the previous ones kept. A
 * signal ignored before (nohup) stays ignored. */
static void catch_prompt_signals(struct sigaction old[N_PROMPT_SIGNALS])
{
    prompt_signal = 0;
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_handler = on_prompt_signal;
    sigemptyset(&sa.sa_mask);
    for (size_t i = 0; i < N_PROMPT_SIGNALS; i++) {
        sigaction(prompt_signals[i], NULL, &old[i]);
        if (old[i].sa_handler != SIG_IGN)
            sigaction(prompt_signals[i], &sa, NULL);
    }
}

static void restore_prompt_signals(const struct sigaction old[N_PROMPT_SIGNALS])
{
    for (size_t i = 0; i < N_PROMPT_SIGNALS; i++)
        sigaction(prompt_signals[i], &old[i], NULL);
}

/* Asks on the terminal with echo off (never on stdin, which may carry the file). */
int keys_passphrase_prompt(void *ctx, struct hp_secbuf *pass, struct hp_error *e)
{
    const char *name = ctx;
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return hp_error_set(e, AGE_ERR_NO_MATCH,
                            "%s is passphrase-encrypted and there is no terminal to ask on: use --passphrase-file", name);
    struct sigaction old_sa[N_PROMPT_SIGNALS];
    catch_prompt_signals(old_sa);
    struct termios old, noecho;
    bool restore = tcgetattr(fd, &old) == 0;
    if (restore) {
        noecho = old;
        noecho.c_lflag &= (tcflag_t)~ECHO;
        tcsetattr(fd, TCSAFLUSH, &noecho);
    }
    char *msg = hp_xasprintf("Enter passphrase for %s: ", name);
    if (write(fd, msg, strlen(msg)) < 0) { /* best effort: the read below still works */
    }
    free(msg);
    int rc = 0;
    while (!prompt_signal) {
        unsigned char c;
        ssize_t r = read(fd, &c, 1);
        if (r < 0 && errno == EINTR)
            continue;
        if (r <= 0 || c == '\n')
            break;
        hp_secbuf_append(pass, &c, 1);
        sodium_memzero(&c, 1);
    }
    if (restore)
        tcsetattr(fd, TCSAFLUSH, &old);
    if (write(fd, "\n", 1) < 0) {
    }
    close(fd);
    restore_prompt_signals(old_sa);
    if (prompt_signal) {
        hp_secbuf_free(pass);
        raise(prompt_signal); /* now with the handler it had: the process ends as it would have */
        return hp_error_set(e, AGE_ERR_NO_MATCH, "interrupted at the passphrase prompt");
    }
    strip_newline(pass);
    if (pass->len == 0)
        rc = hp_error_set(e, AGE_ERR_NO_MATCH, "no passphrase entered");
    return rc;
}

int keys_passphrase_file_read(const char *path, struct hp_secbuf *pass, struct hp_error *e)
{
    if (hp_file_read_secret(path, pass, e) < 0)
        return -1;
    strip_newline(pass);
    if (pass->len == 0)
        return hp_error_set(e, AGE_ERR_KEY, "%s: the passphrase file is empty", path);
    return 0;
}
