/* The flags the deployment commands share (install, upgrade, template, uninstall, status, diff,
 * apply, gitops, and secrets install|upgrade|template|diff for -C and helm-diff's flags; every
 * command that decrypts for --identity),
 * declared once, so each is spelled, described and parsed the same in every command's --help. */
#ifndef CLI_DEPLOY_FLAGS_H
#define CLI_DEPLOY_FLAGS_H

#include <stdbool.h>

#include "cli/opts.h"

/* What the value pointer of each must be is the hp_opt kind of its row in deploy_flags.c. */
enum deploy_flag {
    DEPLOY_FLAG_ROOT,          /* -C DIR: const char ** */
    DEPLOY_FLAG_SITE,          /* --site NAME: const char ** */
    DEPLOY_FLAG_AFFIX,         /* -a AFFIX: const char ** */
    DEPLOY_FLAG_EXPERIMENT,    /* -e NAME: const char ** */
    DEPLOY_FLAG_ENABLE,        /* -c LIST: struct hp_strlist * */
    DEPLOY_FLAG_DISABLE,       /* -d LIST: struct hp_strlist * */
    DEPLOY_FLAG_SET,           /* --set K=V: struct hp_strlist * */
    DEPLOY_FLAG_SHOW_SECRETS,  /* helm-diff's: bool * */
    DEPLOY_FLAG_CONTEXT,       /* helm-diff's --context N: const char **, checked by deploy_flag_context */
    DEPLOY_FLAG_NORMALIZE,     /* helm-diff's --normalize-manifests: bool * */
    DEPLOY_FLAG_THREE_WAY,     /* helm-diff's --three-way-merge: bool * */
    DEPLOY_FLAG_DETAILED_EXIT, /* diff's --detailed-exitcode: bool * */
    DEPLOY_FLAG_IDENTITY,      /* --identity FILE: struct hp_strlist * (the secrets file commands take it too) */
};

/* The option-table row of a shared flag, storing into value. */
struct hp_opt deploy_flag(enum deploy_flag which, void *value);

/* --context N: a number of lines (0 to 1000000) into *lines; false when it is not one. */
bool deploy_flag_context(const char *s, int *lines);

/* Whether a diff is coloured: when our stdout is a terminal, as helm-diff would decide for
 * itself (NO_COLOR and TERM=dumb turn it off). */
bool deploy_flag_diff_colour(void);

#endif
