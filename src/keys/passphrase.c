/* Passphrases for scrypt recipients and identities: asked on the terminal, or read from a file. */
#include <errno.h>
#include <fcntl.h>
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

/* Asks on the terminal with echo off (never on stdin, which may carry the file). */
int keys_passphrase_prompt(void *ctx, struct hp_secbuf *pass, struct hp_error *e)
{
    const char *name = ctx;
    int fd = open("/dev/tty", O_RDWR | O_CLOEXEC);
    if (fd < 0)
        return hp_error_set(e, AGE_ERR_NO_MATCH,
                            "%s is passphrase-encrypted and there is no terminal to ask on: use --passphrase-file", name);
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
    for (;;) {
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
