# Do no harm (issue 23) for the commands that change a cluster, through the recording helm (whose
# `helm list` and `helm status` answers come from release records, tests/integration/helm_recorder.sh)
# and the stand-in helm-diff:
#   uninstall tells a release it removed from one that was not there;
#   a typo'd -e stops install/upgrade/apply/secrets install before any helm call (template, diff
#   and secrets template keep a warning);
#   apply upgrades a release whose last revision is not deployed, and says why;
#   install --recover-pending leaves a recent pending-* release alone (someone may be working on
#   it) unless --recover-recent-pending, and recovers an old one as before;
#   a release helm reports busy stops the run, also with --keep-going, with one line naming it.
# Each check's mutant is named in the commit that added it.
. "$HP_ROOT/tests/integration/lib.sh"

cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm HP_REC_CHECK=0
export HELM_BIN=$ROOT/tests/integration/helm_recorder.sh
reset_log() { rm -f "$T/rec.log" "$T/rec.log.count" "$T/rec.log.lock"; }
# calls CMD: the releases helm CMD ran for, in start order
# (not the snapshot release, which a run that worked upgrades last: t_rollback)
calls() { grep -P '^S ' "$T/rec.log" 2>/dev/null | awk -v c="$1" '$4 == c && $5 !~ /-panda-snapshots$/ {print $5}' | tr '\n' ' '; }
# sorted_calls CMD: the same, sorted (parallel calls start in any order)
sorted_calls() { calls "$1" | tr ' ' '\n' | sed '/^$/d' | sort | tr '\n' ' '; }
# record NAME STATUS [AGE_S [REVISION]]: a release record for the recorder's status and list, its
# last revision updated AGE_S seconds ago (default: a day)
record() {
    mkdir -p "$T/status"
    python3 - "$T/status/$1.json" "$1" "$2" "${3:-86400}" "${4:-2}" <<'PY'
import datetime, json, sys
path, name, status, age, rev = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
t = datetime.datetime.now(datetime.timezone.utc) - datetime.timedelta(seconds=age)
json.dump({"name": name, "version": rev, "info": {"status": status, "last_deployed": t.strftime("%Y-%m-%dT%H:%M:%S.%f123Z")},
           "chart": {"metadata": {"name": name.split("-", 1)[-1], "version": "0.1.0"}}}, open(path, "w"))
PY
}
clear_records() { rm -rf "$T/status"; mkdir -p "$T/status"; }

# --- uninstall: a release that was not there is "not installed", and the count says so ---
clear_records
record test-panda deployed
reset_log
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" uninstall -C "$R"
expect_rc 0 "uninstall of a deployment where 1 release of 6 exists: exit 0"
# (7: the snapshot release is the uninstall's last job, not there either: t_snapshot_safety)
expect_err '^1 of 7 uninstalled, 6 not installed$' "uninstall summary: 1 of 7 uninstalled, 6 not installed"
expect_err '^test-panda +panda +uninstalled ' "the release that was there: uninstalled"
expect_err '^test-msgsvc +msgsvc +not installed ' "a release that was not there: not installed"
expect_err 'not installed +test-bigmon ' "its progress line says not installed too"
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" uninstall -C "$R" -o json
python3 - "$T/out" <<'PY' && ok "uninstall -o json: result not installed" || { not_ok "uninstall -o json"; show; }
import json, sys
r = {x["name"]: x["result"] for x in json.load(open(sys.argv[1]))["releases"]}
assert r["test-panda"] == "uninstalled" and r["test-iam"] == "not installed", r
PY

# --- a typo is not a deployment: -e sphnix (no values-sphnix.yaml anywhere) ---
looked="looked for $R/helm/msgsvc/values/values-sphnix.yaml, $R/helm/iam/values/values-sphnix.yaml, .*$R/helm/bigmon/values/values-sphnix.yaml\)"
for cmd in install upgrade apply; do
    reset_log
    run "$HP_BIN" "$cmd" -C "$R" -e sphnix
    expect_rc 2 "$cmd -e sphnix: exit 2"
    expect_err "^helm-panda: error: -e sphnix: no selected component has values/values-sphnix.yaml \($looked$" \
        "$cmd -e sphnix: one line naming the experiment and the files looked for"
    expect_lines "$T/err" 1 "$cmd -e sphnix: nothing else said"
    [ ! -s "$T/rec.log" ] && ok "$cmd -e sphnix: no helm call" || { not_ok "$cmd -e sphnix called helm"; cat "$T/rec.log"; }
