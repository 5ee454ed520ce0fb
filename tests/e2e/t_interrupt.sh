# Ctrl-C in the middle of an install, against a real API server, and what it leaves behind.
#  1. One Ctrl-C (SIGINT to the plugin process, as a terminal sends it to the foreground job)
#     while panda's helm waits for pods that never become Ready: the running helm is stopped,
#     the summary says "interrupted", exit 130, and no helm child is left. `helm panda status`
#     then reports panda as helm itself does (`helm status`): helm cancels its operation on
#     SIGINT and marks the release failed, which the next install simply upgrades.
#  2. helm killed during an upgrade (SIGKILL to panda's helm: a CI job cancelled hard, an OOM
#     kill, a lost machine; a single SIGINT is not enough, helm handles it): the release stays
#     pending-upgrade, helm's lock. status shows it; the next install refuses with one line
#     naming the stuck release and --recover-pending; install --recover-pending refuses it (it
#     went pending a moment ago: another helm may be working on it); install
#     --recover-recent-pending rolls it back, then upgrades everything.
# Mutant tried: explain_pending returning at once (cmd_deploy.c): no line naming the stuck
# release, the test fails.
. "$HP_ROOT/tests/e2e/lib.sh"
need_tools pgrep
install_plugin || exit 1
ns=$(new_ns intr) || exit 1
D=$T/deploy
deploy_copy "$D"
e2e_values "$D" hang panda 'neverReady: true'

# interrupt HELM_PID SIGNAL TARGET: sends SIGNAL to the plugin process (helm's child; TARGET
# plugin) or to the helm processes it runs (TARGET children); sets HELM_CHILDREN to those
interrupt() {
    local plugin
    plugin=$(pgrep -P "$1" | head -n1)
    HELM_CHILDREN=$(pgrep -P "$plugin" | tr '\n' ' ')
    [ -n "$plugin" ] && [ -n "$HELM_CHILDREN" ] || { not_ok "no plugin process or no helm child under helm $1"; return 1; }
    if [ "$3" = plugin ]; then kill "-$2" "$plugin"; else kill "-$2" $HELM_CHILDREN; fi
}

# 1. one Ctrl-C
helm -n "$ns" panda install -C "$D" -e hang --timeout 5m >"$T/out" 2>"$T/err" &
hpid=$!
if wait_status test-panda pending-install 120; then
    ok "panda's helm is waiting (release pending-install)"
else
    not_ok "panda never reached pending-install"
fi
t0=$(date +%s)
interrupt "$hpid" INT plugin
wait "$hpid"
RC=$?
el=$(($(date +%s) - t0))
expect_rc 130 "one Ctrl-C: exit 130"
[ $el -lt 120 ] && ok "ended ${el} s after Ctrl-C (--timeout 5m)" || not_ok "took ${el} s after Ctrl-C"
left=""
for p in $HELM_CHILDREN; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
[ -z "$left" ] && ok "the helm children were stopped" || not_ok "helm children still running:$left"
expect_err '^test-panda +panda +interrupted ' "summary: panda interrupted"
expect_err '^test-msgsvc +msgsvc +deployed ' "summary: msgsvc deployed before"
expect_err 'interrupted$' "summary line: interrupted"
after=$(release_status test-panda)
echo "   after one Ctrl-C, helm status of test-panda: $after"
run helm -n "$ns" panda status -C "$D"
expect_out "^test-panda +panda +$after " "helm panda status reports panda as helm does ($after)"

# 2. helm killed during an upgrade: the release stays pending-upgrade
run helm -n "$ns" panda install -C "$D" --timeout 2m
expect_rc 0 "install without the hang (panda recovers from '$after' by upgrading)"
helm -n "$ns" panda install -C "$D" -e hang --timeout 5m >"$T/out" 2>"$T/err" &
hpid=$!
wait_status test-panda pending-upgrade 120 && ok "panda upgrading (pending-upgrade)" || not_ok "panda never reached pending-upgrade"
interrupt "$hpid" KILL children
wait "$hpid"
RC=$?
expect_rc 1 "helm killed: exit 1"
expect_err '^test-panda +panda +failed .*exit 137' "summary: panda's helm died (exit 137)"
st=$(release_status test-panda)
[ "$st" = pending-upgrade ] && ok "helm killed: test-panda left pending-upgrade" || not_ok "test-panda is '$st', wanted pending-upgrade"
run helm -n "$ns" panda status -C "$D"
expect_rc 1 "status: exit 1 (a release is not deployed)"
expect_out '^test-panda +panda +pending-upgrade +[0-9]+ ' "status shows panda pending-upgrade"

run helm -n "$ns" panda install -C "$D" --timeout 2m
expect_rc 1 "next install refuses"
expect_err '^helm-panda: error: test-panda: helm reports another operation in progress \(pending-upgrade since [^ ]+ \(revision [0-9]+, [0-9ms]+ ago\)\): another helm is at work on it, or one was killed mid-operation; nothing further started. If no helm is: install --recover-pending' \
    "one line names the stuck release, since when, and the way out"
[ "$(grep -c 'recover-pending' "$T/err")" = 1 ] && ok "said once" || not_ok "the way out said $(grep -c 'recover-pending' "$T/err") times"

# the release went pending a moment ago: --recover-pending leaves it alone (another helm may be
# working on it); this test knows none is, and says so
run helm -n "$ns" panda install -C "$D" --timeout 2m --recover-pending
expect_rc 1 "install --recover-pending refuses a release pending for less than 15m"
expect_err '^helm-panda: error: test-panda: pending-upgrade since .*another helm may still be working on it.*--recover-recent-pending' \
    "one line names it, since when, and the override"
[ "$(release_status test-panda)" = pending-upgrade ] && ok "refused: test-panda left as it was" || not_ok "test-panda changed"
run helm -n "$ns" panda install -C "$D" --timeout 2m --recover-recent-pending
expect_rc 0 "install --recover-recent-pending"
expect_err 'rolled back|recovered +test-panda' "panda was rolled back first"
helm list -n "$ns" -o json --filter '^test-[a-z]+$' >"$T/list.json" # (not the snapshot release)
check_py "after recovery: all six deployed" '
sorted(r["status"] for r in json.load(open(sys.argv[1]))) == ["deployed"] * 6' "$T/list.json"
helm -n "$ns" history test-panda -o json >"$T/hist.json"
# (helm leaves the killed revision marked pending-upgrade in the history; only the last one counts)
check_py "panda history: the stuck upgrade, a rollback to the one before, then the new upgrade" '
(lambda h: h[-3]["status"] == "pending-upgrade" and h[-2]["description"] == "Rollback to %d" % (int(h[-3]["revision"]) - 1)
 and h[-1]["status"] == "deployed")(json.load(open(sys.argv[1])))' "$T/hist.json"
