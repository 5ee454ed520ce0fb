# Two runs at once on one namespace, against a real API server (issue 23): run A upgrades panda,
# whose pods take a while to become Ready, so helm holds test-panda pending-upgrade; meanwhile
#  1. run B (`install --keep-going`, every component; panda needs only msgsvc here, bigmon only
#     iam, and B's iam is slow) upgrades msgsvc, then stops at panda, which helm reports busy:
#     exit 1, one line naming test-panda, its state, since when and its revision; iam (running)
#     finishes, and nothing further starts, even with --keep-going: bigmon, which needs only iam,
#     is not started, harvester and idds are skipped (their revisions are unchanged);
#  2. run C (`install --recover-pending`) refuses to roll back panda (pending for seconds, not
#     15 minutes): one line, nothing changed;
#  3. run A is not harmed: it ends with exit 0 and every release deployed.
# Mutants (commit message): the runner's stops_all ignored (keep_going wins): B upgrades
# harvester/idds/bigmon; deploy_pending_explain's line dropped: the one-line check fails.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns conc) || exit 1
D=$T/deploy
deploy_copy "$D"
e2e_values "$D" slow panda 'readyDelay: "60s"'
e2e_values "$D" slowiam iam 'readyDelay: "15s"'
printf 'components:\n  panda: {needs: [msgsvc]}\n  bigmon: {needs: [iam]}\n' >"$D/helm-panda.yaml"

revision() { # NAME: helm's last revision of the release
    helm -n "$ns" status "$1" -o json 2>/dev/null | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])'
}

run helm -n "$ns" panda install -C "$D" --timeout 3m
expect_rc 0 "first install: every release deployed"

# run A: panda slow to become Ready
helm -n "$ns" panda install -C "$D" -e slow --timeout 3m >"$T/a.out" 2>"$T/a.err" &
apid=$!
wait_status test-panda pending-upgrade 120 && ok "run A: panda upgrading (pending-upgrade)" ||
    not_ok "panda never reached pending-upgrade"
# run A's own bigmon (it needs only iam here) is done before B starts: what changes after is B's
for _ in $(seq 120); do grep -Eq 'deployed +test-bigmon ' "$T/a.err" && break; sleep 0.5; done
before=""
for c in harvester idds bigmon; do before="$before $(revision "test-$c")"; done

# 1. run B on the same namespace
run helm -n "$ns" panda install -C "$D" -e slowiam --timeout 3m --keep-going
expect_rc 1 "run B: exit 1"
expect_err '^helm-panda: error: test-panda: helm reports another operation in progress \(pending-upgrade since [^ ]+ \(revision [0-9]+, [0-9]+s ago\)\): another helm is at work on it.*nothing further started' \
    "run B: one line names test-panda, pending-upgrade, since when, its revision"
[ "$(grep -c '^helm-panda: error:' "$T/err")" = 1 ] && ok "run B: one error line" || { not_ok "run B: error lines"; show; }
expect_err '^test-iam +iam +deployed ' "run B: iam (already running) finished"
expect_err '^test-bigmon +bigmon +not started ' "run B: bigmon (needs only iam) not started, --keep-going or not"
for c in harvester idds; do
    expect_err "^test-$c +$c +skipped " "run B: $c skipped (needs panda)"
done
after=""
for c in harvester idds bigmon; do after="$after $(revision "test-$c")"; done
[ "$after" = "$before" ] && ok "run B: harvester, idds, bigmon untouched (revisions$after)" ||
    not_ok "revisions changed:$before ->$after"
[ "$(release_status test-panda)" = pending-upgrade ] && ok "run B: panda still in run A's hands" ||
    not_ok "panda is $(release_status test-panda)"

# 2. --recover-pending refuses run A's operation
run helm -n "$ns" panda install -C "$D" --timeout 3m --recover-pending
expect_rc 1 "run C (--recover-pending): exit 1"
expect_err '^helm-panda: error: test-panda: pending-upgrade since .*another helm may still be working on it' \
    "run C: one line, panda left alone"
[ "$(release_status test-panda)" = pending-upgrade ] && ok "run C: panda not rolled back" ||
    not_ok "panda is $(release_status test-panda)"

# 3. run A finishes unharmed
wait "$apid"
RC=$?
expect_rc 0 "run A: exit 0"
grep -Eq '^6 of 6 deployed$' "$T/a.err" && ok "run A: 6 of 6 deployed" || { not_ok "run A summary"; cat "$T/a.err"; }
helm list -n "$ns" -o json $LIST_ALL --filter '^test-[a-z]+$' >"$T/list.json" # (not the snapshot release)
check_py "after both runs: all six deployed" '
sorted(r["status"] for r in json.load(open(sys.argv[1]))) == ["deployed"] * 6' "$T/list.json"
