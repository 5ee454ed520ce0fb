/* The one registry of error kinds (struct hp_error.kind). Every module that names its own
 * kinds starts its enum at its base here and stays below the next base, so a kind names one
 * module's one outcome: no two modules' kinds share a value. 0 is "no error" everywhere.
 * tests/unit/test_error_kinds.c checks that the ranges are disjoint.
 *
 * A new module takes the next free hundred; a new kind goes at the end of its module's enum
 * (and into the test's table when it becomes the last). Which exit code a kind means is
 * decided once, in src/cli/exit.c (hp_exit_code). */
#ifndef HP_ERROR_KINDS_H
#define HP_ERROR_KINDS_H

#define HP_ERR_RANGE 100 /* each module owns one hundred: its kinds k have k / HP_ERR_RANGE == base / HP_ERR_RANGE */

#define HP_ERR_BASE_HP 1            /* hp/: the generic kind, I/O (below); 0 is no error */
#define HP_ERR_BASE_AGE 100         /* age/errors.h: enum age_error_kind */
#define HP_ERR_BASE_SOPS 200        /* sops/errors.h: enum sops_error_kind */
#define HP_ERR_BASE_SECRETS 400     /* secrets/decrypt.h */
#define HP_ERR_BASE_CRIC 500        /* secrets/cric.h */
#define HP_ERR_BASE_DEPLOY 600      /* deploy/config/errors.h: enum deploy_error_kind */
#define HP_ERR_BASE_GITOPS 700      /* gitops/errors.h: enum gitops_error_kind */
#define HP_ERR_BASE_GITOPS_GIT 800  /* gitops/git.h: enum gitops_git_error */

/* The hp module's kinds, for code that has no kind of its own. */
enum hp_error_kind {
    HP_ERR_GENERIC = HP_ERR_BASE_HP, /* a failure with no more specific kind (reading a file, ...) */
    HP_ERR_WRITE,                      /* writing the output failed (the disk, a closed pipe) */
};

#endif
