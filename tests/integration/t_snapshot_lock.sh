# The snapshot release (helm panda history/rollback) left locked by a helm killed while writing
# it, as users run it: `helm panda install` through helm from PATH with the plugin installed by
# `helm plugin install`, and the recording helm as "helm" first on PATH. Its snapshot release is
# made busy (its upgrade refused as helm refuses a pending-* release) with a `helm status` of
# a chosen state and age:
# 1. pending-upgrade (or pending-install) for 2 h: a dead helm's: rolled back (uninstalled),
#    one line saying so, the snapshot recorded, exit 0.
# 2. pending-upgrade for 1 min, or at a time helm does not tell: maybe another run's write:
#    one line says the run waits for it (10 s at most, its state read every second); still
#    pending: left alone, one warning line naming it, its state and since when, nothing
#    recorded, exit 0.
# 3. a signal during the unlock (the stale case's helm rollback): the rollback finishes (a helm
#    rollback stopped mid-way would leave the release pending-rollback, locked again), nothing
#    is written after it, the warning says the release was unlocked, exit 143.
# 4. another run's write that ends while the run waits (at its first or its second look): the
#    record is read again and this run's snapshot written on top of the other's, both kept; a
#    SIGTERM while waiting ends the wait (exit 143, nothing written, the warning says so).
# 5. another run's write that lands between this run's read of the record and its write, so that
#    this run never meets its lock: helm reports the revision written, which does not follow the
#    one read; the revision before it holds a newer snapshot: one line says so, and this run's
#    snapshot is written again on top of the other's (both kept). A revision in between without
#    a new snapshot (an unlock's rollback) changes nothing.
# Mutants tried (each caught here, see the commit messages).
. "$HP_ROOT/tests/integration/lib.sh"
need_tools pgrep flock

install_plugin || exit 0
. "$HP_ROOT/tests/integration/snapshot_lib.sh" # $R, the recording helm, reset_log, start/wait_for/finish
SNAP=test-panda-snapshots
snap_ids() { python3 -c 'import json, sys; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)["snapshots"]))' \
    <"$HP_REC_SNAP_DIR/values.json"; }
# calls CMD: the snapshot release's helm calls in order, "cmd:rc" each ("upgrade:1 status:0 ...")
calls() { awk -v s="$SNAP" '$1 == "E" && $5 == s { printf "%s%s:%s", n++ ? " " : "", $4, $6 }' "$T/rec.log"; }
# stuck STATE AGO [REVISION]: the snapshot release busy, helm status saying STATE since AGO
# (a `date -d` phrase, "" for no time)
stuck() {
    touch "$HP_REC_SNAP_DIR/busy"
    local when=""
    [ -z "$2" ] || when=$(date -u -d "$2" +%Y-%m-%dT%H:%M:%S.123456789Z)
    python3 - "$1" "$when" "${3:-3}" >"$HP_REC_SNAP_DIR/status.json" <<'PY'
import json, sys
st, when, rev = sys.argv[1], sys.argv[2], int(sys.argv[3])
info = {"status": st, "description": "Preparing upgrade"}
if when:
    info["first_deployed"] = info["last_deployed"] = when
print(json.dumps({"name": "test-panda-snapshots", "namespace": "default", "version": rev, "info": info,
                  "chart": {"metadata": {"name": "panda-snapshots", "version": "1.0.0"}}}))
PY
    STUCK_AT=$when
}
# the lines of $T/err naming the snapshot release
snap_lines() { grep -c "$SNAP" "$T/err"; }

reset_log
run helm panda install -C "$R" -q
expect_rc 0 "install exits 0"
[ "$(snap_ids)" = 1 ] && ok "the install recorded snapshot 1" || { not_ok "snapshots: $(snap_ids)"; show; }

# --- 1. pending-upgrade for two hours: unlocked, recorded ---
reset_log
stuck pending-upgrade "-2 hours -5 seconds" 3
run helm panda install -C "$R"
expect_rc 0 "stale pending-upgrade: install exits 0"
[ "$(calls)" = "get:0 upgrade:1 status:0 rollback:0 get:0 upgrade:0" ] &&
    ok "stale pending-upgrade: status read, rolled back, the record read again and written" || { not_ok "calls: $(calls)"; show; }
grep -q "	rollback	$SNAP	--namespace	default$" "$T/rec.log" &&
    ok "stale: helm rollback NAME (to the revision before) in the deployment's namespace" ||
    { not_ok "rollback argv"; grep "^A.*rollback" "$T/rec.log"; }
