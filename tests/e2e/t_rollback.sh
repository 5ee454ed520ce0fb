# Snapshots, history and rollback (issue 26) on the real control plane:
#  1. install (revision 1), upgrade with a changed values file (revision 2), then an upgrade in
#     which msgsvc and iam succeed and panda fails (its Deployment never Ready): history shows
#     snapshots 1 and 2 and nothing of the failed run;
#  2. rollback --dry-run changes nothing (helm list is the same before and after);
#  3. rollback brings msgsvc, iam and panda back to the manifests of snapshot 2 (helm get
#     manifest equal), dependents first: panda's rollback revision began at least 2 s before
#     msgsvc's and iam's (every pod is Ready 3 s after it starts: kwok stages), and records
#     snapshot 3;
#  4. a release added since (bigmon) is left alone, and uninstalled with --prune;
#  5. a revision helm has pruned (harvester upgraded with --history-max 2) is named and nothing
#     is rolled back;
#  6. Ctrl-C during a rollback: harvester's helm is told, msgsvc (the next stage) never starts,
#     exit 130, no snapshot recorded.
# Mutants: see the commit that added this test.
. "$HP_ROOT/tests/e2e/lib.sh"
need_tools pgrep
install_plugin || exit 1
ns=$(new_ns rb) || exit 1
D=$T/deploy
deploy_copy "$D"
FIVE="msgsvc iam panda harvester idds"
for c in $FIVE bigmon; do
    e2e_values "$D" v1 "$c" 'readyDelay: "3s"'
    e2e_values "$D" v2 "$c" 'readyDelay: "3s"' 'marker: two'
done
for c in msgsvc iam; do e2e_values "$D" bad "$c" 'readyDelay: "3s"' 'marker: three'; done
e2e_values "$D" bad panda 'readyDelay: "3s"' 'neverReady: true'
list() { helm list -n "$ns" -o json --filter '^test-[a-z]+$' | py 'import json, sys; print(" ".join("%s:%s:%s" % (r["name"], r["revision"], r["status"]) for r in sorted(json.load(sys.stdin), key=lambda r: r["name"])))'; }
snap_ids() { helm -n "$ns" panda history -C "$D" -o json | py 'import json, sys; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)["snapshots"]))'; }

# --- 1. two good runs, one failed ---
run helm -n "$ns" panda install -C "$D" -e v1 -d bigmon --timeout 2m
expect_rc 0 "install (revision 1)"
expect_err 'snapshot recorded in release test-panda-snapshots' "the install recorded a snapshot"
run helm -n "$ns" panda install -C "$D" -e v2 -d bigmon --timeout 2m
expect_rc 0 "upgrade with a changed values file (revision 2)"
for c in $FIVE; do helm -n "$ns" get manifest "test-$c" >"$T/manifest-2-$c.yaml"; done
run helm -n "$ns" panda install -C "$D" -e bad -d bigmon --timeout 20s
expect_rc 1 "an upgrade in which panda fails"
expect_err '^test-msgsvc +msgsvc +deployed' "in it msgsvc succeeded"
expect_err '^test-panda +panda +failed' "and panda failed"
[ "$(snap_ids)" = "1 2" ] && ok "history: snapshots 1 and 2, nothing of the failed run" || not_ok "snapshots: $(snap_ids)"
run helm -n "$ns" panda history -C "$D"
expect_rc 0 "history exits 0"
cp "$T/out" "$T/history.txt"
expect_out '^2 +[0-9TZ:-]+ +install .*test-panda:2' "the table: snapshot 2, panda at revision 2"

# --- 2. --dry-run changes nothing ---
before=$(list)
run helm -n "$ns" panda rollback -C "$D" --dry-run
expect_rc 0 "rollback --dry-run"
cp "$T/out" "$T/dry-run.txt"
expect_out '^stage 1: rollback test-panda from revision 3 to 2' "--dry-run: panda 3 -> 2"
[ "$(list)" = "$before" ] && ok "--dry-run changed nothing (helm list)" || not_ok "helm list changed: $(list)"

# --- 3. rollback to the last good snapshot, dependents first ---
run helm -n "$ns" panda rollback -C "$D" --timeout 2m
expect_rc 0 "rollback"
cp "$T/err" "$T/rollback.txt"
expect_err '^3 of 3 rolled back$' "three releases rolled back"
same=""
for c in $FIVE; do
    helm -n "$ns" get manifest "test-$c" | cmp -s - "$T/manifest-2-$c.yaml" || same="$same test-$c"
done
[ -z "$same" ] && ok "every release has the manifests of snapshot 2" || not_ok "manifests differ:$same"
for c in msgsvc iam panda; do helm -n "$ns" history "test-$c" -o json >"$T/hist-$c.json"; done
check_py "panda's rollback began >= 2 s before msgsvc's and iam's (dependents first)" '
(lambda t: t("iam") - t("panda") >= 2 and t("msgsvc") - t("panda") >= 2)(
 lambda c: __import__("datetime").datetime.fromisoformat(json.load(open(sys.argv[1] + "/hist-" + c + ".json"))[-1]["updated"][:26]).timestamp())' "$T"
