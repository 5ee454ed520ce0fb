/* OCI chart references, versions and the `charts:` settings (see include/deploy/config/oci.h; the
 * pulled packages are oci_package.c). */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/oci.h"
#include "deploy/config/errors.h"

bool deploy_oci_is_ref(const char *s) { return s && hp_str_has_prefix(s, DEPLOY_OCI_SCHEME); }

static bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* One OCI repository name component: [a-z0-9]+((\.|_|__|-+)[a-z0-9]+)* */
static bool name_component_valid(const char *p, size_t n)
{
    size_t i = 0;
    if (n == 0 || !lower_alnum(p[0]))
        return false;
    while (i < n) {
        while (i < n && lower_alnum(p[i]))
            i++;
        if (i == n)
            return true;
        if (p[i] == '.') {
            i++;
        } else if (p[i] == '_') {
            i++;
            if (i < n && p[i] == '_')
                i++;
        } else if (p[i] == '-') {
            while (i < n && p[i] == '-')
                i++;
        } else {
            return false;
        }
        if (i == n || !lower_alnum(p[i]))
            return false;
    }
    return true;
}

/* host[:port]: DNS labels of letters, digits and '-', dot-separated; a port of 1-65535. */
static bool host_valid(const char *p, size_t n, char *why, size_t why_len)
{
    const char *colon = memchr(p, ':', n);
    size_t hn = colon ? (size_t)(colon - p) : n;
    if (hn == 0) {
        snprintf(why, why_len, "no registry host after oci://");
        return false;
    }
    for (size_t i = 0, start = 0; i <= hn; i++) {
        if (i < hn && p[i] != '.') {
            char c = p[i];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
                snprintf(why, why_len, "the registry host has a '%c'", c);
                return false;
            }
            continue;
        }
        if (i == start || p[start] == '-' || p[i - 1] == '-') {
            snprintf(why, why_len, "the registry host is not a host name");
            return false;
        }
        start = i + 1;
    }
    if (colon) {
        size_t pn = n - hn - 1;
        long port = 0;
        if (pn == 0 || pn > 5) {
            snprintf(why, why_len, "the registry port is not a number from 1 to 65535");
            return false;
        }
        for (size_t i = 0; i < pn; i++) {
            if (colon[1 + i] < '0' || colon[1 + i] > '9') {
                snprintf(why, why_len, "the registry port is not a number from 1 to 65535");
                return false;
            }
            port = port * 10 + (colon[1 + i] - '0');
        }
        if (port < 1 || port > 65535) {
            snprintf(why, why_len, "the registry port is not a number from 1 to 65535");
            return false;
        }
    }
    return true;
}

int deploy_oci_parse(const char *ref, struct deploy_oci_ref *out, char *why, size_t why_len)
{
    memset(out, 0, sizeof *out);
    if (!deploy_oci_is_ref(ref)) {
        snprintf(why, why_len, "not an oci:// reference");
        return -1;
    }
    const char *s = ref + strlen(DEPLOY_OCI_SCHEME);
    size_t len = strlen(s);
    if (len > 255 + 6 + 64 + 1 + 253) {
        snprintf(why, why_len, "too long");
        return -1;
    }
    const char *at = strchr(s, '@');
    size_t name_len = at ? (size_t)(at - s) : len;
    if (at) {
        const char *d = at + 1;
        bool ok = hp_str_has_prefix(d, "sha256:") && strlen(d) == 7 + 64;
        for (size_t i = 7; ok && i < 7 + 64; i++)
            ok = (d[i] >= '0' && d[i] <= '9') || (d[i] >= 'a' && d[i] <= 'f');
        if (!ok) {
            snprintf(why, why_len, "a digest is @sha256: and 64 lowercase hex digits");
            return -1;
        }
    }
    const char *slash = memchr(s, '/', name_len);
    if (!slash) {
        snprintf(why, why_len, "no chart after the registry host (oci://HOST/PATH/CHART)");
        return -1;
    }
    if (!host_valid(s, (size_t)(slash - s), why, why_len))
        return -1;
    /* the path: name components separated by '/', the last one the chart */
    const char *p = slash + 1, *end = s + name_len, *last = p;
    if (p == end) {
        snprintf(why, why_len, "no chart after the registry host (oci://HOST/PATH/CHART)");
        return -1;
    }
    for (const char *q = p; q <= end; q++) {
        if (q < end && *q != '/')
            continue;
        size_t n = (size_t)(q - p);
        const char *colon = memchr(p, ':', n);
        if (colon && q == end) {
            snprintf(why, why_len, "a tag in the reference ('%.*s'): give the version in version:", (int)(end - colon - 1),
                     colon + 1);
            return -1;
        }
        if (!name_component_valid(p, n)) {
            snprintf(why, why_len, "'%.*s' is not a repository name component (lowercase letters, digits, "
                     "'.', '_', '-', starting and ending with a letter or digit)", (int)n > 64 ? 64 : (int)n, p);
            return -1;
        }
        last = p;
        p = q + 1;
    }
    out->repository = hp_xstrndup(s, (size_t)(last - 1 - s));
    out->chart = hp_xstrndup(last, (size_t)(end - last));
    out->digest = at ? hp_xstrdup(at + 1) : NULL;
    return 0;
}

