#include <string.h>

#include "gitops/errors.h"
#include "gitops/params.h"

static int push_part(const char *set, const char *p, size_t n, struct hp_strlist *out, struct hp_error *e)
{
    const char *eq = memchr(p, '=', n);
    if (!eq || eq == p)
        return hp_error_set(e, GITOPS_ERR_INPUT, "--set '%s': '%.*s' is not NAME=VALUE", set, (int)n, p);
    hp_strlist_push_own(out, hp_xstrndup(p, n));
    return 0;
}

int gitops_split_set(const char *set, struct hp_strlist *out, struct hp_error *e)
{
    const char *start = set;
    int depth = 0;
    for (const char *p = set;; p++) {
        if (*p == '\\' && p[1]) {
            p++; /* an escaped character, a comma included, stays in the part */
            continue;
        }
        if (*p == '{')
            depth++;
        else if (*p == '}' && depth > 0)
            depth--;
        if (*p == '\0' || (*p == ',' && depth == 0)) {
            if (push_part(set, start, (size_t)(p - start), out, e) != 0)
                return -1;
            if (*p == '\0')
                return 0;
            start = p + 1;
        }
    }
}
