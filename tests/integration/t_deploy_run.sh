# helm panda install/uninstall/status through the recording helm: DAG order, parallelism,
# fail-fast, --keep-going, Ctrl-C, exit codes. Every install call is checked by helm 4
# `install --dry-run=client` with the same chart, values and sets.
# status: the recorder prints `status -o json` and `list -o json` as real helm does (no chart in
# status). Mutants tried: the chart read from status only (the commit before the fix): the CHART
# rows, the list argv and -o json checks fail under both helms; `list --all` under helm 4 too
# (list.c): the same checks fail under helm 4 (the recorder refuses --all there, as helm 4 does).
. "$HP_ROOT/tests/integration/lib.sh"
need_tools pgrep

cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm
export HELM_BIN=$ROOT/tests/integration/helm_recorder.sh
reset_log() { rm -rf "$T/rec.log" "$T/rec.log.count" "$T/rec.log.lock" "$T/rec.log.snap"; }
# q EXPR: a python assertion over the log: S[name]/E[name] start/end times, RC[name], I (interrupted set),
# calls (list of release names in start order)
q() {
    python3 - "$T/rec.log" "$1" <<'PY'
import sys
S, E, RC, I, calls = {}, {}, {}, set(), []
for line in open(sys.argv[1]):
    f = line.split()
    if not f or f[0] == 'A':
        continue
    if f[4] == 'list' or f[4].endswith('-panda-snapshots'):
        continue  # the snapshot after a successful run (t_rollback tests it)
    if f[0] == 'S':
        S[f[4]] = float(f[1]); calls.append(f[4])
    elif f[0] == 'E':
        E[f[4]] = float(f[1]); RC[f[4]] = int(f[5])
    elif f[0] == 'I':
        I.add(f[4])
sys.exit(0 if eval(sys.argv[2]) else 1)
PY
}
check() { if q "$1"; then ok "$2"; else not_ok "$2"; grep -v '^A' "$T/rec.log"; show; fi; }

# --- a full install: every release checked by helm 4 install --dry-run=client, in DAG order ---
reset_log
run "$HP_BIN" install -C "$R" -e lsst
expect_rc 0 "install of the six components exits 0"
check 'len(calls) == 6 and all(v == 0 for v in RC.values())' "six helm calls, all succeeded"
check 'S["test-panda"] >= max(E["test-msgsvc"], E["test-iam"])' "panda starts after msgsvc and iam are deployed"
check 'all(S[x] >= E["test-panda"] for x in ("test-harvester", "test-idds", "test-bigmon"))' \
    "harvester, idds, bigmon start after panda"
expect_err 'deployed +test-panda \([0-9.]+s\)' "a progress line per release with its time"
expect_err '^6 of 6 deployed$' "summary: 6 of 6 deployed"
grep -P '^A \d+\tupgrade\t--install\ttest-harvester\t' "$T/rec.log" | grep -q "values-lsst" \
    && not_ok "harvester has no values-lsst.yaml" || ok "-e lsst adds no file where the component has none"
# a second run is an upgrade, not a failure
# (helm list answers, as on a cluster: the snapshot after the run needs it, else it warns)
mkdir -p "$T/nolist"
run env HP_REC_LIST_DIR="$T/nolist" "$HP_BIN" install -C "$R" -q
expect_rc 0 "re-running install succeeds (upgrade --install)"
[ ! -s "$T/err" ] && ok "-q: nothing printed on success" || { not_ok "-q is quiet"; show; }

# from here on the tests are about order and outcome: the recorder only records
export HP_REC_CHECK=0

# --- parallel within a stage; --parallel caps it ---
reset_log
run env HP_REC_SLEEP=1 "$HP_BIN" install -C "$R" -c panda,harvester,idds,bigmon --no-wait
expect_rc 0 "install with sleeping helm"
check 'max(S[x] for x in ("test-harvester","test-idds","test-bigmon")) < min(E[x] for x in ("test-harvester","test-idds","test-bigmon"))' \
    "harvester, idds and bigmon run at the same time"
reset_log
run env HP_REC_SLEEP=0.3 "$HP_BIN" install -C "$R" -c msgsvc,iam,bigmon -d bigmon --parallel 1 -q
check 'S["test-iam"] >= E["test-msgsvc"] or S["test-msgsvc"] >= E["test-iam"]' "--parallel 1: one at a time"

