/* The secrets chart (<root>/secrets) as one release, for `helm panda secrets
 * install|upgrade|template|diff`: every encrypted input decrypted in memory, the chart handed to
 * helm as an in-memory archive and the values as in-memory files, all as /dev/fd/N (see
 * secrets/memfile.h); nothing decrypted is ever written to disk. Then one helm run through the
 * runner (deploy/run/runner.h), reported like `helm panda install` (or, for diff, like `helm panda
 * diff`: deploy/ops/diff.h). */
#ifndef DEPLOY_SECRETS_RELEASE_H
#define DEPLOY_SECRETS_RELEASE_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/ops/diff.h"
#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"
#include "secrets/chart.h"
#include "secrets/decrypt.h"
#include "secrets/memfile.h"

#define DEPLOY_SECRETS_RELEASE "panda-secrets"
#define DEPLOY_SECRETS_MAX_VALUES 64

enum deploy_secrets_action {
    DEPLOY_SECRETS_INSTALL,
    DEPLOY_SECRETS_UPGRADE,
    DEPLOY_SECRETS_TEMPLATE,
    DEPLOY_SECRETS_DIFF,
};

/* Everything that holds plaintext, released by deploy_secrets_free on every way out. */
struct deploy_secrets {
    struct secrets_keyring kr; /* the caller adds its --identity files */
    struct chart chart;
    struct hp_secbuf archive;
    struct memfile chart_mf;
    struct memfile values_mf[DEPLOY_SECRETS_MAX_VALUES];
    size_t nvalues;
};

void deploy_secrets_init(struct deploy_secrets *s);
void deploy_secrets_free(struct deploy_secrets *s);

/* The chart under chart_dir, decrypted, with its CRIC files checked unless skip_checks. */
int deploy_secrets_load(struct deploy_secrets *s, const char *chart_dir, bool skip_checks, struct hp_error *e);
/* <chart_dir>/values-<experiment>.yaml as a values file when it exists. When it does not: an
 * error naming it if required (install/upgrade: a typo must not deploy without it), else a
 * warning. */
int deploy_secrets_add_experiment(struct deploy_secrets *s, const char *chart_dir, const char *experiment, bool required,
                                  struct hp_error *e);
/* One values file (a SOPS file is decrypted; an age file is refused). */
int deploy_secrets_add_values(struct deploy_secrets *s, const char *path, struct hp_error *e);
/* The chart as an archive in a memfile (our copy of the archive dropped). */
int deploy_secrets_pack(struct deploy_secrets *s, const char *chart_dir, struct hp_error *e);

/* How the release is run. */
struct deploy_secrets_run {
    enum deploy_secrets_action action;
    const char *helm, *release;
    const struct deploy_diff_flags *diff; /* diff only */
    const struct hp_strlist *passthrough; /* after "--" */
    bool quiet, detailed_exitcode;
    int helm_major;                       /* diff: for the installed probe */
    const char *namespace_, *kube_context;
};

/* The helm argv of the release (argv[0] = helm), into argv. */
void deploy_secrets_argv(const struct deploy_secrets *s, const struct deploy_secrets_run *r, struct hp_strlist *argv);
/* diff: helm-diff's and helm's versions probed; sets diff->disable_validation and *helm_major.
 * -1 with e (e->kind DEPLOY_ERR_HELM: helm-diff missing; DEPLOY_ERR_INTERRUPTED). */
int deploy_secrets_diff_probe(const char *helm, const char *what, struct deploy_diff_flags *diff, int *helm_major,
                              struct hp_error *e);
/* Runs argv (from deploy_secrets_argv) as one job, reports it and returns the exit status
 * (HP_EXIT_*, or 2 for changes with detailed_exitcode); -1 with e when it could not run. */
int deploy_secrets_execute(struct deploy_secrets *s, const struct deploy_secrets_run *r, struct hp_strlist *argv,
                           struct hp_error *e);

#endif
