# Snapshots, history and rollback (issue 26) through the recording helm
# (tests/integration/helm_recorder.sh): its `helm list` answers come from release records, the
# snapshot release lives in a folder (HP_REC_SNAP_DIR: `get values`, the snapshot upgrade,
# `helm history` of each release). The real cluster's side is tests/e2e/t_rollback.sh.
#   a successful install records a snapshot, a failed one records nothing;
#   a revision helm has pruned is named and nothing is rolled back;
#   --dry-run runs nothing; rollback goes dependents first, stage after stage;
#   a release added since is left alone, uninstalled first with --prune;
#   Ctrl-C during a rollback: nothing further started, 130, no snapshot of a half-done state;
#   secrets upgrade records the secrets release, which a rollback takes back last.
# Each check's mutant is named in the commit that added it.
. "$HP_ROOT/tests/integration/lib.sh"

cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
mkdir -p "$T/snap/history"
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm HP_REC_CHECK=0
export HELM_BIN=$ROOT/tests/integration/helm_recorder.sh HP_REC_SNAP_DIR=$T/snap HP_REC_STATUS_DIR=$T/status
reset_log() { rm -f "$T/rec.log" "$T/rec.log.count" "$T/rec.log.lock"; }
calls() { grep -P '^S ' "$T/rec.log" 2>/dev/null | awk -v c="$1" '$4 == c {print $5}' | tr '\n' ' '; }
# record NAME REVISION [STATUS]: the release as helm lists it
record() {
    mkdir -p "$T/status"
    python3 - "$T/status/$1.json" "$1" "$2" "${3:-deployed}" <<'PY'
import json, sys
path, name, rev, status = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
json.dump({"name": name, "version": rev, "info": {"status": status, "last_deployed": "2026-12-07T00:00:00Z"},
           "chart": {"metadata": {"name": name.split("-", 1)[-1], "version": "0.1.0"}}}, open(path, "w"))
PY
}
# history NAME REV...: the revisions helm still keeps of NAME
history() {
    n=$1
    shift
    python3 -c 'import json, sys; print(json.dumps([{"revision": int(r), "status": "superseded"} for r in sys.argv[1:]]))' \
        "$@" >"$T/snap/history/$n.json"
}
snap_ids() { python3 -c 'import json, sys; print(" ".join(str(s["id"]) for s in json.load(open(sys.argv[1]))["snapshots"]))' "$T/snap/values.json"; }
ALL="test-msgsvc test-iam test-panda test-harvester test-idds test-bigmon"
for r in $ALL; do record "$r" 1; history "$r" 1; done

# --- a successful install records a snapshot of every release ---
reset_log
run "$HP_BIN" install -C "$R"
expect_rc 0 "install exits 0"
expect_err "snapshot recorded in release test-panda-snapshots" "install says a snapshot was recorded"
if [ "$(snap_ids)" = 1 ]; then ok "one snapshot in the record"; else not_ok "snapshots: $(snap_ids)"; fi
run "$HP_BIN" history -C "$R"
expect_rc 0 "history exits 0"
expect_out '^1 .* install .*test-panda:1 .*test-bigmon:1' "history lists snapshot 1 with every release at revision 1"
run "$HP_BIN" history -C "$R" -o json
check_json() { if python3 -c "import json, sys; d = json.load(open('$T/out')); sys.exit(0 if ($1) else 1)"; then ok "$2"; else not_ok "$2"; show; fi; }
check_json 'd["snapshots"][0]["releases"][2]["name"] == "test-panda" and d["snapshots"][0]["releases"][2]["stage"] == 1 and d["snapshots"][0]["releases"][2]["valuesDigest"].startswith("sha256:")' \
    "history -o json: the release, its stage and its values digest"

# --- a failed install records nothing ---
for r in test-panda test-harvester; do record "$r" 2; history "$r" 1 2; done
run env HP_REC_FAIL_RELEASE=test-bigmon "$HP_BIN" install -C "$R"
expect_rc 1 "a failing install exits 1"
if [ "$(snap_ids)" = 1 ]; then ok "the failed install recorded no snapshot"; else not_ok "snapshots after a failed run: $(snap_ids)"; fi