void deploy_oci_ref_free(struct deploy_oci_ref *r)
{
    free(r->repository);
    free(r->chart);
    free(r->digest);
    memset(r, 0, sizeof *r);
}

/* A SemVer numeric identifier: digits, no leading zero (but "0"). */
static bool numeric_id(const char *p, size_t n)
{
    if (n == 0 || (n > 1 && p[0] == '0'))
        return false;
    for (size_t i = 0; i < n; i++)
        if (p[i] < '0' || p[i] > '9')
            return false;
    return true;
}

static bool ident_char(char c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '-';
}

/* dot-separated identifiers; numeric ones of a pre-release have no leading zero */
static bool identifiers(const char *p, size_t n, bool pre)
{
    if (n == 0)
        return false;
    for (size_t i = 0, start = 0; i <= n; i++) {
        if (i < n && p[i] != '.') {
            if (!ident_char(p[i]))
                return false;
            continue;
        }
        size_t len = i - start;
        if (len == 0)
            return false;
        bool all_digits = true;
        for (size_t k = start; k < i; k++)
            all_digits = all_digits && p[k] >= '0' && p[k] <= '9';
        if (pre && all_digits && !numeric_id(p + start, len))
            return false;
        start = i + 1;
    }
    return true;
}

/* A range or wildcard ("^0.1", ">=1.0.0", "1.x", "*", "1.0 || 2.0"): floats, so named as such. */
static bool looks_like_range(const char *v)
{
    if (strpbrk(v, "^~<>=*|, "))
        return true;
    for (const char *p = v; *p; p++)
        if ((*p == 'x' || *p == 'X') && (p == v || p[-1] == '.') && (!p[1] || p[1] == '.'))
            return true;
    return false;
}

bool deploy_oci_version_valid(const char *v, char *why, size_t why_len)
{
    const char *s = v;
    if (!*s || strcmp(s, "latest") == 0) {
        snprintf(why, why_len, "a version is required: an exact chart version such as 0.1.1 (no 'latest')");
        return false;
    }
    if (*s == 'v')
        s++;
    size_t n = strlen(s);
    const char *plus = memchr(s, '+', n);
    size_t core_n = plus ? (size_t)(plus - s) : n;
    const char *dash = memchr(s, '-', core_n);
    size_t main_n = dash ? (size_t)(dash - s) : core_n;
    /* MAJOR.MINOR.PATCH */
    size_t parts = 0;
    bool ok = true;
    for (size_t i = 0, start = 0; ok && i <= main_n; i++) {
        if (i < main_n && s[i] != '.')
            continue;
        ok = numeric_id(s + start, i - start);
        parts++;
        start = i + 1;
    }
    ok = ok && parts == 3;
    if (ok && dash)
        ok = identifiers(dash + 1, core_n - main_n - 1, true);
    if (ok && plus)
        ok = identifiers(plus + 1, n - core_n - 1, false);
    if (!ok && looks_like_range(v))
        snprintf(why, why_len, "'%s' is a range: give an exact chart version such as 0.1.1", v);
    else if (!ok)
        snprintf(why, why_len, "'%s' is not an exact chart version (SemVer MAJOR.MINOR.PATCH[-PRE][+BUILD], e.g. 0.1.1)",
                 v);
    return ok;
}

