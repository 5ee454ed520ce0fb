# Sourced by the tests of the snapshot release (t_snapshot_safety, t_snapshot_lock) after lib.sh
# and install_plugin: `helm panda ...` through helm from PATH, with the recording helm
# (helm_recorder.sh) as "helm" first on PATH, so helm hands the plugin HELM_BIN=helm and every
# helm call the plugin makes is logged in $T/rec.log; the snapshot release's record is kept in
# $HP_REC_SNAP_DIR. helm list answers as on a cluster where the deployment and its snapshot
# release are installed (a snapshot needs helm list; uninstall's summary tells a release that was
# not there by it). Gives $R (testdata/deploy, copied), reset_log, and bg_lib.sh's start,
# wait_for and finish.
cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
mkdir -p "$T/recbin" "$T/listed"
ln -s "$ROOT/tests/integration/helm_recorder.sh" "$T/recbin/helm"
export PATH="$T/recbin:$PATH"
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm HP_REC_CHECK=0
export HP_REC_SNAP_DIR=$T/snap
for r in msgsvc iam panda harvester idds bigmon panda-snapshots; do touch "$T/listed/test-$r"; done
export HP_REC_LIST_DIR=$T/listed
reset_log() { rm -f "$T/rec.log" "$T/rec.log.count" "$T/rec.log.lock"; }
. "$HP_ROOT/tests/integration/bg_lib.sh"
