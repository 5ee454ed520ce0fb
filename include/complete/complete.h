/* Dynamic shell completion: what `helm panda __complete` (run by helm through the plugin's
 * `plugin.complete`) answers. Helm lists sub-commands and flag names itself from
 * completion.yaml; this completes flag values that depend on the deployment tree:
 * components (-c), components and their sub-components (-d x.y), experiments (-e) and the
 * root directory (-C). */
#ifndef COMPLETE_COMPLETE_H
#define COMPLETE_COMPLETE_H

#include <stdio.h>

#include "hp/util.h"

/* cobra's ShellCompDirective bits: helm hands them on to the shell's completion script. */
enum {
    COMPLETE_DIR_ERROR = 1,
    COMPLETE_DIR_NOSPACE = 2,   /* no space after the word: a list (-c a,b) goes on */
    COMPLETE_DIR_NOFILE = 4,    /* no file-name fallback when there are no candidates */
    COMPLETE_DIR_FILTER_EXT = 8,
    COMPLETE_DIR_DIRS = 16,     /* complete directory names */
    COMPLETE_DIR_KEEP_ORDER = 32,
};

struct complete_result {
    struct hp_strlist cands;
    unsigned directive;
};

/* words: what helm passes to plugin.complete: the plugin's sub-command path ("install",
 * "secrets install"), every word typed after it (helm has removed its own global flags), and
 * last the word being completed ("" after a space). Never fails: no answer is an empty list. */
void complete_words(int n, char **words, struct complete_result *r);
/* One candidate per line, then ":<directive>", as cobra's __complete prints them. */
void complete_result_print(const struct complete_result *r, FILE *out);
void complete_result_free(struct complete_result *r);

#endif
