/* helm's own view of a release's resources, as `helm status -o json` prints it (helm 4 always,
 * helm 3 with --show-resources): info.resources maps "<version>/<Kind>" to the live objects, and
 * "v1/Pod(related)" to PodLists of the pods the workloads own. Read into what a wait waits for:
 * each workload with ready/desired, and each pod that is not Ready with the reason the cluster
 * gives (a container's waiting reason, the scheduler's condition, the phase). The bytes come from
 * the cluster: untrusted (tests/fuzz/fuzz_resview.c). */
#ifndef DEPLOY_RESVIEW_H
#define DEPLOY_RESVIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/error.h"

struct resview_item {
    char *kind, *name;
    int ready, desired; /* replicas (a claim: 1 when Bound, of 1) */
    bool ok;            /* what helm --wait asks of it is met */
};

struct resview_pod {
    char *name;
    char *reason;    /* "ImagePullBackOff", "CrashLoopBackOff", "Unschedulable", "Pending", ... */
    char *message;   /* the cluster's words for it, or "" */
    char *container; /* the container the reason is about, or NULL */
    int restarts;
    bool crashed;    /* the container has terminated before (a log of it may exist) */
};

struct resview {
    char *status;               /* helm's release status, "pending-install", ... ("" if none) */
    struct resview_item *items; /* the workloads and claims helm --wait looks at */
    size_t n_items;
    struct resview_pod *pods;   /* the pods that are not Ready (nor done) */
    size_t n_pods;
};

/* Parses `helm status -o json`; -1 with e when it is not that JSON. */
int resview_parse(const char *json, size_t len, struct resview *v, struct hp_error *e);
/* How many items are not ok. */
size_t resview_waiting(const struct resview *v);
void resview_free(struct resview *v);

#endif
