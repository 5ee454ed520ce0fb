# Two rollbacks of one deployment at once, against a real API server (issue 23's "two runs at
# once", for rollback): rollback A brings msgsvc, iam and panda back to snapshot 1, and panda's
# revision 1 takes 25 s to become Ready (kwok), so helm holds test-panda pending-rollback;
# meanwhile rollback B, to the same snapshot, stops at the first busy release in its run order
# (panda: the first stage, dependents first) with one line naming it, its state and revision,
# exit 1, and starts nothing (helm rollback itself does not refuse a pending-rollback release:
# on main B rolled panda back again, exit 0, and A's and B's rollbacks of msgsvc and iam
# collided, "release: already exists", A exit 1). A ends with exit 0, and then every release is
# deployed at the revision A made (3), with the manifests of revision 1, and no revision of any
# release is pending.
# Live progress (docs/progress.md) of rollback and apply: rollback A names panda's unready
# workload while it waits; then `apply -e v3` (panda Ready 12 s after it starts) likewise (panda's workload is a StatefulSet).
# Mutants (commit messages): the pending check of the rollback plan removed (rollback.c); no
# progress in rollback_run.c / apply.c.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns rbconc) || exit 1
D=$T/deploy
deploy_copy "$D"
THREE="msgsvc iam panda"
for c in msgsvc iam; do
    e2e_values "$D" v1 "$c" 'readyDelay: "2s"'
    e2e_values "$D" v2 "$c" 'readyDelay: "2s"' 'marker: two'
done
e2e_values "$D" v1 panda 'readyDelay: "25s"'
e2e_values "$D" v2 panda 'readyDelay: "2s"' 'marker: two'
for c in msgsvc iam; do cp "$D/helm/$c/values/values-v1.yaml" "$D/helm/$c/values/values-v3.yaml"; done
e2e_values "$D" v3 panda 'readyDelay: "12s"' 'marker: three'
revision() { helm -n "$ns" status "$1" -o json 2>/dev/null | py 'import json, sys; print(json.load(sys.stdin)["version"])'; }

run helm -n "$ns" panda install -C "$D" -c msgsvc,iam,panda -e v1 --timeout 2m
expect_rc 0 "install -e v1 (revision 1, snapshot 1)"
run helm -n "$ns" panda install -C "$D" -c msgsvc,iam,panda -e v2 --timeout 2m
expect_rc 0 "upgrade -e v2 (revision 2, snapshot 2)"
for c in $THREE; do helm -n "$ns" get manifest "test-$c" --revision 1 >"$T/manifest-1-$c.yaml"; done

# rollback A: panda (the first stage) pending-rollback for 25 s
helm -n "$ns" panda rollback -C "$D" 1 --timeout 2m >"$T/a.out" 2>"$T/a.err" &
apid=$!
wait_status test-panda pending-rollback 120 && ok "rollback A: panda rolling back (pending-rollback)" ||
    not_ok "panda never reached pending-rollback"

# rollback B of the same deployment, meanwhile
run helm -n "$ns" panda rollback -C "$D" 1 --timeout 2m
expect_rc 1 "rollback B: exit 1"
expect_err '^helm-panda: error: test-panda: helm reports another operation in progress \(pending-rollback, revision 3\):.*nothing rolled back' \
    "rollback B: one line names test-panda, pending-rollback, its revision; nothing rolled back"
[ "$(grep -c '^helm-panda: error:' "$T/err")" = 1 ] && ok "rollback B: one error line" || { not_ok "rollback B: error lines"; show; }
! grep -Eq '(start|rolled back) +test-' "$T/err" && ok "rollback B: started nothing" || { not_ok "rollback B started helm"; show; }
[ "$(release_status test-panda)" = pending-rollback ] && ok "rollback B: panda still in rollback A's hands" ||
    not_ok "panda is $(release_status test-panda)"

wait "$apid"
RC=$?
cp "$T/a.out" "$T/out"
cp "$T/a.err" "$T/err"
expect_rc 0 "rollback A: exit 0"
expect_err '^3 of 3 rolled back$' "rollback A: 3 of 3 rolled back"
for c in $THREE; do
    [ "$(release_status "test-$c")" = deployed ] && [ "$(revision "test-$c")" = 3 ] &&
        ok "test-$c: deployed at revision 3 (rollback A's; B made none)" ||
        not_ok "test-$c: $(release_status "test-$c") at revision $(revision "test-$c")"
    helm -n "$ns" get manifest "test-$c" | cmp -s - "$T/manifest-1-$c.yaml" &&
        ok "test-$c: the manifests of revision 1" || not_ok "test-$c: manifests differ from revision 1"
done
helm -n "$ns" list -o json $LIST_ALL >"$T/list.json"
check_py "no release pending" 'not [r["name"] for r in json.load(open(sys.argv[1])) if r["status"].startswith("pending")]' "$T/list.json"
for c in $THREE; do
    helm -n "$ns" history "test-$c" -o json >"$T/hist-$c.json"
    check_py "test-$c: no revision pending in its history" \
        'not [h for h in json.load(open(sys.argv[1])) if h["status"].startswith("pending")]' "$T/hist-$c.json"
done

# --- live progress: rollback A named what its wait waited for ---
grep -Eq 'waiting +test-panda: .*StatefulSet/test-panda-panda-e2e 0/1' "$T/a.err" &&
    ok "rollback A: a progress line names panda's unready StatefulSet" || { not_ok "rollback A: no progress line"; cat "$T/a.err"; }

# --- live progress of apply: panda's upgrade waits 12 s ---
if helm plugin install "$HELM_DIFF_PLUGIN" >"$T/diff-install.log" 2>&1; then
    run helm -n "$ns" panda apply -C "$D" -c msgsvc,iam,panda -e v3 --timeout 2m
    expect_rc 0 "apply -e v3: exit 0"
    expect_err '^test-panda +panda +changed .* upgraded ' "apply: panda upgraded"
    expect_err 'waiting +test-panda: .*StatefulSet/test-panda-panda-e2e 0/1' \
        "apply: a progress line names panda's unready StatefulSet"
else
    not_ok "helm-diff install"; cat "$T/diff-install.log"
fi
