# The snapshot release (helm panda history/rollback) under uninstall and signals, as users run
# it: `helm panda ...` through helm from PATH with the plugin installed by `helm plugin install`,
# and the recording helm as "helm" first on PATH.
# 1. uninstall of the whole deployment removes the snapshot release as the last job of its plan:
#    shown by --dry-run (text and JSON), started only after every release is gone, one row of the
#    summary, skipped when a release failed, not started when a signal came first, not there
#    with -c/-d.
# 2. SIGHUP, SIGTERM or SIGINT during the snapshot write: the write's helm is not stopped (a
#    second or so, no --wait: stopped, it would leave the release locked), one line says so, the
#    snapshot is recorded, exit 129/143/130; a second SIGTERM kills it at once: the record as it
#    was before (no half snapshot recorded as good), and the next install records its snapshot.
# Mutants tried (each caught here, see the commit messages).
. "$HP_ROOT/tests/integration/lib.sh"
need_tools pgrep flock

install_plugin || exit 0
. "$HP_ROOT/tests/integration/snapshot_lib.sh" # $R, the recording helm, reset_log, start/wait_for/finish
# q EXPR: a python assertion over the log: S/E start and end times by "cmd release", RC, calls
q() {
    python3 - "$T/rec.log" "$1" <<'PY'
import sys
S, E, RC, calls = {}, {}, {}, []
for line in open(sys.argv[1]):
    f = line.split()
    if len(f) < 5 or f[0] not in ('S', 'E'):
        continue
    k = f[3] + " " + f[4]
    if f[0] == 'S':
        S[k] = float(f[1]); calls.append(k)
    else:
        E[k] = float(f[1]); RC[k] = int(f[5])
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}
check() { if q "$1"; then ok "$2"; else not_ok "$2"; grep -v '^A' "$T/rec.log"; show; fi; }
snap_ids() { py_ids <"$HP_REC_SNAP_DIR/values.json"; }
py_ids() { python3 -c 'import json, sys; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)["snapshots"]))'; }
REL="test-msgsvc test-iam test-panda test-harvester test-idds test-bigmon"

# --- a good install records snapshot 1 ---
reset_log
run helm panda install -C "$R" -q
expect_rc 0 "install exits 0"
[ "$(snap_ids)" = 1 ] && ok "the install recorded snapshot 1" || { not_ok "snapshots: $(snap_ids)"; show; }

# --- the record and the releases' revisions are asked at once, after the last release (issue 27:
#     two helm starts side by side, not in series, at the end of the operator's wait). The
#     recorder's get values waits for a list to start: asked in series, the list starts only
#     after the get has ended ---
reset_log
run env HP_REC_GET_WAITS_LIST=1 helm panda install -C "$R" -q
expect_rc 0 "install with the record and the list asked at once: exit 0"
check 'S["list list"] < E["get test-panda-snapshots"]' "the list of revisions starts while the record is read"
check 'all(S["get test-panda-snapshots"] >= E["upgrade " + r] and S["list list"] >= E["upgrade " + r] for r in "'"$REL"'".split())' \
    "both start after every release is done (the revisions are the run's)"
check 'calls.count("list list") == 1' "one list for a whole install"
[ "$(snap_ids)" = "1 2" ] && ok "the install recorded snapshot 2" || { not_ok "snapshots: $(snap_ids)"; show; }

# --- 1. uninstall --dry-run shows the snapshot release last ---
reset_log
run helm panda uninstall -C "$R" --dry-run
expect_rc 0 "uninstall --dry-run exits 0"
expect_out '^# last, once every release above is gone$' "--dry-run: the last job has its heading"
expect_out '^#   test-panda-snapshots \(panda-snapshots\)$' "--dry-run: it names the snapshot release"
last_cmd='^[^ ]*/helm uninstall test-panda-snapshots --ignore-not-found --namespace default$'
expect_out "$last_cmd" "--dry-run: its helm command"
tail -n 1 "$T/out" | grep -Eq -- "$last_cmd" &&
    ok "--dry-run: the snapshot release is the last thing printed" || { not_ok "last line of --dry-run"; show; }
[ ! -s "$T/rec.log" ] || ! grep -q '^S ' "$T/rec.log" && ok "--dry-run ran no helm call" || not_ok "--dry-run called helm"
run helm panda uninstall -C "$R" --dry-run -o json
if python3 -c 'import json,sys; l=json.load(open(sys.argv[1]))["last"]; assert l["name"]=="test-panda-snapshots" and l["argv"][1:4]==["uninstall","test-panda-snapshots","--ignore-not-found"], l' "$T/out"; then
    ok "--dry-run -o json: \"last\" is the snapshot release's uninstall"
else not_ok "--dry-run -o json last"; show; fi
run helm panda uninstall -C "$R" -c iam --dry-run
! grep -q snapshots "$T/out" && ok "uninstall -c iam --dry-run: no snapshot release" || { not_ok "-c shows the snapshots"; show; }
run helm panda uninstall -C "$R" -d bigmon --dry-run
! grep -q snapshots "$T/out" && ok "uninstall -d bigmon --dry-run: no snapshot release" || { not_ok "-d shows the snapshots"; show; }

# --- 1. uninstall: the snapshot release after every release, in the summary ---
reset_log
run helm panda uninstall -C "$R"
expect_rc 0 "uninstall exits 0"
check 'all(S["uninstall test-panda-snapshots"] >= E["uninstall " + r] for r in "'"$REL"'".split())' \
    "the snapshot release is uninstalled after every release is gone"
check 'calls[-1] == "uninstall test-panda-snapshots" and RC["uninstall test-panda-snapshots"] == 0' \
    "the snapshot release's uninstall is the run's last helm call"