# --- DAG-aware, not layer by layer: a release starts when its own needs are done ---
printf 'components:\n  bigmon: {needs: [msgsvc]}\n' >"$R/helm-panda.yaml"
reset_log
run env HP_REC_SLEEP_RELEASE=test-iam:1.5 "$HP_BIN" install -C "$R" -c msgsvc,iam,panda,bigmon
expect_rc 0 "install with a slow iam"
check 'S["test-bigmon"] < E["test-iam"]' "bigmon (needs msgsvc only) does not wait for the slow iam"
check 'S["test-panda"] >= E["test-iam"]' "panda waits for iam"

# --- fail-fast: nothing later starts, running siblings finish, exit non-zero ---
reset_log
run env HP_REC_FAIL_RELEASE=test-iam HP_REC_SLEEP_RELEASE=test-msgsvc:1 "$HP_BIN" install -C "$R"
expect_rc 1 "a failed release: exit 1"
check 'RC["test-iam"] == 1 and RC["test-msgsvc"] == 0' "the running sibling (msgsvc) finished"
check 'set(calls) == {"test-msgsvc", "test-iam"}' "nothing started after the failure (not even bigmon)"
expect_err '^test-panda +panda +skipped +- +needs test-iam \(failed\)$' "summary: panda skipped, naming the failed need"
expect_err '^test-harvester +harvester +skipped +- +needs test-panda \(skipped\)$' "summary: harvester skipped via panda"
expect_err '^test-bigmon +bigmon +not started' "summary: bigmon (independent) not started"
expect_err '^test-iam +iam +failed +[0-9.]+s +exit 1: Error: recorder: ' "summary: iam failed with helm's error"
expect_err 'test-iam \| Error: recorder' "helm's own error text is shown"

# --- --keep-going: everything not depending on the failure still runs ---
reset_log
run env HP_REC_FAIL_RELEASE=test-iam HP_REC_SLEEP_RELEASE=test-msgsvc:0.5 "$HP_BIN" install -C "$R" --keep-going -o json
expect_rc 1 "--keep-going with a failure: exit 1"
check 'RC.get("test-bigmon") == 0 and "test-panda" not in calls' "--keep-going: bigmon deployed, panda not run"
if python3 -c 'import json,sys; r={x["name"]:x for x in json.load(open(sys.argv[1]))["releases"]}; assert r["test-bigmon"]["result"]=="deployed"; assert r["test-iam"]["result"]=="failed" and r["test-iam"]["exitCode"]==1; assert r["test-panda"]["result"]=="skipped" and r["test-panda"]["blockedBy"]=="test-iam"; assert r["test-idds"]["blockedBy"]=="test-panda"' "$T/out"; then
    ok "-o json summary: deployed / failed / skipped with the need"
else not_ok "-o json summary"; show; fi
rm -f "$R/helm-panda.yaml"

# --- the Nth call fails (whatever it is) ---
reset_log
run env HP_REC_FAIL_AT=3 "$HP_BIN" install -C "$R" -q
expect_rc 1 "the 3rd call fails: exit 1"
check 'len(calls) == 3 and calls[2] == "test-panda" and RC["test-panda"] == 1' "the 3rd call is panda; nothing after it"

# --- Ctrl-C: forwarded to the running helm processes, summary, exit 130, no orphans ---
reset_log
env HP_REC_SLEEP=300 "$HP_BIN" install -C "$R" >"$T/out" 2>"$T/err" &
pid=$!
# the log appears with the first call: until then count 0 (grep -c prints nothing for a missing file)
two_started() { [ "$(cat "$T/rec.log" 2>/dev/null | grep -c '^S')" -ge 2 ]; }
wait_until 60 two_started
kill -INT $pid
wait $pid
RC=$?
expect_rc 130 "Ctrl-C: exit 130"
check 'I == {"test-msgsvc", "test-iam"}' "Ctrl-C reached both running helm processes"
expect_err '^test-msgsvc +msgsvc +interrupted' "summary lists the interrupted release"
expect_err '^test-panda +panda +not started' "summary lists what never started"
sleep 0.2
if pgrep -f "$R/helm" >/dev/null; then not_ok "no helm process left behind"; pgrep -af "$R/helm"; else ok "no helm process left behind"; fi

# --- uninstall: dependents first ---
reset_log
run "$HP_BIN" uninstall -C "$R"
expect_rc 0 "uninstall exits 0"
check 'all(E[x] <= S["test-panda"] for x in ("test-harvester","test-idds","test-bigmon"))' "uninstall: harvester, idds, bigmon before panda"
check 'E["test-panda"] <= min(S["test-msgsvc"], S["test-iam"])' "uninstall: panda before msgsvc and iam"
grep -q $'\tuninstall\ttest-panda\t--ignore-not-found' "$T/rec.log" && ok "uninstall --ignore-not-found" \
    || not_ok "uninstall --ignore-not-found"