done
run "$HP_BIN" install -C "$R" -e sphenix -c msgsvc,iam
expect_rc 2 "-e sphenix with only components that have no values-sphenix.yaml: exit 2"
reset_log
run "$HP_BIN" install -C "$R" -e sphenix -c msgsvc,panda
expect_rc 0 "-e sphenix where one selected component has it: deploys"
run "$HP_BIN" template -C "$R" -e sphnix
expect_rc 0 "template -e sphnix: renders (a warning only)"
expect_err "^helm-panda: warning: -e sphnix: no selected component has values/values-sphnix.yaml \($looked$" \
    "template -e sphnix: the warning names the files looked for"
run "$HP_BIN" install -t -C "$R" -e sphnix
expect_rc 0 "install -t (template) -e sphnix: a warning only"
# the secrets chart: install/upgrade stop, template warns
for cmd in install upgrade; do
    reset_log
    run "$HP_BIN" secrets "$cmd" -C "$R" -e sphnix
    expect_rc 2 "secrets $cmd -e sphnix: exit 2"
    expect_err "^helm-panda: error: -e sphnix: no values-sphnix.yaml in the secrets chart \(looked for $R/secrets/values-sphnix.yaml\)$" \
        "secrets $cmd -e sphnix: one line naming the file looked for"
    [ ! -s "$T/rec.log" ] && ok "secrets $cmd -e sphnix: no helm call" || { not_ok "secrets $cmd -e sphnix called helm"; cat "$T/rec.log"; }
done
run "$HP_BIN" secrets template -C "$R" -e sphnix
expect_rc 0 "secrets template -e sphnix: renders"
expect_err "^helm-panda: warning: -e sphnix: no values-sphnix.yaml in the secrets chart" "secrets template -e sphnix: warns"

# --- apply retries what is not deployed: helm-diff compares with the last revision, whatever its
# state, so a release whose last upgrade failed diffs "unchanged" ---
helm plugin install "$ROOT/tests/integration/helm-diff-standin" >/dev/null 2>&1 && ok "stand-in helm-diff installed" ||
    not_ok "stand-in helm-diff install"
export HP_DIFF_STATE=$T/state HP_DIFF_LOG=$T/diff.log
mkdir -p "$T/state" "$T/listed"
HP_DIFF_SAVE=1 "$HP_BIN" diff -C "$R" -q >/dev/null 2>&1 # every release "installed" as planned
clear_records
for c in msgsvc iam harvester idds bigmon; do : >"$T/listed/test-$c"; done # deployed
record test-panda failed 600 3
reset_log
run env HP_REC_LIST_DIR="$T/listed" HP_REC_STATUS_DIR="$T/status" "$HP_BIN" diff -C "$R"
expect_rc 0 "diff with a failed release: exit 0"
expect_out '^test-panda +panda +changed +0 +0 +0  last revision failed, not deployed: upgrade owed$' \
    "diff table: a failed release is changed, and the note says why"
expect_out '^=== test-panda \(panda\): changed, 0 added, 0 changed, 0 removed; last revision failed, not deployed: upgrade owed$' \
    "diff header says why too"
expect_out '^test-iam +iam +unchanged +0 +0 +0 *$' "a deployed, unchanged release stays unchanged"
expect_out '^1 of 6 would change \(0 new, 1 changed\), 5 unchanged$' "diff: the closing line counts it"
run env HP_REC_LIST_DIR="$T/listed" HP_REC_STATUS_DIR="$T/status" "$HP_BIN" diff -C "$R" -o json
python3 - "$T/out" <<'PY' && ok "diff -o json: changed, lastRevision failed" || { not_ok "diff -o json lastRevision"; show; }
import json, sys
r = {x["name"]: x for x in json.load(open(sys.argv[1]))["releases"]}
assert r["test-panda"]["status"] == "changed" and r["test-panda"]["lastRevision"] == "failed", r["test-panda"]
assert "lastRevision" not in r["test-iam"]
PY
for st in pending-upgrade superseded uninstalled; do
    record test-panda "$st" 86400 3
    reset_log
    run env HP_REC_LIST_DIR="$T/listed" HP_REC_STATUS_DIR="$T/status" "$HP_BIN" apply -C "$R"
    expect_rc 0 "apply with panda $st: exit 0"
    [ "$(calls upgrade)" = "test-panda " ] && ok "apply upgrades the $st release (and only it)" ||
        { not_ok "apply with panda $st upgraded: $(calls upgrade)"; show; }
    expect_err "^test-panda +panda +changed \+0 ~0 -0, last $st +upgraded " "apply summary: changed, last $st"