expect_err '^test-panda-snapshots +panda-snapshots +uninstalled ' "the summary has a row for the snapshot release"
expect_err '^7 of 7 uninstalled$' "the summary counts it: 7 of 7 uninstalled"
expect_err 'test-panda-snapshots uninstalled: the deployment.s snapshots \(helm panda history\) went with it' \
    "it says the snapshots went with the deployment"
run helm panda uninstall -C "$R" -o json
if python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["releases"]; assert r[-1]["name"]=="test-panda-snapshots" and r[-1]["component"]=="panda-snapshots" and r[-1]["result"]=="uninstalled", r[-1]' "$T/out"; then
    ok "-o json: the snapshot release is the summary's last entry"
else not_ok "-o json summary"; show; fi

# --- 1. -c: the snapshots stay ---
reset_log
run helm panda uninstall -C "$R" -c iam
expect_rc 0 "uninstall -c iam exits 0"
check '"uninstall test-panda-snapshots" not in calls' "uninstall -c iam leaves the snapshot release alone"

# --- 1. a release fails: the snapshot release is kept ---
reset_log
run env HP_REC_FAIL_RELEASE=test-iam helm panda uninstall -C "$R"
expect_rc 1 "uninstall with test-iam failing exits 1"
check '"uninstall test-panda-snapshots" not in calls' "a release failed: the snapshot release is not uninstalled"
expect_err '^test-panda-snapshots +panda-snapshots +(skipped|not started) ' "the summary says it was not run"

# --- 1. SIGTERM while releases go: the snapshot release is not uninstalled ---
start HP_REC_SLEEP_RELEASE=test-msgsvc:300 helm panda uninstall -C "$R"
wait_for '^S .* uninstall test-msgsvc$' && kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM during uninstall: exit 143"
check '"uninstall test-panda-snapshots" not in calls' "SIGTERM: the snapshot release is not uninstalled"
expect_err '^test-panda-snapshots +panda-snapshots +not started ' "SIGTERM: the summary says the snapshots were not started"

# --- 2. a signal during the snapshot write: the write finishes, the run ends interrupted ---
reset_log
rm -rf "$HP_REC_SNAP_DIR"
mkdir -p "$HP_REC_SNAP_DIR"
run helm panda install -C "$R" -q
[ "$(snap_ids)" = 1 ] && ok "a fresh install records snapshot 1" || { not_ok "snapshots: $(snap_ids)"; show; }
# wait_err ERE: until the plugin's stderr has such a line (<= 120 s)
wait_err() {
    wait_until 120 grep -Eq -- "$1" "$T/err" 2>/dev/null && return 0
    not_ok "timed out waiting for /$1/ on the plugin's stderr"
    return 1
}
ids=1
for sig in HUP TERM INT; do
    case $sig in HUP) want=129 ;; TERM) want=143 ;; INT) want=130 ;; esac
    rm -f "$T/gate"
    # the write's helm waits for the gate: the signal surely comes while it runs
    start HP_REC_SNAP_GATE="$T/gate" helm panda install -C "$R"
    wait_for '^S .* upgrade test-panda-snapshots$' && kill -$sig "$plug"
    wait_err "^helm-panda: warning: SIG$sig: finishing the snapshot write" && touch "$T/gate"
    finish
    ids="$ids $((${ids##* } + 1))"
    expect_rc $want "SIG$sig during the snapshot write: exit $want"
    ! grep -q '^I ' "$T/rec.log" && ok "SIG$sig: the snapshot write's helm was not stopped" ||
        { not_ok "SIG$sig forwarded"; grep -v '^A' "$T/rec.log"; }
    check 'RC["upgrade test-panda-snapshots"] == 0' "SIG$sig: the snapshot write finished (exit 0)"
    expect_err "^helm-panda: warning: SIG$sig: finishing the snapshot write \(a second or so, no --wait\); a second signal kills it$" \
        "SIG$sig: one line says the snapshot is being finished"
    expect_err 'snapshot recorded in release test-panda-snapshots' "SIG$sig: the snapshot is said to be recorded"
    [ "$(snap_ids)" = "$ids" ] && ok "SIG$sig: the record holds snapshots $ids" || not_ok "SIG$sig: snapshots: $(snap_ids)"
done

# --- 2. a second signal kills the write at once: the record as before ---
cp "$HP_REC_SNAP_DIR/values.json" "$T/snap-before.json"
rm -f "$T/gate"
start HP_REC_SNAP_GATE="$T/gate" helm panda install -C "$R"
wait_for '^S .* upgrade test-panda-snapshots$' && kill -TERM "$plug"
wait_err '^helm-panda: warning: SIGTERM: finishing the snapshot write' && kill -TERM "$plug"
finish
expect_rc 143 "two SIGTERMs during the snapshot write: exit 143"
# killed (SIGKILL: no line of its own) before its gate's bound (60 s) would let it write
check '"upgrade test-panda-snapshots" not in E' "second SIGTERM: the snapshot write's helm was killed"
cmp -s "$HP_REC_SNAP_DIR/values.json" "$T/snap-before.json" &&
    ok "second SIGTERM: the record is as before (no half snapshot)" || not_ok "second SIGTERM: the record changed: $(snap_ids)"
! grep -q 'snapshot recorded in release' "$T/err" && ok "second SIGTERM: no snapshot said to be recorded" || { not_ok "says recorded"; show; }
expect_err 'no snapshot recorded' "second SIGTERM: it says no snapshot was recorded"
reset_log
run helm panda install -C "$R"
expect_rc 0 "the next install exits 0"
expect_err 'snapshot recorded in release test-panda-snapshots' "the next install records its snapshot"
ids="$ids $((${ids##* } + 1))"
[ "$(snap_ids)" = "$ids" ] && ok "the record holds snapshots $ids" || not_ok "snapshots: $(snap_ids)"
