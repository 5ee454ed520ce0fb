/* The shared option parser (see include/cli/opts.h). */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "cli/docs.h"
#include "cli/opts.h"

static bool takes_value(const struct hp_opt *o) { return o->kind != HP_OPT_BOOL; }

int hp_usage_error(const struct hp_cmdinfo *ci, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    fprintf(stderr, "%s: error: %s: %s\n", HP_PROG, ci->path, msg);
    fprintf(stderr, "Run '%s --help' for usage.\n", ci->path);
    return HP_EXIT_USAGE;
}

static int store(const struct hp_cmdinfo *ci, const struct hp_opt *o, const char *flag, const char *val)
{
    switch (o->kind) {
    case HP_OPT_BOOL:
        *(bool *)o->value = true;
        return 0;
    case HP_OPT_STRING:
        *(const char **)o->value = val;
        return 0;
    case HP_OPT_LIST:
        hp_strlist_push((struct hp_strlist *)o->value, val);
        return 0;
    case HP_OPT_CSV:
        hp_strlist_split_append((struct hp_strlist *)o->value, val);
        return 0;
    case HP_OPT_INT: {
        char *end;
        errno = 0;
        long v = strtol(val, &end, 10);
        if (!*val || *end || v < 0 || v > INT_MAX)
            return hp_usage_error(ci, "flag %s needs a non-negative whole number, not '%s'", flag, val);
        *(int *)o->value = (int)v;
        return 0;
    }
    case HP_OPT_END:
        break;
    }
    return HP_EXIT_USAGE;
}

static const struct hp_opt *find_long(const struct hp_opt *opts, const char *name, size_t n)
{
    for (const struct hp_opt *o = opts; o->kind != HP_OPT_END; o++)
        if (o->long_name && strlen(o->long_name) == n && strncmp(o->long_name, name, n) == 0)
            return o;
    return NULL;
}

static const struct hp_opt *find_short(const struct hp_opt *opts, char c)
{
    for (const struct hp_opt *o = opts; o->kind != HP_OPT_END; o++)
        if (o->short_name && o->short_name == c)
            return o;
    return NULL;
}

int hp_opts_parse(const struct hp_cmdinfo *ci, const struct hp_opt *opts, int argc, char **argv,
                  struct hp_strlist *pos, struct hp_strlist *pass)
{
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--") == 0) {
            if (!ci->allow_passthrough || !pass)
                return hp_usage_error(ci, "does not take arguments after '--'");
            for (i++; i < argc; i++)
                hp_strlist_push(pass, argv[i]);
            break;
        }
        if (strcmp(a, "-h") == 0 || strcmp(a, "--help") == 0) {
            hp_opts_usage(stdout, ci, opts);
            return HP_OPTS_HELP;
        }
        if (a[0] == '-' && a[1] == '-') {
            const char *name = a + 2, *eq = strchr(name, '=');
            size_t n = eq ? (size_t)(eq - name) : strlen(name);
            const struct hp_opt *o = find_long(opts, name, n);
            if (!o)
                return hp_usage_error(ci, "unknown flag: --%.*s", (int)n, name);
            const char *val = NULL;
            if (takes_value(o)) {
                if (eq)
                    val = eq + 1;
                else if (i + 1 < argc)
                    val = argv[++i];
                else
                    return hp_usage_error(ci, "flag --%s needs a value (%s)", o->long_name,
                                          o->argname ? o->argname : "VALUE");
            } else if (eq) {
                /* --flag=true/false, as cobra (and so helm) accepts for booleans */
                if (strcmp(eq + 1, "false") == 0) {
                    *(bool *)o->value = false;
                    continue;
                }
                if (strcmp(eq + 1, "true") != 0)
                    return hp_usage_error(ci, "flag --%s takes no value", o->long_name);
            }
            char flag[80];
            snprintf(flag, sizeof flag, "--%s", o->long_name);
            if (store(ci, o, flag, val) != 0)
                return HP_OPTS_ERROR;
            continue;
        }
        if (a[0] == '-' && a[1] != 0) {
            /* -x, -xVALUE, or bundled booleans -abc */
            for (const char *c = a + 1; *c; c++) {
                const struct hp_opt *o = find_short(opts, *c);
                if (!o)
                    return hp_usage_error(ci, "unknown flag: -%c", *c);
                char flag[4] = {'-', *c, 0, 0};
                if (!takes_value(o)) {
                    store(ci, o, flag, NULL);
                    continue;
                }
                const char *val;
                if (c[1])
                    val = c + 1;
                else if (i + 1 < argc)
                    val = argv[++i];
                else
                    return hp_usage_error(ci, "flag -%c needs a value (%s)", *c,
                                          o->argname ? o->argname : "VALUE");
                if (store(ci, o, flag, val) != 0)
                    return HP_OPTS_ERROR;
                break;
            }
            continue;
        }
        if (!pos)
            return hp_usage_error(ci, "unexpected argument '%s'", a);
        hp_strlist_push(pos, a);
    }
    return HP_OPTS_OK;
}

int hp_opts_command(const struct hp_cmdinfo *ci, const struct hp_opt *opts, int argc, char **argv,
                    struct hp_strlist *pos, struct hp_strlist *pass)
{
    int r = hp_opts_parse(ci, opts, argc, argv, pos, pass);
    return r == HP_OPTS_OK ? HP_OPTS_GO_ON : r == HP_OPTS_HELP ? HP_EXIT_OK : HP_EXIT_USAGE;
}

void hp_opts_usage(FILE *out, const struct hp_cmdinfo *ci, const struct hp_opt *opts)
{
    fprintf(out, "%s\n\nUsage:\n  %s %s\n", ci->summary, ci->path, ci->usage ? ci->usage : "[flags]");
    if (ci->description)
        fprintf(out, "\n%s\n", ci->description);
    fprintf(out, "\nFlags:\n");
    for (const struct hp_opt *o = opts; o && o->kind != HP_OPT_END; o++) {
        char left[96];
        int n = 0;
        if (o->short_name)
            n = snprintf(left, sizeof left, "-%c, ", o->short_name);
        else
            n = snprintf(left, sizeof left, "    ");
        snprintf(left + n, sizeof left - (size_t)n, "--%s%s%s", o->long_name, takes_value(o) ? " " : "",
                 takes_value(o) ? (o->argname ? o->argname : "VALUE") : "");
        fprintf(out, "  %-30s %s\n", left, o->help ? o->help : "");
    }
    fprintf(out, "  %-30s %s\n", "-h, --help", "show this help");
    if (ci->allow_passthrough)
        fprintf(out, "\nArguments after '--' are passed to every helm call.\n");
    fprintf(out, "\nGlobal helm flags (-n/--namespace, --kube-context, --debug, ...) are given to helm:\n"
                 "  helm -n NAMESPACE --kube-context CTX %s ...\n",
            ci->path + (hp_str_has_prefix(ci->path, "helm ") ? 5 : 0));
    fprintf(out, "\nDocs: %s\n", hp_docs_page(ci->path));
}
