#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "hp/util.h"

void hp_strlist_push_own(struct hp_strlist *l, char *s)
{
    /* one spare slot keeps the array NULL-terminated for exec */
    if (l->n + 2 > l->cap) {
        l->cap = l->cap ? l->cap * 2 : 8;
        l->v = hp_xrealloc(l->v, l->cap * sizeof *l->v);
    }
    l->v[l->n++] = s;
    l->v[l->n] = NULL;
}

void hp_strlist_push(struct hp_strlist *l, const char *s) { hp_strlist_push_own(l, hp_xstrdup(s)); }

void hp_strlist_pushf(struct hp_strlist *l, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    hp_strlist_push_own(l, hp_xvasprintf(fmt, ap));
    va_end(ap);
}

bool hp_strlist_contains(const struct hp_strlist *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (strcmp(l->v[i], s) == 0)
            return true;
    return false;
}

void hp_strlist_split_append(struct hp_strlist *l, const char *csv)
{
    const char *p = csv;
    while (*p) {
        const char *comma = strchr(p, ',');
        size_t n = comma ? (size_t)(comma - p) : strlen(p);
        if (n)
            hp_strlist_push_own(l, hp_xstrndup(p, n));
        p += n;
        if (*p == ',')
            p++;
    }
}

char **hp_strlist_argv(struct hp_strlist *l)
{
    if (!l->v) {
        l->cap = 8;
        l->v = hp_xcalloc(l->cap, sizeof *l->v);
    }
    return l->v;
}

void hp_strlist_free(struct hp_strlist *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = l->cap = 0;
}
