/* Allocation wrappers: a CLI has nothing sensible to do when memory runs out. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "hp/util.h"

static void oom(void)
{
    fputs(HP_PROG ": error: out of memory\n", stderr);
    abort();
}

void *hp_xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p)
        oom();
    return p;
}

void *hp_xcalloc(size_t n, size_t size)
{
    void *p = calloc(n ? n : 1, size ? size : 1);
    if (!p)
        oom();
    return p;
}

void *hp_xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (!q)
        oom();
    return q;
}

char *hp_xstrdup(const char *s)
{
    char *p = strdup(s);
    if (!p)
        oom();
    return p;
}

char *hp_xstrndup(const char *s, size_t n)
{
    /* n == 0: s may be the NULL data of an empty hp_buf (helm printed nothing) */
    char *p = n ? strndup(s, n) : strdup("");
    if (!p)
        oom();
    return p;
}

char *hp_xvasprintf(const char *fmt, va_list ap)
{
    char *out;
    if (vasprintf(&out, fmt, ap) < 0)
        oom();
    return out;
}

char *hp_xasprintf(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char *out = hp_xvasprintf(fmt, ap);
    va_end(ap);
    return out;
}

bool hp_str_has_prefix(const char *s, const char *prefix)
{
    return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool hp_str_has_suffix(const char *s, const char *suffix)
{
    size_t ls = strlen(s), lx = strlen(suffix);
    return ls >= lx && memcmp(s + ls - lx, suffix, lx) == 0;
}
