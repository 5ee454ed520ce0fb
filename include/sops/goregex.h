/* SOPS's key and path rules are Go regular expressions (RE2); we run them with POSIX ERE. */
#ifndef SOPS_GOREGEX_H
#define SOPS_GOREGEX_H

#include <regex.h>

/* regcomp(REG_EXTENDED | REG_NOSUB) of `pattern`, read as Go reads it where the two differ on
 * line breaks: "." does not match "\n" (POSIX's does), "^" and "$" anchor the whole text.
 * Returns regcomp's result (0 on success). */
int sops_goregex_compile(regex_t *re, const char *pattern);

#endif
