/* Passphrases (age scrypt): from the terminal or from a file, into guarded memory. */
#ifndef KEYS_PASSPHRASE_H
#define KEYS_PASSPHRASE_H

#include "age/age.h"
#include "hp/buf.h"
#include "hp/error.h"

/* Asks "Enter passphrase for <ctx>: " on /dev/tty with echo off (never on stdin, which may
 * carry the file); ctx is the file's name (const char *). Fits
 * age_identities_set_passphrase_prompt. AGE_ERR_NO_MATCH without a terminal or an answer. */
int keys_passphrase_prompt(void *ctx, struct hp_secbuf *pass, struct hp_error *e);
/* The passphrase in path, without its final newline (LF or CRLF); an empty one is an error. */
int keys_passphrase_file_read(const char *path, struct hp_secbuf *pass, struct hp_error *e);

#endif