# --- a pruned revision: named, nothing rolled back ---
history test-harvester 2
reset_log
run "$HP_BIN" rollback -C "$R"
expect_rc 1 "rollback to a pruned revision exits 1"
expect_err 'snapshot 1 cannot be restored: helm has pruned test-harvester revision 1' "the pruned revision is named"
if [ -z "$(calls rollback)" ]; then ok "nothing rolled back"; else not_ok "rolled back: $(calls rollback)"; fi
history test-harvester 1 2

# --- --dry-run changes nothing; the plan goes dependents first ---
reset_log
run "$HP_BIN" rollback -C "$R" --dry-run
expect_rc 0 "rollback --dry-run exits 0"
if [ -z "$(calls rollback)" ]; then ok "--dry-run rolled nothing back"; else not_ok "--dry-run ran: $(calls rollback)"; fi
expect_out 'stage 2: rollback test-harvester from revision 2 to 1' "--dry-run names harvester's rollback"
if [ "$(grep -n 'rollback test-harvester' "$T/out" | head -1 | cut -d: -f1)" -lt "$(grep -n 'rollback test-panda' "$T/out" | head -1 | cut -d: -f1)" ]; then
    ok "--dry-run lists harvester (a dependent) before panda"
else
    not_ok "--dry-run order"; show
fi

# --- rollback: harvester, then panda once harvester is done ---
reset_log
run env HP_REC_SLEEP=1 HP_REC_SLEEP_ONLY=rollback "$HP_BIN" rollback -C "$R"
expect_rc 0 "rollback exits 0"
if [ "$(calls rollback)" = "test-harvester test-panda " ]; then ok "only the changed releases, harvester first"; else not_ok "rollbacks: $(calls rollback)"; fi
h_end=$(awk '$1 == "E" && $4 == "rollback" && $5 == "test-harvester" {print $2}' "$T/rec.log")
p_start=$(awk '$1 == "S" && $4 == "rollback" && $5 == "test-panda" {print $2}' "$T/rec.log")
if python3 -c "import sys; sys.exit(0 if float('$p_start') >= float('$h_end') else 1)"; then
    ok "panda's rollback starts after harvester's has ended"
else
    not_ok "panda started at $p_start, harvester ended at $h_end"
fi
if grep -q $'^A [0-9]*\trollback\ttest-panda\t1\t' "$T/rec.log"; then ok "helm rollback test-panda 1"; else not_ok "argv"; grep '^A' "$T/rec.log"; fi
if [ "$(snap_ids)" = "1 2" ]; then ok "the rollback recorded snapshot 2"; else not_ok "snapshots: $(snap_ids)"; fi

# --- a release added since: left alone, or uninstalled first with --prune ---
record test-extra 1
python3 - "$T/snap/values.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
d["snapshots"][-1]["releases"].append({"name": "test-extra", "revision": 1, "stage": 3})
json.dump(d, open(sys.argv[1], "w"))
PY
for r in test-panda test-harvester; do record "$r" 3; history "$r" 1 2 3; done
reset_log
run "$HP_BIN" rollback -C "$R" 1
expect_rc 0 "rollback 1 exits 0"
expect_err 'test-panda +rolled back' "panda rolled back"
if [ -z "$(calls uninstall)" ]; then ok "without --prune the added release stays"; else not_ok "uninstalled: $(calls uninstall)"; fi
for r in test-panda test-harvester; do record "$r" 3; done
reset_log
run "$HP_BIN" rollback -C "$R" 1 --prune --dry-run
expect_out '^uninstall test-extra \(revision 1\): installed since snapshot 1' "--prune --dry-run lists the uninstall"
if [ "$(grep -vn '^#' "$T/out" | head -1 | grep -c 'uninstall test-extra')" = 1 ]; then ok "the uninstall is listed first"; else not_ok "order"; show; fi
reset_log
run env HP_REC_SLEEP=1 HP_REC_SLEEP_ONLY=uninstall "$HP_BIN" rollback -C "$R" 1 --prune
expect_rc 0 "rollback --prune exits 0"
if [ "$(calls uninstall)" = "test-extra " ]; then ok "--prune uninstalled test-extra"; else not_ok "uninstalled: $(calls uninstall)"; fi
u_end=$(awk '$1 == "E" && $4 == "uninstall" {print $2}' "$T/rec.log")
first_rb=$(awk '$1 == "S" && $4 == "rollback" {print $2}' "$T/rec.log" | sort -n | head -1)
if python3 -c "import sys; sys.exit(0 if float('$first_rb') >= float('$u_end') else 1)"; then ok "the uninstall ends before the first rollback"; else not_ok "prune order"; fi
rm -f "$T/status/test-extra.json"

