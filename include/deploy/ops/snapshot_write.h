/* Writing the snapshot record: one `helm upgrade --install` of the snapshot release (a generated
 * chart with nothing to render, the record as its values, --history-max as helm keeps). A signal
 * meanwhile lets the write finish (a second kills it, as does DEPLOY_SNAP_FINISH_S): a helm stopped
 * mid-write would leave the release pending-upgrade, locked for the next runs. */
#ifndef DEPLOY_SNAPSHOT_WRITE_H
#define DEPLOY_SNAPSHOT_WRITE_H

#include <stdbool.h>
#include <stddef.h>

#include "deploy/ops/snapshot.h"
#include "deploy/ops/snapshot_lock.h"
#include "hp/error.h"

/* The snapshot release is AFFIX + this (test-panda-snapshots), and so is its chart's name. */
#define DEPLOY_SNAP_COMPONENT "panda-snapshots"

/* Writes rec as release w->name (history_max: its --history-max). 0 when written, also when a
 * signal came meanwhile (the caller ends as interrupted runs do); *written: the revision helm
 * reports it wrote (0 if it does not say). -1 with e otherwise; *locked: helm refused it as
 * held by another operation. */
int deploy_snapshot_write(const struct deploy_snap_lock *w, size_t history_max, const struct deploy_snapshots *rec,
                          bool *locked, int *written, struct hp_error *e);

#endif