static int fail_at(struct hp_error *e, const char *file, size_t line, const char *path, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));
static int fail_at(struct hp_error *e, const char *file, size_t line, const char *path, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s:%zu: %s: %s", file, line, path, msg);
}

int deploy_oci_check_ref_at(const char *file, size_t line, const char *path, const char *ref, struct hp_error *e)
{
    struct deploy_oci_ref r;
    char why[256];
    if (deploy_oci_parse(ref, &r, why, sizeof why) < 0)
        return fail_at(e, file, line, path, "'%.200s': %s", ref, why);
    deploy_oci_ref_free(&r);
    return 0;
}

int deploy_oci_check_version_at(const char *file, size_t line, const char *path, const char *version,
                                struct hp_error *e)
{
    char why[256];
    if (!deploy_oci_version_valid(version, why, sizeof why))
        return fail_at(e, file, line, path, "%s", why);
    return 0;
}

static size_t line_of(const yaml_node_t *n) { return n ? n->start_mark.line + 1 : 0; }

int deploy_oci_read_defaults(struct deploy_yaml *y, yaml_node_t *map, const char *file, const char *path,
                             struct deploy_oci_defaults *out, struct hp_error *e)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return fail_at(e, file, line_of(map), path, "must be a mapping (repository, version, plainHttp)");
    yaml_node_t *k, *v;
    for (size_t i = 0; deploy_yaml_pair(y, map, i, &k, &v); i++) {
        const char *ks = deploy_yaml_scalar(k), *vs = deploy_yaml_scalar(v);
        char kp[300];
        snprintf(kp, sizeof kp, "%s.%s", path, ks ? ks : "?");
        if (!ks || (strcmp(ks, "repository") != 0 && strcmp(ks, "version") != 0 && strcmp(ks, "plainHttp") != 0))
            return fail_at(e, file, line_of(k), path, "unknown key '%s' (known: repository, version, plainHttp)",
                           ks ? ks : "?");
        if (!vs || !*vs)
            return fail_at(e, file, line_of(v), kp, "must be a string");
        if (strcmp(ks, "repository") == 0) {
            /* a prefix: "<repository>/<component>" must be a reference */
            char *probe = hp_xasprintf("%s/x", vs);
            int rc = deploy_oci_is_ref(vs) && !strchr(vs, '@') ? deploy_oci_check_ref_at(file, line_of(v), kp, probe, e)
                                                                : fail_at(e, file, line_of(v), kp,
                                                                          "'%.200s': expected oci://HOST/PATH (no digest)",
                                                                          vs);
            free(probe);
            if (rc < 0)
                return -1;
            free(out->repository);
            out->repository = hp_xstrdup(vs);
            out->repository_line = line_of(v);
        } else if (strcmp(ks, "version") == 0) {
            if (deploy_oci_check_version_at(file, line_of(v), kp, vs, e) < 0)
                return -1;
            free(out->version);
            out->version = hp_xstrdup(vs);
            out->version_line = line_of(v);
        } else if (strcmp(vs, "true") == 0 || strcmp(vs, "false") == 0) {
            out->plain_http = strcmp(vs, "true") == 0 ? 1 : 2;
        } else {
            return fail_at(e, file, line_of(v), kp, "must be true or false");
        }
    }
    return 0;
}

void deploy_oci_defaults_free(struct deploy_oci_defaults *d)
{
    free(d->repository);
    free(d->version);
    memset(d, 0, sizeof *d);
}