check_py "each rolled back release says: Rollback to 2" '
all(json.load(open(sys.argv[1] + "/hist-" + c + ".json"))[-1]["description"] == "Rollback to 2" for c in ("msgsvc", "iam", "panda"))' "$T"
[ "$(snap_ids)" = "1 2 3" ] && ok "the rollback recorded snapshot 3" || not_ok "snapshots: $(snap_ids)"

# --- 4. a release added since: left alone, uninstalled with --prune ---
run helm -n "$ns" panda install -C "$D" -e v2 -c bigmon --timeout 2m
expect_rc 0 "bigmon installed since snapshot 3"
run helm -n "$ns" panda rollback -C "$D" 3 --dry-run
expect_out '^left alone test-bigmon \(revision 1\): installed since snapshot 3' "--dry-run: bigmon left alone"
run helm -n "$ns" panda rollback -C "$D" 3 --prune --dry-run
cp "$T/out" "$T/prune-dry-run.txt"
expect_out '^uninstall test-bigmon' "--prune --dry-run: bigmon to uninstall"
run helm -n "$ns" panda rollback -C "$D" 3 --prune --timeout 2m
expect_rc 0 "rollback 3 --prune"
[ "$(release_status test-bigmon)" = none ] && ok "--prune uninstalled bigmon" || not_ok "bigmon: $(release_status test-bigmon)"

# --- 5. a pruned revision ---
helm -n "$ns" upgrade test-harvester "$D/helm/harvester" --reuse-values --history-max 2 --wait --timeout 2m >/dev/null ||
    not_ok "helm upgrade harvester --history-max 2"
before=$(list)
run helm -n "$ns" panda rollback -C "$D" 1
expect_rc 1 "rollback to snapshot 1 refused"
cp "$T/err" "$T/pruned.txt"
expect_err 'snapshot 1 cannot be restored: helm has pruned .*test-harvester revision 1.*nothing rolled back' "the pruned revision is named"
[ "$(list)" = "$before" ] && ok "nothing rolled back" || not_ok "helm list changed: $(list)"

# --- 6. Ctrl-C during a rollback ---
helm -n "$ns" upgrade test-msgsvc "$D/helm/msgsvc" --reuse-values --wait --timeout 2m >/dev/null || not_ok "helm upgrade msgsvc"
msgsvc_rev=$(helm -n "$ns" history test-msgsvc -o json | py 'import json, sys; print(json.load(sys.stdin)[-1]["revision"])')
ids=$(snap_ids)
helm -n "$ns" panda rollback -C "$D" 3 --timeout 2m >"$T/out" 2>"$T/err" &
hpid=$!
for _ in $(seq 600); do grep -q 'start  *test-harvester' "$T/err" && break; sleep 0.1; done
plugin=$(pgrep -P "$hpid" | head -n1)
kill -INT "$plugin"
wait "$hpid"
RC=$?
cp "$T/err" "$T/interrupt.txt"
expect_rc 130 "Ctrl-C during rollback: exit 130"
expect_err '^test-harvester +(interrupted|failed)' "summary: harvester's rollback interrupted"
expect_err '^test-msgsvc +not started' "summary: msgsvc (the next stage) not started"
[ "$(helm -n "$ns" history test-msgsvc -o json | py 'import json, sys; print(json.load(sys.stdin)[-1]["revision"])')" = "$msgsvc_rev" ] &&
    ok "msgsvc untouched" || not_ok "msgsvc changed"
[ "$(snap_ids)" = "$ids" ] && ok "no snapshot of an interrupted rollback" || not_ok "snapshots: $(snap_ids)"
if [ -n "${HP_E2E_SAVE:-}" ]; then
    # (the real output, for docs/rollback.md)
    mkdir -p "$HP_E2E_SAVE/h$HELM_MAJOR"
    cp "$T"/history.txt "$T"/dry-run.txt "$T"/rollback.txt "$T"/prune-dry-run.txt "$T"/pruned.txt "$T"/interrupt.txt \
        "$HP_E2E_SAVE/h$HELM_MAJOR/"
fi

# --- 7. uninstall: of some components, the history stays; of the whole deployment, it goes too
#     (a rollback cannot bring back uninstalled releases; `helm list` is then empty, as the CI
#     example in docs/testing.md checks). A namespace of its own: section 6 left a rollback cut. ---
ns=$(new_ns rbu) || exit 1
helm -n "$ns" panda install -C "$D" -c msgsvc,iam --timeout 2m >"$T/out" 2>"$T/err" || { not_ok "install in $ns"; show; }
helm -n "$ns" panda uninstall -C "$D" -c iam --timeout 2m >"$T/out" 2>"$T/err" || { not_ok "uninstall -c iam"; show; }
[ "$(release_status test-panda-snapshots)" = deployed ] && ok "uninstall -c iam: the snapshots stay" ||
    not_ok "uninstall -c iam: the snapshots release is $(release_status test-panda-snapshots)"
helm -n "$ns" panda uninstall -C "$D" --timeout 2m >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "uninstall of the whole deployment"
expect_err 'test-panda-snapshots uninstalled' "uninstall says the snapshots went with it"
left=$(helm -n "$ns" list -q $([ "$HELM_MAJOR" = 4 ] || echo --all))
[ -z "$left" ] && ok "uninstall of the whole deployment: no release left" || not_ok "left after uninstall: $left"
