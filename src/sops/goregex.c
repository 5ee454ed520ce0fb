/* Go's regexp and POSIX ERE agree on what SOPS rules use (anchors, groups, alternation,
 * classes) except on line breaks: a key spanning lines ("a\nb" is a valid YAML key) must be
 * matched by `^alpha.*$` exactly when sops matches it, or the two tools encrypt different
 * values and each calls the other's file a MAC mismatch. */
#include <stdlib.h>
#include <string.h>

#include "hp/util.h"
#include "sops/goregex.h"

/* Length of the bracket expression at p ("[...]"), 0 when it does not close. */
static size_t bracket_len(const char *p)
{
    size_t i = 1;
    if (p[i] == '^')
        i++;
    if (p[i] == ']') /* a "]" first is a literal */
        i++;
    while (p[i] && p[i] != ']') {
        if (p[i] == '[' && (p[i + 1] == ':' || p[i + 1] == '.' || p[i + 1] == '=')) {
            /* [:alpha:], [.x.], [=e=]: ends at the same character followed by ']' */
            const char *end = strchr(p + i + 2, ']');
            while (end && end[-1] != p[i + 1])
                end = strchr(end + 1, ']');
            if (!end)
                return 0;
            i = (size_t)(end - p) + 1;
            continue;
        }
        i++;
    }
    return p[i] == ']' ? i + 1 : 0;
}

int sops_goregex_compile(regex_t *re, const char *pattern)
{
    size_t n = strlen(pattern);
    char *out = hp_xmalloc(n * 5 + 1); /* each "." becomes "[^\n]" */
    size_t o = 0;
    for (size_t i = 0; i < n;) {
        size_t b;
        if (pattern[i] == '\\' && i + 1 < n) {
            memcpy(out + o, pattern + i, 2);
            o += 2, i += 2;
        } else if (pattern[i] == '[' && (b = bracket_len(pattern + i)) > 0) {
            memcpy(out + o, pattern + i, b);
            o += b, i += b;
        } else if (pattern[i] == '.') {
            memcpy(out + o, "[^\n]", 4);
            o += 4, i++;
        } else {
            out[o++] = pattern[i++];
        }
    }
    out[o] = '\0';
    int rc = regcomp(re, out, REG_EXTENDED | REG_NOSUB);
    free(out);
    return rc;
}
