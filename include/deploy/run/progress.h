/* What a wait is waiting for, while helm waits: for every release that has run a few seconds, a
 * watcher thread asks helm for its view of the release's resources (`helm status -o json`, with
 * --show-resources under helm 3: deploy/run/resview.h) and prints one line per waiting release
 * naming what is not ready (kind/name ready/desired, for how long): at once when that changes,
 * else every 10 s. On a terminal the lines are one live block, redrawn in place under the
 * report's lines; elsewhere (CI) plain lines. A release that is done before its first look costs
 * nothing: no query is made for it. Wraps the report's runner events (deploy/run/report.h). */
#ifndef DEPLOY_PROGRESS_H
#define DEPLOY_PROGRESS_H

#include <stdbool.h>
#include <stdio.h>

#include "deploy/run/report.h"
#include "deploy/run/runner.h"

/* Where the releases live: what `helm status` needs besides the release's name. */
struct progress_target {
    const char *helm;         /* absolute */
    int helm_major;
    const char *namespace_;   /* NULL: helm's default */
    const char *kube_context; /* NULL: the current one */
};

/* s a release runs before it is first looked at: one done sooner was not kept waiting */
#define PROGRESS_FIRST_LOOK 3.0

struct progress;

/* Starts the watcher (quiet reports get none: NULL is returned and accepted by the others). */
struct progress *progress_start(const struct progress_target *t, struct report *rep);
/* The events to pass as runner_opts.events: the report's, with the watcher's bookkeeping. */
const struct runner_events *progress_events(struct progress *p, const struct runner_events *fallback);
/* Stops the watcher (a query under way is killed) and clears the live block. */
void progress_stop(struct progress *p);

/* The argv of `helm status NAME -o json` with the resources (owned; hp_strlist). */
struct hp_strlist;
void progress_status_argv(const struct progress_target *t, const char *release, struct hp_strlist *argv);

#endif
