/* Small helpers every module uses: messages, allocation that cannot fail silently, files. */
#ifndef HP_UTIL_H
#define HP_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>

/* Exit statuses shared by every command. */
enum {
    HP_EXIT_OK = 0,
    HP_EXIT_FAIL = 1,  /* the work itself failed (helm failed, bad input file, ...) */
    HP_EXIT_USAGE = 2, /* the command line or the deployment tree is wrong: nothing was run */
    HP_EXIT_INTERRUPTED = 130,
};

/* Every message starts with this, so users can tell our lines from helm's. */
#define HP_PROG "helm-panda"

/* "helm-panda: <message>\n" on stderr. One line: callers pass no newline. */
void hp_errorf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hp_warnf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Printed only when debug output is on (HELM_DEBUG / --debug). */
void hp_debugf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void hp_set_debug(bool on);
bool hp_debug_enabled(void);

/* Allocation failure is not recoverable for a CLI: these abort with a message. */
void *hp_xmalloc(size_t n);
void *hp_xcalloc(size_t n, size_t size);
void *hp_xrealloc(void *p, size_t n);
char *hp_xstrdup(const char *s);
char *hp_xstrndup(const char *s, size_t n);
char *hp_xasprintf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char *hp_xvasprintf(const char *fmt, va_list ap) __attribute__((format(printf, 1, 0)));

bool hp_str_has_prefix(const char *s, const char *prefix);
bool hp_str_has_suffix(const char *s, const char *suffix);

/* Walking a text line by line: each hp_lines_next gives the next line [*s, *end), without
 * its '\n', and counts it in lineno (from 1). A last line without '\n' is a line; an empty
 * text (or NULL) has none. */
struct hp_lines {
    const char *p, *end;
    size_t lineno;
};
void hp_lines_init(struct hp_lines *l, const char *text, size_t len);
bool hp_lines_next(struct hp_lines *l, const char **s, const char **end);

/* A growable list of owned strings. */
struct hp_strlist {
    char **v;
    size_t n, cap;
};
void hp_strlist_push(struct hp_strlist *l, const char *s);     /* copies s */
void hp_strlist_push_own(struct hp_strlist *l, char *s);       /* takes s */
void hp_strlist_pushf(struct hp_strlist *l, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
bool hp_strlist_contains(const struct hp_strlist *l, const char *s);
/* Splits "a,b,,c" on commas, skipping empty parts, appending to l. */
void hp_strlist_split_append(struct hp_strlist *l, const char *csv);
/* NULL-terminated view for exec: valid until the list changes. */
char **hp_strlist_argv(struct hp_strlist *l);
void hp_strlist_free(struct hp_strlist *l);

#endif
