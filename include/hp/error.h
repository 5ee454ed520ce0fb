/* A library error: a kind for callers (and tests) to branch on, and one line of text for
 * the user. Library code fills it and returns -1; commands print it and pick the exit code. */
#ifndef HP_ERROR_H
#define HP_ERROR_H

#include <stdbool.h>

#include "hp/error_kinds.h"

#define HP_ERROR_MSG_MAX 512

struct hp_error {
    int kind;                   /* a kind of hp/error_kinds.h's registry; 0 = no error */
    char msg[HP_ERROR_MSG_MAX]; /* one line, no trailing newline, no program prefix */
};

/* Sets kind and formats msg. Returns -1 so callers can write `return hp_error_set(...)`. */
int hp_error_set(struct hp_error *e, int kind, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
/* Prepends "prefix: " to an existing message (to add the file name at a higher layer). */
void hp_error_prefix(struct hp_error *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void hp_error_clear(struct hp_error *e);

#endif