expect_err '^7 of 7 uninstalled$' "uninstall summary (the six and the snapshot release: t_snapshot_safety)"

# --- status: one table ---
mkdir -p "$T/status"
# the release records (the recorder prints them as real helm does: `status -o json` without the
# chart, which only `list -o json` gives, as "panda-0.1.0")
printf '{"name":"test-panda","info":{"status":"deployed","last_deployed":"2026-01-02T03:04:05Z"},"chart":{"metadata":{"name":"panda","version":"0.1.0","appVersion":"1.0.0"}},"version":3}\n' \
    >"$T/status/test-panda.json"
printf '{"name":"test-iam","info":{"status":"failed"},"chart":{"metadata":{"name":"iam","version":"0.2.0"}},"version":1}\n' >"$T/status/test-iam.json"
reset_log
run env HP_REC_STATUS_DIR=$T/status "$HP_BIN" status -C "$R"
expect_rc 1 "status with releases missing: exit 1"
expect_out '^test-panda +panda +deployed +3 +panda-0.1.0 +2026-01-02T03:04:05Z$' "status: panda deployed, revision 3, chart from helm list"
expect_out '^test-iam +iam +failed +1 +iam-0.2.0 ' "status: iam failed, its own chart"
expect_out '^test-bigmon +bigmon +not installed +- +- ' "status: bigmon not installed, no chart"
all='\t--all'; [ "$HELM_MAJOR" -ge 4 ] && all='' # helm 4 lists every state by itself
[ "$(grep -cP "^A \\d+\\tlist$all\\t--output\\tjson\\t--filter\\t\\^\\(test-msgsvc\\|test-iam\\|test-panda\\|test-harvester\\|test-idds\\|test-bigmon\\)\\\$\$" "$T/rec.log")" = 1 ] &&
    ok "status: one helm list call, filtered to the planned releases" || { not_ok "status: helm list argv"; grep list "$T/rec.log"; }
run env HP_REC_STATUS_DIR=$T/status "$HP_BIN" status -C "$R" -o json
if python3 -c 'import json,sys; s={x["name"]:x for x in json.load(open(sys.argv[1]))["status"]}; assert s["test-panda"]["status"]=="deployed" and s["test-panda"]["revision"]==3; assert s["test-panda"]["chart"]=="panda-0.1.0" and s["test-panda"]["appVersion"]=="1.0.0"; assert s["test-iam"]["chart"]=="iam-0.2.0" and "appVersion" not in s["test-iam"]; assert s["test-idds"]["status"]=="not installed" and "chart" not in s["test-idds"]' "$T/out"; then
    ok "status -o json: chart and appVersion from helm list"
else not_ok "status -o json"; show; fi
run env HP_REC_STATUS_DIR=$T/status "$HP_BIN" status -C "$R" -q
expect_rc 1 "status -q: exit 1 while releases are missing"
[ ! -s "$T/out" ] && ok "status -q prints no table" || { not_ok "status -q prints no table"; show; }
for c in msgsvc iam harvester idds bigmon; do
    printf '{"name":"test-%s","info":{"status":"deployed"},"version":1}\n' "$c" >"$T/status/test-$c.json"
done
printf '{"name":"test-iam","info":{"status":"deployed"},"version":2}\n' >"$T/status/test-iam.json"
run env HP_REC_STATUS_DIR=$T/status "$HP_BIN" status -C "$R" -q
expect_rc 0 "status: exit 0 when every release is deployed"

# --- colour on a TTY only (script(1) gives the run a pseudo-terminal) ---
reset_log
run env TERM=xterm script -qec "'$HP_BIN' install -C '$R' -c msgsvc --no-wait" /dev/null
grep -q $'\033\\[32mdeployed' "$T/out" && ok "on a TTY: coloured result" || { not_ok "on a TTY: coloured result"; show; }
run "$HP_BIN" install -C "$R" -c msgsvc --no-wait
grep -q $'\033' "$T/err" && not_ok "no colour when not a TTY" || ok "no colour when not a TTY"
run env NO_COLOR=1 TERM=xterm script -qec "'$HP_BIN' install -C '$R' -c msgsvc --no-wait" /dev/null
grep -q $'\033' "$T/out" && not_ok "NO_COLOR turns colour off" || ok "NO_COLOR turns colour off"