expect_err "^helm-panda: $SNAP was pending-upgrade since $STUCK_AT \(revision 3, 2h[0-9]{2}m ago\), left by a helm killed while writing the snapshots \(a write takes seconds\): rolled back to the revision before \(helm rollback\); recording this run's snapshot again$" \
    "stale pending-upgrade: one line: release, state, since when, what was done"
expect_err "^snapshot recorded in release $SNAP" "stale pending-upgrade: the snapshot is recorded"
[ "$(snap_lines)" = 2 ] && ok "stale: nothing else said about the snapshot release" || { not_ok "lines"; show; }
! grep -q 'no snapshot recorded' "$T/err" && ok "stale: no warning" || { not_ok "warned"; show; }
[ "$(snap_ids)" = "1 2" ] && ok "stale: the record holds snapshots 1 and 2" || not_ok "snapshots: $(snap_ids)"
[ ! -e "$HP_REC_SNAP_DIR/busy" ] && ok "stale: the release is unlocked" || not_ok "still busy"

# --- 1. pending-install (the first record killed): uninstalled, recorded ---
reset_log
stuck pending-install "-1 day" 1
run helm panda install -C "$R" -q
expect_rc 0 "stale pending-install: install -q exits 0"
[ "$(calls)" = "get:0 upgrade:1 status:0 uninstall:0 get:0 upgrade:0" ] &&
    ok "stale pending-install: uninstalled, written again" || { not_ok "calls: $(calls)"; show; }
expect_err "^helm-panda: $SNAP was pending-install since $STUCK_AT \(revision 1, 24h[0-9]{2}m ago\), .*: uninstalled \(helm uninstall\); recording this run's snapshot again$" \
    "stale pending-install: the one line, also with -q"
[ "$(snap_ids)" = "1 2 3" ] && ok "stale pending-install: snapshot 3 recorded" || not_ok "snapshots: $(snap_ids)"

# --- 2. pending-upgrade for a minute: left alone, warned ---
for age in "-1 minute" ""; do
    what=${age:-"no time"}
    cp "$HP_REC_SNAP_DIR/values.json" "$T/before.json"
    reset_log
    stuck pending-upgrade "$age" 4
    run helm panda install -C "$R"
    expect_rc 0 "young ($what): install exits 0 (its releases went; only the snapshot is missing)"
    [ "$(calls)" = "get:0 upgrade:1$(printf ' status:0%.0s' $(seq 11))" ] &&
        ok "young ($what): status read every second for 10 s, nothing rolled back, uninstalled or written" ||
        { not_ok "calls: $(calls)"; show; }
    since="an unknown time"
    [ -z "${STUCK_AT:-}" ] || since=$STUCK_AT
    agetxt=$([ -n "$age" ] && echo "[0-9]+m[0-9]{2}s ago" || echo "age unknown")
    expect_err "^helm-panda: warning: no snapshot recorded \(helm panda history, rollback\): $SNAP is pending-upgrade since $since \(revision 4, $agetxt\): another run may be writing its snapshot now; left alone" \
        "young ($what): one warning: release, state, since when, not recorded"
    expect_err "^helm-panda: $SNAP is pending-upgrade since $since \(revision 4, $agetxt\): another run may be writing its snapshot now; waiting for it \(at most 10 s\)$" \
        "young ($what): one line says the run waits for it"
    [ "$(snap_lines)" = 2 ] && ok "young ($what): two lines about the snapshot release" || { not_ok "lines"; show; }
    [ -e "$HP_REC_SNAP_DIR/busy" ] && cmp -s "$T/before.json" "$HP_REC_SNAP_DIR/values.json" &&
        ok "young ($what): the release and its record untouched" || not_ok "young: touched"
done

# --- 3. SIGTERM during the unlock: the rollback finishes, nothing more is written, exit 143 ---
# (the rollback's helm sleeps 5 s: the signal comes while it runs)
cp "$HP_REC_SNAP_DIR/values.json" "$T/before.json"
stuck pending-upgrade "-2 hours" 5
start HP_REC_SLEEP_RELEASE=$SNAP:5 HP_REC_SLEEP_ONLY=rollback helm panda install -C "$R"
wait_for "^S .* rollback $SNAP\$" && kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM during the unlock: exit 143"
! grep -q '^I ' "$T/rec.log" && ok "SIGTERM during the unlock: the rollback's helm was not stopped" ||
    { not_ok "the signal was passed to helm"; grep -v '^A' "$T/rec.log"; }