done
record test-panda failed 600 3
reset_log
run env HP_REC_LIST_DIR="$T/listed" HP_REC_STATUS_DIR="$T/status" "$HP_BIN" apply -C "$R"
[ "$(calls upgrade)" = "test-panda " ] && ok "apply upgrades the failed release" || { not_ok "apply upgraded: $(calls upgrade)"; show; }
expect_err '^1 of 1 upgraded, 5 unchanged$' "apply: 1 upgraded, 5 unchanged"
record test-panda deployed 600 3
reset_log
run env HP_REC_LIST_DIR="$T/listed" HP_REC_STATUS_DIR="$T/status" "$HP_BIN" apply -C "$R"
[ -z "$(calls upgrade)" ] && ok "apply: all deployed and unchanged, nothing upgraded" || not_ok "apply upgraded: $(calls upgrade)"

# --- install --recover-pending never acts on someone else's operation ---
unset HP_DIFF_STATE HP_DIFF_LOG
clear_records
record test-panda pending-upgrade 60 4
reset_log
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" install -C "$R" --recover-pending
expect_rc 1 "--recover-pending with a release pending for a minute: exit 1"
expect_err '^helm-panda: error: test-panda: pending-upgrade since [0-9T:.-]+Z \(revision 4, 1m0[0-9]s ago\): another helm may still be working on it; --recover-pending leaves a release alone for max\(--timeout, 15m\) = 15m00s: wait, or add --recover-recent-pending if you know nothing is$' \
    "one line: the release, its state, since when, the revision, and the override"
expect_lines "$T/err" 1 "nothing else said"
[ -z "$(calls rollback)$(calls uninstall)$(calls upgrade)" ] && ok "nothing rolled back, uninstalled or installed" ||
    { not_ok "helm calls after the refusal"; grep '^A' "$T/rec.log"; }
# an old one beside the recent one: nothing is half done
record test-iam pending-install 7200 1
reset_log
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" install -C "$R" --recover-pending
expect_rc 1 "a recent and an old pending release: exit 1"
[ -z "$(calls rollback)$(calls uninstall)$(calls upgrade)" ] && ok "the old one is not recovered either (nothing half done)" ||
    { not_ok "helm calls after the refusal"; grep '^A' "$T/rec.log"; }
# the operator who knows
reset_log
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" install -C "$R" --recover-recent-pending
expect_rc 0 "--recover-recent-pending: exit 0"
[ "$(calls rollback)" = "test-panda " ] && [ "$(calls uninstall)" = "test-iam " ] &&
    ok "--recover-recent-pending: the recent pending-upgrade rolled back, the old pending-install uninstalled" ||
    { not_ok "recovery calls: rollback $(calls rollback) uninstall $(calls uninstall)"; show; }
[ "$(calls upgrade | wc -w)" = 6 ] && ok "then the install" || not_ok "upgrades: $(calls upgrade)"
# older than max(--timeout, 15m): recovered as before; a longer --timeout widens the window
clear_records
record test-panda pending-upgrade 1200 4
reset_log
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" install -C "$R" --recover-pending
expect_rc 0 "a release pending for 20 minutes: recovered, exit 0"
[ "$(calls rollback)" = "test-panda " ] && ok "20 minutes (> 15m): rolled back" || { not_ok "rollback: $(calls rollback)"; show; }
reset_log
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" install -C "$R" --recover-pending --timeout 30m
expect_rc 1 "--timeout 30m: a release pending for 20 minutes is refused"
expect_err 'test-panda: pending-upgrade since .*\(revision 4, 20m0[0-9]s ago\).* = 30m00s:' "the window is --timeout when longer"
[ -z "$(calls rollback)" ] && ok "--timeout 30m: not rolled back" || not_ok "rolled back within --timeout"
# helm does not say when: refused (it may be brand new)
python3 -c 'import json,sys; p=sys.argv[1]; r=json.load(open(p)); del r["info"]["last_deployed"]; json.dump(r, open(p,"w"))' \
    "$T/status/test-panda.json"
