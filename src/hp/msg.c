/* User-facing messages: one prefix, one line each, on stderr. */
#include <stdio.h>
#include <stdlib.h>

#include "hp/util.h"

static bool debug_on;

void hp_set_debug(bool on) { debug_on = on; }
bool hp_debug_enabled(void) { return debug_on; }

static void vmsg(const char *level, const char *fmt, va_list ap)
{
    fprintf(stderr, "%s: %s", HP_PROG, level);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
}

void hp_errorf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("error: ", fmt, ap);
    va_end(ap);
}

void hp_warnf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vmsg("warning: ", fmt, ap);
    va_end(ap);
}

void hp_debugf(const char *fmt, ...)
{
    if (!debug_on)
        return;
    va_list ap;
    va_start(ap, fmt);
    vmsg("debug: ", fmt, ap);
    va_end(ap);
}