[ "$(calls)" = "get:0 upgrade:1 status:0 rollback:0" ] &&
    ok "SIGTERM during the unlock: the rollback finished, no write after it" || { not_ok "calls: $(calls)"; show; }
expect_err "^helm-panda: warning: SIGTERM: finishing the unlock of $SNAP \(helm rollback, a second or so\); a second signal kills it$" \
    "SIGTERM during the unlock: one line says the unlock is being finished"
expect_err "^helm-panda: warning: no snapshot recorded \(helm panda history, rollback\): interrupted; $SNAP was pending-upgrade since $STUCK_AT \(revision 5, 2h[0-9]{2}m ago\), left by a helm killed while writing the snapshots, and is rolled back to the revision before \(helm rollback\): the next run records its snapshot$" \
    "SIGTERM during the unlock: the warning says it was unlocked and nothing recorded"
! grep -q "recording this run's snapshot again" "$T/err" && ok "SIGTERM during the unlock: no 'recording again'" ||
    { not_ok "says it records again"; show; }
[ ! -e "$HP_REC_SNAP_DIR/busy" ] && cmp -s "$T/before.json" "$HP_REC_SNAP_DIR/values.json" &&
    ok "SIGTERM during the unlock: the release unlocked, its record as before" || not_ok "busy, or the record changed"

# --- 4. another run's write ends while this one waits: read again, both snapshots kept ---
# other_done: what the other run leaves: its record (the one before plus its snapshot, by
# "colleague@elsewhere"), the release no longer busy, helm status "deployed"; run by the
# recording helm's `status` at the plugin's Nth look (HP_REC_SNAP_ON_STATUS)
# colleague.py RECORD: another run's snapshot appended to the record (by colleague@elsewhere)
cat >"$T/colleague.py" <<'PY'
import copy, json, sys
rec = json.load(open(sys.argv[1]))
last = copy.deepcopy(rec["snapshots"][-1])
last.update(id=last["id"] + 1, by="colleague@elsewhere", command="apply", time="2026-12-07T01:02:03Z")
rec["snapshots"].append(last)
json.dump(rec, open(sys.argv[1], "w"))
PY
cat >"$T/other_done.sh" <<'SH'
n=$(($(cat "$T/looks" 2>/dev/null || echo 0) + 1))
echo "$n" >"$T/looks"
[ "$n" = "$AT_LOOK" ] || exit 0
python3 "$T/colleague.py" "$HP_REC_SNAP_DIR/values.json"
rm -f "$HP_REC_SNAP_DIR/busy"
python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); r["info"]["status"] = "deployed"; json.dump(r, open(sys.argv[1], "w"))' \
    "$HP_REC_SNAP_DIR/status.json"
SH
# the record's last two snapshots, "ID:WHO" each
snap_by() { python3 -c 'import json, sys; print(" ".join("%s:%s" % (s["id"], s["by"].split("@")[0]) for s in json.load(sys.stdin)["snapshots"][-2:]))' \
    <"$HP_REC_SNAP_DIR/values.json"; }
ME=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["snapshots"][-1]["by"].split("@")[0])' <"$HP_REC_SNAP_DIR/values.json")
for look in 1 2; do
    reset_log
    rm -f "$T/looks"
    stuck pending-upgrade "-5 seconds" 6
    first=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["snapshots"][-1]["id"])' <"$HP_REC_SNAP_DIR/values.json")
    run env T="$T" AT_LOOK=$look HP_REC_SNAP_ON_STATUS='sh "$T/other_done.sh"' helm panda install -C "$R"
    expect_rc 0 "the other write ends (look $look): install exits 0"
    want="get:0 upgrade:1 status:0 get:0 upgrade:0"
    [ "$look" = 2 ] && want="get:0 upgrade:1 status:0 status:0 get:0 upgrade:0"
    [ "$(calls)" = "$want" ] && ok "the other write ends (look $look): the record read again once it is free, then written" ||
        { not_ok "calls: $(calls) (want $want)"; show; }
    [ "$(snap_by)" = "$((first + 1)):colleague $((first + 2)):$ME" ] &&
        ok "the other write ends (look $look): its snapshot $((first + 1)) kept, this run's is $((first + 2))" ||
        { not_ok "the record's last snapshots: $(snap_by)"; show; }
    expect_err "^snapshot recorded in release $SNAP" "the other write ends (look $look): the snapshot is recorded"
    ! grep -q 'no snapshot recorded' "$T/err" && ok "the other write ends (look $look): no warning" || { not_ok "warned"; show; }
