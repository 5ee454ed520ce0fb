/* Why a release failed its wait: for every release that failed (not interrupted), helm's view of
 * its resources at the end (deploy/run/resview.h: what was not ready, the pods' waiting reasons,
 * the scheduler's), and through kubectl, when it is on PATH, the last events of those objects and
 * the last lines of a crashed container's log (where the cluster serves logs; capped). Without
 * kubectl the summary says so once. Printed after the summary, and in -o json on each release. */
#ifndef DEPLOY_DIAGNOSE_H
#define DEPLOY_DIAGNOSE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "deploy/run/progress.h"
#include "deploy/run/resview.h"
#include "deploy/run/runner.h"
#include "hp/error.h"

#define DIAG_EVENTS_PER_OBJECT 3
#define DIAG_PODS 3            /* pods named per release */
#define DIAG_LOG_LINES 20
#define DIAG_LOG_BYTES 4096

struct diag_event {
    char *kind, *name;         /* the object it is about */
    char *type, *reason, *message, *time;
    int count;
};

struct diag_events {
    struct diag_event *v;      /* oldest first */
    size_t n;
};

struct diagnosis {
    size_t job;                /* index of the failed job */
    bool looked;               /* helm showed its resources */
    struct resview view;
    char **logs;               /* per view.pods[i]: the crashed container's last lines, or NULL */
};

struct diagnoses {
    struct diagnosis *v;
    size_t n;
    struct diag_events events; /* of the namespace, from kubectl */
    bool no_kubectl;           /* kubectl is not on PATH */
};

/* kubectl get events -o json -> events; -1 with e when it is not that JSON. */
int diag_events_parse(const char *json, size_t len, struct diag_events *ev, struct hp_error *e);
void diag_events_free(struct diag_events *ev);

/* Looks at every job of jobs that failed after PROGRESS_FIRST_LOOK s or more (none when interrupted). */
void deploy_diagnose(struct diagnoses *d, const struct progress_target *t, const struct runner_job *jobs, size_t n);
/* The text after the summary ("" when nothing failed). */
void deploy_diagnose_print(const struct diagnoses *d, const struct runner_job *jobs, FILE *out);
/* Adds "diagnosis" to each failed release of report_summary_json's object (a cJSON*). */
void deploy_diagnose_json(const struct diagnoses *d, void *summary);
void deploy_diagnose_free(struct diagnoses *d);

#endif