run env HP_REC_STATUS_DIR="$T/status" "$HP_BIN" install -C "$R" --recover-pending
expect_rc 1 "a pending release without a time: refused"
expect_err '^helm-panda: error: test-panda: pending-upgrade since an unknown time \(revision 4, age unknown\)' "says the time is unknown"
run "$HP_BIN" install -C "$R" --recover-pending --timeout 10x
expect_rc 2 "--recover-pending --timeout 10x: exit 2"
expect_err '--timeout 10x: not a duration' "names the bad --timeout"

# --- two runs at once on one namespace: the second stops at the first release helm reports busy ---
printf 'components:\n  bigmon: {needs: [msgsvc]}\n' >"$R/helm-panda.yaml" # bigmon does not need iam
clear_records
record test-iam pending-upgrade 5 7
busy='^helm-panda: error: test-iam: helm reports another operation in progress \(pending-upgrade since [0-9T:.-]+Z \(revision 7, [0-9]+s ago\)\): another helm is at work on it, or one was killed mid-operation; nothing further started. If no helm is: install --recover-pending \(a release pending for max\(--timeout, 15m\)\) or --recover-recent-pending$'
for kg in "" --keep-going; do
    reset_log
    run env HP_REC_STATUS_DIR="$T/status" HP_REC_BUSY_RELEASE=test-iam HP_REC_SLEEP_RELEASE=test-msgsvc:1 \
        "$HP_BIN" install -C "$R" $kg
    expect_rc 1 "install${kg:+ $kg} with iam busy: exit 1"
    [ "$(sorted_calls upgrade)" = "test-iam test-msgsvc " ] &&
        ok "install${kg:+ $kg}: nothing started after the busy release (not even bigmon, which needs only msgsvc)" ||
        { not_ok "install${kg:+ $kg} started: $(calls upgrade)"; show; }
    expect_err "$busy" "install${kg:+ $kg}: one line names the busy release, its state, since when, its revision"
    [ "$(grep -c '^helm-panda: error:' "$T/err")" = 1 ] && ok "install${kg:+ $kg}: one error line" ||
        { not_ok "error lines: $(grep -c '^helm-panda: error:' "$T/err")"; show; }
    expect_err '^test-bigmon +bigmon +not started' "install${kg:+ $kg}: the summary says bigmon was not started"
done
# apply: the same stop
export HP_DIFF_STATE=$T/state2 HP_DIFF_LOG=$T/diff.log
mkdir -p "$T/state2"
reset_log
run env HP_REC_STATUS_DIR="$T/status" HP_REC_BUSY_RELEASE=test-iam HP_REC_SLEEP_RELEASE=test-msgsvc:1 \
    "$HP_BIN" apply -C "$R" --keep-going
expect_rc 1 "apply --keep-going with iam busy: exit 1"
[ "$(sorted_calls upgrade)" = "test-iam test-msgsvc " ] && ok "apply --keep-going: nothing started after the busy release" ||
    { not_ok "apply started: $(calls upgrade)"; show; }
expect_err "$busy" "apply: the same one line"
# a plain failure with --keep-going still runs what does not depend on it
reset_log
run env HP_REC_STATUS_DIR="$T/status" HP_REC_FAIL_RELEASE=test-iam HP_REC_SLEEP_RELEASE=test-msgsvc:1 \
    "$HP_BIN" install -C "$R" --keep-going
[ "$(calls upgrade | wc -w)" = 3 ] && ok "--keep-going after an ordinary failure: bigmon still runs" ||
    { not_ok "--keep-going ran: $(calls upgrade)"; show; }
rm -f "$R/helm-panda.yaml"
