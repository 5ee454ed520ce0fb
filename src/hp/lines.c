/* Walking a text line by line (see include/hp/util.h). */
#include <string.h>

#include "hp/util.h"

void hp_lines_init(struct hp_lines *l, const char *text, size_t len)
{
    l->p = text;
    l->end = text ? text + len : NULL;
    l->lineno = 0;
}

bool hp_lines_next(struct hp_lines *l, const char **s, const char **end)
{
    if (!l->p || l->p >= l->end)
        return false;
    const char *nl = memchr(l->p, '\n', (size_t)(l->end - l->p));
    *s = l->p;
    *end = nl ? nl : l->end;
    l->p = nl ? nl + 1 : l->end;
    l->lineno++;
    return true;
}
