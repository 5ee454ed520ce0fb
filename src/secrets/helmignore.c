/* .helmignore with helm's semantics (see include/secrets/helmignore.h). The glob matcher
 * follows Go's path/filepath.Match step by step (chunks split at '*', each star chunk placed at
 * its leftmost fit, no backtracking into earlier stars), because helm decides with it and a
 * "better" matcher would load a different set of files than helm does. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "hp/utf8.h"
#include "hp/util.h"
#include "secrets/helmignore.h"

/* One character of a [class]: itself or \-escaped. 0 on success, -1 on a malformed class. */
static int class_char(const char **chunk, const char *end, uint32_t *r)
{
    const char *c = *chunk;
    if (c >= end || *c == '-' || *c == ']')
        return -1;
    if (*c == '\\') {
        c++;
        if (c >= end)
            return -1;
    }
    size_t n;
    *r = hp_utf8_decode(c, (size_t)(end - c), &n);
    if (*r == HP_RUNE_ERROR && n == 1)
        return -1;
    c += n;
    if (c >= end) /* a class must be closed */
        return -1;
    *chunk = c;
    return 0;
}

/* Matches one star-free chunk against the start of s. Returns 1 and sets *rest on a match, 0
 * on none, -1 on a malformed chunk. Like Go, it keeps parsing the chunk after a mismatch so a
 * malformed pattern is reported whatever the name. */
static int match_chunk(const char *chunk, const char *cend, const char *s, const char *send, const char **rest)
{
    bool failed = false;
    while (chunk < cend) {
        if (!failed && s >= send)
            failed = true;
        switch (*chunk) {
        case '[': {
            uint32_t r = 0;
            if (!failed) {
                size_t n;
                r = hp_utf8_decode(s, (size_t)(send - s), &n);
                s += n;
            }
            chunk++;
            bool negated = false;
            if (chunk < cend && *chunk == '^') {
                negated = true;
                chunk++;
            }
            bool match = false;
            int nrange = 0;
            for (;;) {
                if (chunk < cend && *chunk == ']' && nrange > 0) {
                    chunk++;
                    break;
                }
                uint32_t lo, hi;
                if (class_char(&chunk, cend, &lo) < 0)
                    return -1;
                hi = lo;
                if (*chunk == '-') {
                    chunk++;
                    if (class_char(&chunk, cend, &hi) < 0)
                        return -1;
                }
                if (lo <= r && r <= hi)
                    match = true;
                nrange++;
            }
            if (match == negated)
                failed = true;
            break;
        }
        case '?':
            if (!failed) {
                if (*s == '/')
                    failed = true;
                size_t n;
                hp_utf8_decode(s, (size_t)(send - s), &n);
                s += n;
            }
            chunk++;
            break;
        case '\\':
            chunk++;
            if (chunk >= cend)
                return -1;
            __attribute__((fallthrough)); /* the escaped byte is a literal */
        default:
            if (!failed) {
                if (*chunk != *s)
                    failed = true;
                s++;
            }
            chunk++;
            break;
        }
    }
    if (failed)
        return 0;
    *rest = s;
    return 1;
}

/* Splits off the next chunk: leading stars (reported in *star), then up to the next '*'
 * outside a [class]. */
static const char *scan_chunk(const char *p, bool *star, const char **chunk_end)
{
    *star = false;
    while (*p == '*') {
        p++;
        *star = true;
    }
    bool inrange = false;
    const char *i = p;
    for (; *i; i++) {
        if (*i == '\\') {
            if (i[1])
                i++;
        } else if (*i == '[') {
            inrange = true;
        } else if (*i == ']') {
            inrange = false;
        } else if (*i == '*' && !inrange) {
            break;
        }
    }
    *chunk_end = i;
    return p;
}

int helmignore_glob_match(const char *pattern, const char *name)
{
    const char *p = pattern;
    const char *nend = name + strlen(name);
    while (*p) {
        bool star;
        const char *cend;
        const char *chunk = scan_chunk(p, &star, &cend);
        p = cend;
        if (star && chunk == cend) /* a trailing '*' takes the rest unless it holds a '/' */
            return strchr(name, '/') == NULL;
        const char *rest = NULL;
        int m = match_chunk(chunk, cend, name, nend, &rest);
        /* the last chunk must use up the name; otherwise a star may still place it later */
        if (m == 1 && (rest == nend || *p)) {
            name = rest;
            continue;
        }
        if (m < 0)
            return -1;
        if (star) {
            bool placed = false;
            for (const char *i = name; i < nend && *i != '/'; i++) {
                m = match_chunk(chunk, cend, i + 1, nend, &rest);
                if (m == 1) {
                    if (!*p && rest != nend)
                        continue;
                    name = rest;
                    placed = true;
                    break;
                }
                if (m < 0)
                    return -1;
            }
            if (placed)
                continue;
        }
        /* no match: the rest of the pattern must still be well formed */
        while (*p) {
            chunk = scan_chunk(p, &star, &cend);
            p = cend;
            if (match_chunk(chunk, cend, "", "", &rest) < 0)
                return -1;
        }
        return 0;
    }
    return name == nend;
}

