/* The shared deployment flags (see include/cli/deploy_flags.h): one row each. */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli/deploy_flags.h"

static const struct hp_opt shared[] = {
    [DEPLOY_FLAG_ROOT] = {HP_OPT_STRING, 'C', "root", NULL, "DIR",
                          "deployment root (default: $PANDA_K8S_DIR or the current directory, searched upward)"},
    [DEPLOY_FLAG_SITE] = {HP_OPT_STRING, 0, "site", NULL, "NAME",
                          "use the site NAME of <root>/helm-panda.yaml (flags given too win)"},
    [DEPLOY_FLAG_AFFIX] = {HP_OPT_STRING, 'a', "affix", NULL, "AFFIX",
                           "instance-name affix (default: affix: in secrets/values.yaml, else test-)"},
    [DEPLOY_FLAG_EXPERIMENT] = {HP_OPT_STRING, 'e', "experiment", NULL, "NAME",
                                "add values/values-NAME.yaml of each component where it exists"},
    [DEPLOY_FLAG_ENABLE] = {HP_OPT_CSV, 'c', "enable", NULL, "LIST", "only these components"},
    [DEPLOY_FLAG_DISABLE] = {HP_OPT_CSV, 'd', "disable", NULL, "LIST",
                             "drop component X; X.Y keeps X with --set Y.enabled=false"},
    [DEPLOY_FLAG_SET] = {HP_OPT_LIST, 0, "set", NULL, "K=V", "extra --set for every release"},
    [DEPLOY_FLAG_SHOW_SECRETS] = {HP_OPT_BOOL, 0, "show-secrets", NULL, NULL,
                                  "show Secret data in the diff (helm-diff masks it by default)"},
    [DEPLOY_FLAG_CONTEXT] = {HP_OPT_STRING, 0, "context", NULL, "N",
                             "lines of context around each change (helm-diff --context)"},
    [DEPLOY_FLAG_NORMALIZE] = {HP_OPT_BOOL, 0, "normalize-manifests", NULL, NULL,
                               "normalize manifests before comparing (helm-diff)"},
    [DEPLOY_FLAG_THREE_WAY] = {HP_OPT_BOOL, 0, "three-way-merge", NULL, NULL,
                               "compare with the live objects too, not only the release (helm-diff)"},
    [DEPLOY_FLAG_DETAILED_EXIT] = {HP_OPT_BOOL, 0, "detailed-exitcode", NULL, NULL,
                                   "exit 0 without changes, 2 with changes, 1 on error"},
    /* one loader (keys_load_identities) reads every --identity, so one text */
    [DEPLOY_FLAG_IDENTITY] = {HP_OPT_LIST, 0, "identity", NULL, "FILE",
                              "an age identity file or OpenSSH ed25519 private key, besides the SOPS places"},
};

struct hp_opt deploy_flag(enum deploy_flag which, void *value)
{
    struct hp_opt o = shared[which];
    o.value = value;
    return o;
}

bool deploy_flag_context(const char *s, int *lines)
{
    char *end;
    long v = strtol(s, &end, 10);
    if (!*s || *end || v < 0 || v > 1000000)
        return false;
    *lines = (int)v;
    return true;
}

bool deploy_flag_diff_colour(void)
{
    const char *term = getenv("TERM");
    return isatty(STDOUT_FILENO) && !getenv("NO_COLOR") && !(term && strcmp(term, "dumb") == 0);
}