done

# --- 4. SIGTERM while waiting for the other write: the wait ends at once, nothing written ---
cp "$HP_REC_SNAP_DIR/values.json" "$T/before.json"
stuck pending-upgrade "-5 seconds" 7
start helm panda install -C "$R"
wait_until 120 grep -q 'waiting for it (at most 10 s)$' "$T/err" || not_ok "the plugin did not say it waits"
kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM while waiting: exit 143"
expect_err "^helm-panda: warning: no snapshot recorded \(helm panda history, rollback\): (interrupted while waiting for $SNAP, pending-upgrade since $STUCK_AT|helm status $SNAP: interrupted)" \
    "SIGTERM while waiting: the warning says the wait was interrupted, nothing recorded"
[ "$(calls | sed 's/ status:0//g')" = "get:0 upgrade:1" ] && ok "SIGTERM while waiting: nothing written after the lock" ||
    { not_ok "calls: $(calls)"; show; }
cmp -s "$T/before.json" "$HP_REC_SNAP_DIR/values.json" && ok "SIGTERM while waiting: the record as before" || not_ok "record changed"

# --- 5. another run's write between this run's read and its write (no lock met) ---
# (the snapshot release's upgrade waits at a gate; meanwhile the other run's write lands: a new
# revision whose record has one more snapshot, or, with "same", a revision with the same record)
other_write() {
    if [ "$1" = snapshot ]; then
        python3 "$T/colleague.py" "$HP_REC_SNAP_DIR/values.json"
    fi
    local r=$(($(cat "$HP_REC_SNAP_DIR/rev") + 1))
    echo "$r" >"$HP_REC_SNAP_DIR/rev"
    cp "$HP_REC_SNAP_DIR/values.json" "$HP_REC_SNAP_DIR/values.$r.json"
}
rm -f "$HP_REC_SNAP_DIR/busy" "$HP_REC_SNAP_DIR/status.json" # part 4's SIGTERM left it pending
for kind in snapshot same; do
    rm -f "$T/gate"
    first=$(python3 -c 'import json, sys; print(json.load(sys.stdin)["snapshots"][-1]["id"])' <"$HP_REC_SNAP_DIR/values.json")
    start HP_REC_SNAP_GATE="$T/gate" helm panda install -C "$R"
    wait_for "^S .* upgrade $SNAP\$" && other_write "$kind" && touch "$T/gate"
    finish
    expect_rc 0 "a write in between ($kind): install exits 0"
    expect_err "^snapshot recorded in release $SNAP" "a write in between ($kind): the snapshot is recorded"
    if [ "$kind" = snapshot ]; then
        [ "$(calls)" = "get:0 upgrade:0 get:0 get:0 upgrade:0" ] &&
            ok "a write in between: the revision before this run's read, then this run's snapshot written again on it" ||
            { not_ok "calls: $(calls)"; show; }
        expect_err "^helm-panda: $SNAP: another run recorded snapshot $((first + 1)) while this run wrote its own on an older record: recording this run's snapshot again, after it$" \
            "a write in between: one line says the other run's snapshot was met and this run's is written again"
        [ "$(snap_by)" = "$((first + 1)):colleague $((first + 2)):$ME" ] &&
            ok "a write in between: the other run's snapshot $((first + 1)) kept, this run's is $((first + 2))" ||
            { not_ok "the record's last snapshots: $(snap_by)"; show; }
    else
        [ "$(calls)" = "get:0 upgrade:0 get:0" ] &&
            ok "a revision in between without a new snapshot: looked at, nothing written again" ||
            { not_ok "calls: $(calls)"; show; }
        [ "$(snap_lines)" = 1 ] && ok "a revision in between without a new snapshot: nothing said about it" ||
            { not_ok "lines"; show; }
        [ "$(python3 -c 'import json, sys; print(json.load(sys.stdin)["snapshots"][-1]["id"])' <"$HP_REC_SNAP_DIR/values.json")" = $((first + 1)) ] &&
            ok "a revision in between without a new snapshot: this run's is snapshot $((first + 1))" || not_ok "ids"
    fi
    ! grep -q 'no snapshot recorded' "$T/err" && ok "a write in between ($kind): no warning" || { not_ok "warned"; show; }
done
