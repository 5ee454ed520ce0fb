#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "gitops/relpath.h"
#include "hp/buf.h"
#include "hp/util.h"

static int resolve(const char *p, char **out, struct hp_error *e)
{
    *out = realpath(p, NULL);
    if (!*out)
        return hp_error_set(e, HP_ERR_GENERIC, "%s: %s", p, strerror(errno));
    return 0;
}

/* Length of the common leading folder of two absolute resolved paths (at a '/' boundary). */
static size_t common_prefix(const char *a, const char *b)
{
    size_t last = 0, i = 0;
    for (; a[i] && a[i] == b[i]; i++)
        if (a[i] == '/')
            last = i;
    if ((a[i] == '\0' || a[i] == '/') && (b[i] == '\0' || b[i] == '/'))
        last = i;
    return last;
}

char *gitops_relpath_of(const char *base, const char *target)
{
    if (strcmp(base, target) == 0)
        return hp_xstrdup(".");
    size_t c = common_prefix(base, target);
    struct hp_buf b = {0};
    /* one ".." per folder of base below the common part */
    for (const char *p = base + c; *p; p++)
        if (*p == '/' && p[1] != '\0')
            hp_buf_append_str(&b, b.len ? "/.." : "..");
    const char *rest = target + c;
    if (*rest == '/')
        rest++;
    if (*rest) {
        if (b.len)
            hp_buf_append_str(&b, "/");
        hp_buf_append_str(&b, rest);
    }
    char *s = hp_xstrdup(hp_buf_cstr(&b));
    hp_buf_free(&b);
    return s;
}

int gitops_relpath(const char *base, const char *target, char **out, struct hp_error *e)
{
    char *rb, *rt;
    if (resolve(base, &rb, e) != 0)
        return -1;
    if (resolve(target, &rt, e) != 0) {
        free(rb);
        return -1;
    }
    *out = gitops_relpath_of(rb, rt);
    free(rb);
    free(rt);
    return 0;
}

bool gitops_relpath_is_outside(const char *rel)
{
    return strcmp(rel, "..") == 0 || hp_str_has_prefix(rel, "../");
}

int gitops_relpath_inside(const char *top, const char *target, char **out, struct hp_error *e)
{
    char *rel = NULL;
    if (gitops_relpath(top, target, &rel, e) != 0)
        return -1;
    if (gitops_relpath_is_outside(rel)) {
        free(rel);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: outside the repository %s (Argo CD can only fetch from the repository)",
                            target, top);
    }
    *out = rel;
    return 0;
}