enum rule_anchor { ANCHOR_ROOT, ANCHOR_PATH, ANCHOR_BASE };

struct rule {
    char *glob;
    enum rule_anchor anchor;
    bool negate, must_dir;
};

struct helmignore {
    struct rule *v;
    size_t n, cap;
};

/* Adds one line; 0 when it was added or skipped, -1 (with e set) when helm would refuse it. */
static int add_rule(struct helmignore *hi, const char *line, size_t len, const char *source, size_t lineno,
                    struct hp_error *e)
{
    /* Go's strings.TrimSpace: ASCII white space (and Unicode spaces, which charts don't use) */
    while (len && strchr(" \t\r\n\v\f", line[0]))
        line++, len--;
    while (len && strchr(" \t\r\n\v\f", line[len - 1]))
        len--;
    if (len == 0 || line[0] == '#')
        return 0;
    char *rule = hp_xstrndup(line, len);
    if (strlen(rule) != len) {
        free(rule);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: line %zu: NUL byte in pattern", source, lineno);
    }
    if (strstr(rule, "**")) {
        free(rule);
        return hp_error_set(e, HP_ERR_GENERIC, "%s: line %zu: double-star (**) syntax is not supported", source, lineno);
    }
    if (helmignore_glob_match(rule, "abc") < 0) {
        hp_error_set(e, HP_ERR_GENERIC, "%s: line %zu: syntax error in pattern \"%s\"", source, lineno, rule);
        free(rule);
        return -1;
    }
    struct rule r = {0};
    char *g = rule;
    if (*g == '!') {
        r.negate = true;
        g++;
    }
    size_t gl = strlen(g);
    if (gl && g[gl - 1] == '/') {
        r.must_dir = true;
        g[--gl] = 0;
    }
    if (*g == '/') {
        r.anchor = ANCHOR_ROOT;
        g++;
    } else if (strchr(g, '/')) {
        r.anchor = ANCHOR_PATH;
    } else {
        r.anchor = ANCHOR_BASE;
    }
    r.glob = hp_xstrdup(g);
    free(rule);
    if (hi->n == hi->cap) {
        hi->cap = hi->cap ? hi->cap * 2 : 8;
        hi->v = hp_xrealloc(hi->v, hi->cap * sizeof *hi->v);
    }
    hi->v[hi->n++] = r;
    return 0;
}

struct helmignore *helmignore_parse(const char *text, size_t len, const char *source, struct hp_error *e)
{
    struct helmignore *hi = hp_xcalloc(1, sizeof *hi);
    struct hp_lines lines;
    hp_lines_init(&lines, text, len);
    const char *p, *le;
    while (hp_lines_next(&lines, &p, &le)) {
        if (add_rule(hi, p, (size_t)(le - p), source, lines.lineno, e) < 0) {
            helmignore_free(hi);
            return NULL;
        }
    }
    /* helm's AddDefaults: dot files in templates/ are never templates */
    static const char def[] = "templates/.?*";
    add_rule(hi, def, sizeof def - 1, "(default)", 0, e);
    return hi;
}

static bool rule_matches(const struct rule *r, const char *path)
{
    const char *subject = path;
    if (r->anchor == ANCHOR_BASE) {
        const char *slash = strrchr(path, '/');
        if (slash)
            subject = slash + 1;
    }
    return helmignore_glob_match(r->glob, subject) == 1;
}

bool helmignore_ignores(const struct helmignore *hi, const char *path, bool is_dir)
{
    if (!*path || strcmp(path, ".") == 0 || strcmp(path, "./") == 0)
        return false;
    for (size_t i = 0; i < hi->n; i++) {
        const struct rule *r = &hi->v[i];
        if (r->negate) {
            /* helm: a negated rule ignores whatever it does not match (and every file when it
             * names directories), and otherwise lets the next rules decide */
            if (r->must_dir && !is_dir)
                return true;
            if (!rule_matches(r, path))
                return true;
            continue;
        }
        if (r->must_dir && !is_dir)
            continue;
        if (rule_matches(r, path))
            return true;
    }
    return false;
}

void helmignore_free(struct helmignore *hi)
{
    if (!hi)
        return;
    for (size_t i = 0; i < hi->n; i++)
        free(hi->v[i].glob);
    free(hi->v);
    free(hi);
}
