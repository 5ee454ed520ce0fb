#include "cli/exit.h"

#include <stddef.h>

#include "deploy/plan/plan.h"
#include "gitops/apps.h"
#include "gitops/git.h"
#include "hp/interrupt.h"
#include "hp/util.h"
#include "secrets/cric.h"

/* The kinds whose exit code does not depend on the command; every other kind (the generic
 * one, age, sops, secrets, DEPLOY_ERR_SECRETS) takes the caller's `otherwise`. */
static const struct {
    int first, last; /* a range of one module's kinds */
    int code;
} exit_codes[] = {
    {HP_ERR_WRITE, HP_ERR_WRITE, HP_EXIT_FAIL},
    {CRIC_ERR_MISSING, CRIC_ERR_MISSING, HP_EXIT_USAGE}, /* the chart lacks a CRIC: fix the tree */
    {DEPLOY_ERR_ROOT, DEPLOY_ERR_CONFIG, HP_EXIT_USAGE}, /* root, component, chart, cycle, name, config */
    {DEPLOY_ERR_HELM, DEPLOY_ERR_HELM, HP_EXIT_USAGE},   /* no helm, or no version from it */
    {DEPLOY_ERR_INTERRUPTED, DEPLOY_ERR_INTERRUPTED, HP_EXIT_INTERRUPTED}, /* 128 + the signal: below */
    {DEPLOY_ERR_PULL, DEPLOY_ERR_PULL, HP_EXIT_FAIL}, /* registry, chart, version, login: not the command line */
    {DEPLOY_ERR_SNAPSHOT, DEPLOY_ERR_SNAPSHOT, HP_EXIT_FAIL}, /* the cluster's record, not the command line */
    {GITOPS_ERR_SOURCE, GITOPS_ERR_INPUT, HP_EXIT_USAGE},
    {GITOPS_ERR_WRITE, GITOPS_ERR_WRITE, HP_EXIT_FAIL},
    {GITOPS_ERR_CHANGED, GITOPS_ERR_CHANGED, HP_EXIT_FAIL}, /* someone else's edit: run adopt again */
    {GITOPS_ERR_NOT_OURS, GITOPS_ERR_NOT_OURS, HP_EXIT_USAGE}, /* move the file or rename the Application */
    {GITOPS_GIT_NOT_REPO, GITOPS_GIT_DETACHED, HP_EXIT_USAGE},
};

int hp_exit_code(const struct hp_error *e, int otherwise)
{
    for (size_t i = 0; i < sizeof exit_codes / sizeof exit_codes[0]; i++)
        if (e->kind >= exit_codes[i].first && e->kind <= exit_codes[i].last)
            return exit_codes[i].code == HP_EXIT_INTERRUPTED ? hp_interrupt_exit_code() : exit_codes[i].code;
    return otherwise;
}
