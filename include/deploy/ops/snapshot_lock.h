/* The snapshot release (deploy/ops/snapshot_store.h) found locked when a run writes its record.
 * A helm killed during that write (SIGKILL, a lost machine, a CI job killed after its grace
 * period) leaves the release pending-upgrade (pending-install on the first record), and helm
 * refuses every later write ("another operation ... is in progress"): without this, no run would
 * record a snapshot again and `helm panda rollback` would work from an ever older one. The write
 * takes about a second and has no --wait, so a revision pending for DEPLOY_PENDING_RECENT_S is
 * a dead helm's: it is unlocked as `install --recover-pending` unlocks a release (rolled back to
 * the revision before, or uninstalled when pending-install: it holds nothing but the record,
 * which the run read before and writes again). A younger one may be another run writing its
 * snapshot right now: the run waits for it (DEPLOY_SNAP_WAIT_S at most), then reads the record
 * again, with that run's snapshot in it, and writes on top of it; still pending after that, it is
 * left alone. */
#ifndef DEPLOY_SNAPSHOT_LOCK_H
#define DEPLOY_SNAPSHOT_LOCK_H

#include "hp/error.h"

/* A signal during the record's write, or during its unlock, lets it finish (each takes about a
 * second, no --wait): helm is killed only by a second signal or after this many seconds. */
#define DEPLOY_SNAP_FINISH_S 20
/* How long a run waits for a younger pending revision of the snapshot release (another run's
 * write takes about a second) before it leaves it alone and records nothing. */
#define DEPLOY_SNAP_WAIT_S 10

/* The release and where helm finds it (namespace_, kube_context: NULL for helm's defaults). */
struct deploy_snap_lock {
    const char *helm, *name, *namespace_, *kube_context;
};

/* After a write of the record that helm refused as locked: reads the release's state (helm
 * status). Stale pending: unlocks it, says so in one line on stderr (release, state, since when,
 * what was done) and returns 0: the caller reads the record again and writes. No longer
 * pending: returns 0 too. Younger or of unknown age: one line says the run waits for it, and
 * its state is read again every second; once it is no longer pending, returns 0; still pending
 * after DEPLOY_SNAP_WAIT_S: -1 with e naming the release, its state and since when, and that it
 * was left alone. A signal while waiting: -1 with DEPLOY_ERR_INTERRUPTED. -1 with e as well when
 * helm fails (DEPLOY_ERR_INTERRUPTED after a signal). A signal during the unlock lets it finish
 * (a second kills it): then -1 with DEPLOY_ERR_INTERRUPTED and e saying the release was
 * unlocked; the caller writes nothing. */
int deploy_snapshot_unlock(const struct deploy_snap_lock *w, struct hp_error *e);

#endif
