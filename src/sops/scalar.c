/* Go-compatible scalar typing and number formatting. sops computes its MAC over values as Go
 * formats them, so a file we write verifies in sops only if these match Go byte for byte. */
#include <ctype.h>
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sops/scalar.h"

static bool eq(const char *s, size_t len, const char *lit)
{
    return strlen(lit) == len && memcmp(s, lit, len) == 0;
}

static bool any_of(const char *s, size_t len, const char *const *lits)
{
    for (size_t i = 0; lits[i]; i++)
        if (eq(s, len, lits[i]))
            return true;
    return false;
}

/* Copies s without '_' into buf (cap bytes, NUL included); false when too long or empty. */
static bool strip_underscores(const char *s, size_t len, char *buf, size_t cap)
{
    size_t j = 0;
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '_')
            continue;
        if (j + 1 >= cap)
            return false;
        buf[j++] = s[i];
    }
    buf[j] = 0;
    return j > 0;
}

/* The base Go's strconv picks for base 0 (0x, 0o, 0b, or a leading 0 for octal; else 10),
 * moving *p past the prefix. */
static int int_base(const char **p)
{
    const char *s = *p;
    if (s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
        return *p += 2, 16;
    if (s[0] == '0' && (s[1] == 'o' || s[1] == 'O'))
        return *p += 2, 8;
    if (s[0] == '0' && (s[1] == 'b' || s[1] == 'B'))
        return *p += 2, 2;
    if (s[0] == '0' && s[1])
        return *p += 1, 8;
    return 10;
}

bool sops_parse_int(const char *s, size_t len, long long *v)
{
    char buf[72];
    if (!strip_underscores(s, len, buf, sizeof buf))
        return false;
    const char *p = buf;
    bool neg = false;
    if (*p == '+' || *p == '-')
        neg = *p++ == '-';
    int base = int_base(&p);
    if (!*p)
        return false;
    for (const char *q = p; *q; q++) {
        int d = isdigit((unsigned char)*q) ? *q - '0' : isxdigit((unsigned char)*q) ? tolower(*q) - 'a' + 10 : 99;
        if (d >= base)
            return false;
    }
    errno = 0;
    char *end;
    unsigned long long u = strtoull(p, &end, base);
    if (errno || *end)
        return false;
    if (neg) {
        if (u > (unsigned long long)LLONG_MAX + 1)
            return false;
        *v = u == (unsigned long long)LLONG_MAX + 1 ? LLONG_MIN : -(long long)u;
    } else {
        if (u > (unsigned long long)LLONG_MAX)
            return false;
        *v = (long long)u;
    }
    return true;
}

/* yaml.v3's float syntax: [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? */
static bool yaml_float_syntax(const char *p)
{
    if (*p == '+' || *p == '-')
        p++;
    if (*p == '.') {
        p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    } else {
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
        if (*p == '.') {
            p++;
            while (isdigit((unsigned char)*p))
                p++;
        }
    }
    if (*p == 'e' || *p == 'E') {
        p++;
        if (*p == '+' || *p == '-')
            p++;
        if (!isdigit((unsigned char)*p))
            return false;
        while (isdigit((unsigned char)*p))
            p++;
    }
    return *p == 0;
}

bool sops_parse_float(const char *s, size_t len, double *v)
{
    static const char *const pinf[] = {".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF", NULL};
    static const char *const ninf[] = {"-.inf", "-.Inf", "-.INF", NULL};
    static const char *const nan_[] = {".nan", ".NaN", ".NAN", NULL};
    if (any_of(s, len, pinf))
        return *v = INFINITY, true;
    if (any_of(s, len, ninf))
        return *v = -INFINITY, true;
    if (any_of(s, len, nan_))
        return *v = NAN, true;
    char buf[400];
    if (len >= sizeof buf || !strip_underscores(s, len, buf, sizeof buf) || !yaml_float_syntax(buf))
        return false;
    errno = 0;
    char *end;
    *v = strtod(buf, &end);
    return *end == 0 && errno != ERANGE;
}

bool sops_parse_go_bool(const char *s, size_t len, bool *v)
{
    static const char *const t[] = {"1", "t", "T", "TRUE", "true", "True", NULL};
    static const char *const f[] = {"0", "f", "F", "FALSE", "false", "False", NULL};
    if (any_of(s, len, t))
        return *v = true, true;
    if (any_of(s, len, f))
        return *v = false, true;
    return false;
}

static bool looks_like_timestamp(const char *s, size_t len)
{
    size_t i = 0, n;
    for (n = 0; i < len && isdigit((unsigned char)s[i]); i++, n++)
        ;
    if (n != 4 || i >= len || s[i++] != '-')
        return false;
    for (n = 0; i < len && isdigit((unsigned char)s[i]); i++, n++)
        ;
    if (n < 1 || n > 2 || i >= len || s[i++] != '-')
        return false;
    for (n = 0; i < len && isdigit((unsigned char)s[i]); i++, n++)
        ;
    if (n < 1 || n > 2)
        return false;
    return i == len || s[i] == 'T' || s[i] == 't' || s[i] == ' ';
}

/* n digits (lo..hi of them) at s[*i], value to *v */
static bool digits(const char *s, size_t len, size_t *i, int lo, int hi, int *v)
{
    int n = 0;
    *v = 0;
    while (*i < len && n < hi && isdigit((unsigned char)s[*i])) {
        *v = *v * 10 + (s[*i] - '0');
        (*i)++, n++;
    }
    return n >= lo && !(*i < len && n == hi && isdigit((unsigned char)s[*i]));
}

bool sops_time_rfc3339(const char *s, size_t len, char *out, size_t cap)
{
    static const int mdays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    size_t i = 0;
    int y, mo, d, h = 0, mi = 0, sec = 0, off = 0;
    char frac[10] = "";
    bool zone = false;
    if (!digits(s, len, &i, 4, 4, &y) || i >= len || s[i++] != '-' || !digits(s, len, &i, 1, 2, &mo) || i >= len ||
        s[i++] != '-' || !digits(s, len, &i, 1, 2, &d))
        return false;
    if (i < len) {
        char sep = s[i++];
        if (sep != 'T' && sep != 't' && sep != ' ')
            return false;
        if (!digits(s, len, &i, 1, 2, &h) || i >= len || s[i++] != ':' || !digits(s, len, &i, 1, 2, &mi) ||
            i >= len || s[i++] != ':' || !digits(s, len, &i, 1, 2, &sec))
            return false;
        if (i < len && (s[i] == '.' || s[i] == ',')) { /* Go takes a fraction after seconds */
            size_t n = 0;
            for (i++; i < len && isdigit((unsigned char)s[i]); i++)
                if (n < 9)
                    frac[n++] = s[i];
            if (n == 0)
                return false;
            frac[n] = 0;
        }
        if (sep != ' ') { /* Z07:00 */
            if (i < len && s[i] == 'Z') {
                i++;
            } else if (i < len && (s[i] == '+' || s[i] == '-')) {
                int sign = s[i++] == '-' ? -1 : 1, oh, om;
                if (!digits(s, len, &i, 2, 2, &oh) || i >= len || s[i++] != ':' || !digits(s, len, &i, 2, 2, &om) ||
                    oh > 24 || om > 59)
                    return false;
                off = sign * (oh * 60 + om);
            } else {
                return false;
            }
            zone = true;
        }
        if (i != len)
            return false;
    }
    (void)zone;
    bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    if (mo < 1 || mo > 12 || d < 1 || d > mdays[mo - 1] + (mo == 2 && leap) || h > 23 || mi > 59 || sec > 59)
        return false;
    size_t fl = strlen(frac);
    while (fl && frac[fl - 1] == '0')
        frac[--fl] = 0;
    char z[8] = "Z";
    if (off)
        snprintf(z, sizeof z, "%c%02d:%02d", off < 0 ? '-' : '+', abs(off) / 60, abs(off) % 60);
    int n = snprintf(out, cap, "%04d-%02d-%02dT%02d:%02d:%02d%s%s%s", y, mo, d, h, mi, sec, fl ? "." : "", frac, z);
    return n > 0 && (size_t)n < cap;
}

bool sops_yaml_is_uint64(const char *s, size_t len)
{
    char buf[96];
    long long ll;
    if (len == 0 || len >= sizeof buf || sops_parse_int(s, len, &ll) || !strip_underscores(s, len, buf, sizeof buf))
        return false;
    /* strconv.ParseUint(s, 0, 64): no sign; 0x, 0o, 0b or a leading 0 pick the base */
    const char *p = buf;
    int base = int_base(&p);
    if (!*p || !isalnum((unsigned char)*p))
        return false;
    char *end;
    errno = 0;
    (void)strtoull(p, &end, base);
    return *end == 0 && errno != ERANGE;
}

enum sops_resolved sops_yaml_resolve(const char *s, size_t len)
{
    static const char *const nulls[] = {"", "~", "null", "Null", "NULL", NULL};
    static const char *const bools[] = {"true", "True", "TRUE", "false", "False", "FALSE", NULL};
    if (any_of(s, len, nulls))
        return SOPS_RESOLVE_NULL;
    if (any_of(s, len, bools))
        return SOPS_RESOLVE_BOOL;
    char c = s[0];
    if (!(isdigit((unsigned char)c) || c == '-' || c == '+' || c == '.'))
        return SOPS_RESOLVE_STR;
    double d;
    long long ll;
    if (c == '.' || (len > 1 && s[1] == '.')) {
        if (sops_parse_float(s, len, &d))
            return SOPS_RESOLVE_FLOAT;
    }
    char tbuf[64];
    if (looks_like_timestamp(s, len) && sops_time_rfc3339(s, len, tbuf, sizeof tbuf))
        return SOPS_RESOLVE_TIME; /* else yaml.v3 goes on: int, float, string */
    if (sops_parse_int(s, len, &ll))
        return SOPS_RESOLVE_INT;
    if (sops_parse_float(s, len, &d))
        return SOPS_RESOLVE_FLOAT;
    return SOPS_RESOLVE_STR;
}

/* Shortest decimal digits that read back as f (|f| finite, > 0): digits in dig, decimal
 * exponent such that f = 0.d1d2... x 10^dp. */
static void shortest_digits(double f, char *dig, int *nd, int *dp)
{
    char buf[40];
    for (int prec = 1; prec <= 17; prec++) {
        snprintf(buf, sizeof buf, "%.*e", prec - 1, f);
        if (strtod(buf, NULL) == f || prec == 17)
            break;
    }
    /* buf: d.ddde[+-]XX */
    int n = 0;
    char *p = buf;
    for (; *p && *p != 'e'; p++)
        if (isdigit((unsigned char)*p))
            dig[n++] = *p;
    int exp10 = atoi(p + 1);
    while (n > 1 && dig[n - 1] == '0')
        n--;
    dig[n] = 0;
    *nd = n;
    *dp = exp10 + 1;
}

static void fmt_f(char *out, size_t cap, bool neg, const char *dig, int nd, int dp)
{
    char buf[400];
    size_t j = 0;
    if (neg)
        buf[j++] = '-';
    if (dp <= 0) {
        buf[j++] = '0';
    } else {
        for (int i = 0; i < dp && j < sizeof buf - 2; i++)
            buf[j++] = i < nd ? dig[i] : '0';
    }
    if (nd > dp) {
        buf[j++] = '.';
        for (int i = dp; i < nd && j < sizeof buf - 2; i++)
            buf[j++] = i < 0 ? '0' : dig[i];
    }
    buf[j] = 0;
    snprintf(out, cap, "%s", buf);
}

static void fmt_e(char *out, size_t cap, bool neg, const char *dig, int nd, int dp)
{
    int exp10 = dp - 1;
    snprintf(out, cap, "%s%c%s%.*se%c%02d", neg ? "-" : "", dig[0], nd > 1 ? "." : "", nd - 1, dig + 1,
             exp10 < 0 ? '-' : '+', exp10 < 0 ? -exp10 : exp10);
}

void sops_go_format_float(double f, char fmt, char *out, size_t cap)
{
    if (isnan(f)) {
        snprintf(out, cap, "NaN");
        return;
    }
    if (isinf(f)) {
        snprintf(out, cap, f > 0 ? "+Inf" : "-Inf");
        return;
    }
    bool neg = signbit(f);
    char dig[24] = "0";
    int nd = 1, dp = 1;
    if (f != 0)
        shortest_digits(fabs(f), dig, &nd, &dp);
    if (fmt == 'e' || (fmt == 'g' && f != 0 && (dp - 1 < -4 || dp - 1 >= 6))) {
        fmt_e(out, cap, neg, dig, nd, dp);
        return;
    }
    if (fmt == 'g' && f == 0) {
        snprintf(out, cap, neg ? "-0" : "0");
        return;
    }
    fmt_f(out, cap, neg, dig, nd, f == 0 ? 1 : dp);
}

void sops_json_format_float(double f, char *out, size_t cap)
{
    double a = fabs(f);
    if (a != 0 && (a < 1e-6 || a >= 1e21)) {
        sops_go_format_float(f, 'e', out, cap);
        /* encoding/json writes e-09 as e-9 */
        size_t n = strlen(out);
        if (n >= 4 && out[n - 4] == 'e' && out[n - 3] == '-' && out[n - 2] == '0') {
            out[n - 2] = out[n - 1];
            out[n - 1] = 0;
        }
        return;
    }
    sops_go_format_float(f, 'f', out, cap);
}

int sops_scalar_canonical(const struct sops_node *n, struct hp_secbuf *out, const char **type_out)
{
    char buf[400];
    switch (n->type) {
    case SOPS_T_INT: {
        long long v;
        if (!sops_parse_int(n->text, n->len, &v))
            return -1;
        snprintf(buf, sizeof buf, "%lld", v);
        hp_secbuf_append(out, buf, strlen(buf));
        *type_out = "int";
        return 0;
    }
    case SOPS_T_FLOAT: {
        double d;
        if (!sops_parse_float(n->text, n->len, &d) && sscanf(n->text, "%lf", &d) != 1)
            return -1;
        sops_go_format_float(d, 'f', buf, sizeof buf);
        hp_secbuf_append(out, buf, strlen(buf));
        *type_out = "float";
        return 0;
    }
    case SOPS_T_BOOL: {
        bool b = false;
        (void)sops_parse_go_bool(n->text, n->len, &b);
        hp_secbuf_append(out, b ? "True" : "False", b ? 4 : 5);
        *type_out = "bool";
        return 0;
    }
    case SOPS_T_BYTES:
        hp_secbuf_append(out, n->text, n->len);
        *type_out = "bytes";
        return 0;
    case SOPS_T_TIME: /* the text is already MarshalText's */
        hp_secbuf_append(out, n->text, n->len);
        *type_out = "time";
        return 0;
    case SOPS_T_NULL:
        *type_out = NULL;
        return 0;
    case SOPS_T_STR:
    default:
        hp_secbuf_append(out, n->text, n->len);
        *type_out = "str";
        return 0;
    }
}