# --- Ctrl-C during a rollback ---
for r in test-panda test-harvester; do record "$r" 4; history "$r" 1 2 3 4; done
before=$(snap_ids)
reset_log
HP_REC_SLEEP_RELEASE=test-harvester:300 HP_REC_SLEEP_ONLY=rollback "$HP_BIN" rollback -C "$R" 1 >"$T/out" 2>"$T/err" &
pid=$!
wait_until 60 grep -q '^S .* rollback test-harvester' "$T/rec.log" 2>/dev/null
kill -INT "$pid"
wait "$pid"
RC=$?
expect_rc 130 "Ctrl-C during rollback exits 130"
if grep -q '^I .* rollback test-harvester SIGINT' "$T/rec.log"; then ok "the running helm rollback got SIGINT"; else not_ok "no SIGINT forwarded"; fi
if [ -z "$(awk '$1 == "S" && $4 == "rollback" && $5 == "test-panda"' "$T/rec.log")" ]; then ok "panda's rollback never started"; else not_ok "panda started"; fi
expect_err 'test-panda +not started' "the summary says panda was not started"
if [ "$(snap_ids)" = "$before" ]; then ok "no snapshot of an interrupted rollback"; else not_ok "snapshots: $(snap_ids)"; fi

# --- secrets upgrade: a snapshot with the secrets release, which a rollback takes back last ---
record panda-secrets 1
history panda-secrets 1
for r in test-panda test-harvester; do record "$r" 4; done
reset_log
run "$HP_BIN" secrets upgrade -C "$R"
expect_rc 0 "secrets upgrade exits 0"
last=$(snap_ids | awk '{print $NF}')
python3 -c 'import json, sys; s = json.load(open(sys.argv[1]))["snapshots"][-1]; r = {x["name"]: x for x in s["releases"]}
sys.exit(0 if s["command"] == "secrets upgrade" and r["panda-secrets"]["stage"] == -1 and r["test-panda"]["revision"] == 4 else 1)' \
    "$T/snap/values.json" && ok "secrets upgrade recorded the secrets release (stage -1) with the others" || { not_ok "secrets snapshot"; cat "$T/snap/values.json"; }
record panda-secrets 2
history panda-secrets 1 2
record test-iam 2
history test-iam 1 2
reset_log
run env HP_REC_SLEEP=1 HP_REC_SLEEP_ONLY=rollback "$HP_BIN" rollback -C "$R" "$last"
expect_rc 0 "rollback to the secrets upgrade's snapshot"
if [ "$(calls rollback)" = "test-iam panda-secrets " ]; then ok "the secrets release rolled back last"; else not_ok "rollbacks: $(calls rollback)"; fi

# --- usage ---
run "$HP_BIN" rollback -C "$R" abc
expect_rc 2 "a snapshot that is not a number is a usage error"
run env HP_REC_FAIL_RELEASE=test-panda-snapshots "$HP_BIN" rollback -C "$R"
expect_rc 1 "helm get values failing: exit 1 (helm's failure, not the command line's)"
expect_err '^helm-panda: error: helm get values test-panda-snapshots: .*fails on purpose' "the failing helm call is named"
run "$HP_BIN" rollback -C "$R" 99
expect_rc 1 "an unknown snapshot exits 1"
expect_err 'no snapshot 99 in release test-panda-snapshots' "the unknown snapshot is named"
