/* A chart's .helmignore, with the meaning helm gives it (helm's pkg/ignore), so the in-memory
 * chart archive holds exactly the files `helm template <dir>` would load:
 *   - one pattern per line; blank lines and lines starting with '#' are skipped;
 *   - a pattern is a Go filepath.Match glob ('*', '?', '[...]', '\' escapes; no '**', which is
 *     an error, as in helm);
 *   - "/x" matches the path from the chart root, "a/b" the whole relative path, "x" the base name;
 *   - a trailing '/' matches directories only; a leading '!' negates, with helm's quirk that a
 *     negated rule ignores every path it does NOT match;
 *   - helm's default rule "templates/.?*" is always added after the file's rules. */
#ifndef SECRETS_HELMIGNORE_H
#define SECRETS_HELMIGNORE_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/error.h"

struct helmignore;

/* Parses the text of a .helmignore (text may be NULL for a chart without one) and adds helm's
 * default rule. `source` names the file in messages ("secrets/.helmignore: line 3: ..."). */
struct helmignore *helmignore_parse(const char *text, size_t len, const char *source, struct hp_error *e);
/* Whether `path` (relative to the chart root, '/'-separated, no leading "./") is left out. */
bool helmignore_ignores(const struct helmignore *hi, const char *path, bool is_dir);
void helmignore_free(struct helmignore *hi);

/* Go's filepath.Match on '/'-separated names. Returns 1 on a match, 0 on none, -1 when the
 * pattern is malformed. Exposed for tests. */
int helmignore_glob_match(const char *pattern, const char *name);

#endif
