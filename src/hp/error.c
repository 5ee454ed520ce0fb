#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "hp/error.h"

int hp_error_set(struct hp_error *e, int kind, const char *fmt, ...)
{
    if (!e)
        return -1;
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(e->msg, sizeof e->msg, fmt, ap);
    va_end(ap);
    e->kind = kind;
    /* messages are single lines by contract: fold any newline a cause brought in */
    for (char *p = e->msg; *p; p++)
        if (*p == '\n' || *p == '\r')
            *p = ' ';
    return -1;
}

void hp_error_prefix(struct hp_error *e, const char *fmt, ...)
{
    if (!e)
        return;
    char prefix[HP_ERROR_MSG_MAX], old[HP_ERROR_MSG_MAX];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(prefix, sizeof prefix, fmt, ap);
    va_end(ap);
    memcpy(old, e->msg, sizeof old);
    snprintf(e->msg, sizeof e->msg, "%s: %s", prefix, old);
}

void hp_error_clear(struct hp_error *e)
{
    if (!e)
        return;
    e->kind = 0;
    e->msg[0] = 0;
}
