/* The one rule for quoting strings in the YAML we write (see include/hp/yaml_scalar.h).
 * Written as small scanners rather than regular expressions: the text is often a decrypted
 * secret, and a scanner reads it in place where regexec may copy it into its own buffers. */
#include <string.h>

#include "hp/yaml_scalar.h"

struct scan {
    const char *p, *end;
};

static bool at_end(const struct scan *c) { return c->p == c->end; }
static bool peek_is(const struct scan *c, char ch) { return c->p < c->end && *c->p == ch; }

static bool take(struct scan *c, char ch)
{
    if (!peek_is(c, ch))
        return false;
    c->p++;
    return true;
}

static bool is_digit(char ch) { return ch >= '0' && ch <= '9'; }

static char lower(char ch) { return ch >= 'A' && ch <= 'Z' ? (char)(ch - 'A' + 'a') : ch; }

/* Skips characters of `set` and '_' (YAML 1.1 and Go allow '_' between digits); returns how
 * many of them were real digits. */
static size_t digits_in(struct scan *c, const char *set)
{
    size_t n = 0;
    for (; c->p < c->end && (*c->p == '_' || (*c->p && strchr(set, lower(*c->p)))); c->p++)
        n += *c->p != '_';
    return n;
}

static bool eq_nocase(const char *s, size_t len, const char *word)
{
    if (strlen(word) != len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (lower(s[i]) != word[i])
            return false;
    return true;
}

/* null, the booleans of YAML 1.1 and 1.2 in any case, the 1.1 merge and value keys. */
static bool is_word(const char *s, size_t len)
{
    static const char *const words[] = {"~",   "null", "y",    "n",     "yes", "no", "on",
                                        "off", "true", "false", "<<",   "=",   NULL};
    for (size_t i = 0; words[i]; i++)
        if (eq_nocase(s, len, words[i]))
            return true;
    return false;
}

/* [-+]?.inf and [-+]?.nan in any case (YAML 1.2 allows no sign on .nan; quoting it anyway). */
static bool is_special_float(const char *s, size_t len)
{
    if (len && (*s == '+' || *s == '-'))
        s++, len--;
    return eq_nocase(s, len, ".inf") || eq_nocase(s, len, ".nan");
}

/* YAML 1.1 timestamps and Go's: 2001-12-14, 2001-1-2, then the end or a time after T, t or a
 * blank. The time part is not checked: such a date-led string is quoted either way. */
static bool is_timestamp(const char *s, size_t len)
{
    struct scan c = {s, s + len};
    size_t n = 0;
    while (!at_end(&c) && is_digit(*c.p) && n < 5)
        c.p++, n++;
    if (n != 4 || !take(&c, '-'))
        return false;
    for (int part = 0; part < 2; part++) {
        for (n = 0; !at_end(&c) && is_digit(*c.p); c.p++)
            n++;
        if (n < 1 || n > 2 || (part == 0 && !take(&c, '-')))
            return false;
    }
    return at_end(&c) || *c.p == 'T' || *c.p == 't' || *c.p == ' ' || *c.p == '\t';
}

/* 0x.., 0o.., 0b.. with '_' anywhere after the prefix (1.2 core, 1.1, Go's ParseInt); even
 * "0x_" alone, which node's yaml in 1.1 mode reads as NaN. */
static bool is_prefixed_int(struct scan c)
{
    static const char *const prefixes[][2] = {{"x", "0123456789abcdef"}, {"o", "01234567"}, {"b", "01"}};
    if (!take(&c, '0') || at_end(&c))
        return false;
    for (size_t i = 0; i < sizeof prefixes / sizeof prefixes[0]; i++)
        if (lower(*c.p) == prefixes[i][0][0]) {
            const char *body = ++c.p;
            digits_in(&c, prefixes[i][1]);
            return c.p > body && at_end(&c);
        }
    return false;
}

/* YAML 1.1 sexagesimal after the leading digits: (:[0-5]?[0-9])+ then an optional
 * fraction (1:20 is 80, 1:20.5 is 80.5). */
static bool is_sexagesimal_tail(struct scan c)
{
    int groups = 0;
    while (take(&c, ':')) {
        size_t n = 0;
        const char *start = c.p;
        while (!at_end(&c) && is_digit(*c.p) && n < 2)
            c.p++, n++;
        if (n == 0 || (n == 2 && *start > '5'))
            return false;
        groups++;
    }
    if (groups == 0)
        return false;
    if (take(&c, '.'))
        digits_in(&c, "0123456789");
    return at_end(&c);
}

/* Decimal integers and floats as any of the readers take them: digits (with '_' as 1.1 and
 * Go allow), an optional fraction, an optional exponent with or without a sign (1e5 in 1.2,
 * 1.0e+5 in 1.1); or a sexagesimal number. The mantissa may even be empty when a dot or an
 * exponent follows: node's yaml in 1.1 mode reads ".", "+." and "e5" as NaN. */
static bool is_decimal(struct scan c)
{
    const char *start = c.p;
    size_t whole = digits_in(&c, "0123456789");
    if (whole && peek_is(&c, ':'))
        return is_sexagesimal_tail(c);
    bool dot = take(&c, '.');
    if (dot)
        digits_in(&c, "0123456789");
    if (!at_end(&c) && lower(*c.p) == 'e') {
        c.p++;
        if (!take(&c, '+'))
            take(&c, '-');
        if (digits_in(&c, "0123456789") == 0)
            return false;
        return at_end(&c);
    }
    return at_end(&c) && (whole || dot) && c.p > start;
}

static bool is_number(const char *s, size_t len)
{
    struct scan c = {s, s + len};
    if (!take(&c, '+'))
        take(&c, '-');
    return is_prefixed_int(c) || is_decimal(c);
}

bool hp_yaml_would_resolve_to_non_string(const char *s, size_t len)
{
    if (len == 0 || is_word(s, len) || is_special_float(s, len))
        return true;
    /* every numeric or date form starts with a digit, a sign or a dot; or an exponent
     * (node's yaml 1.1 reads "e5" as NaN) */
    if (!is_digit(s[0]) && s[0] != '+' && s[0] != '-' && s[0] != '.' && s[0] != 'e' && s[0] != 'E')
        return false;
    return is_timestamp(s, len) || is_number(s, len);
}
