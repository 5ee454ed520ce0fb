# The snapshot release (helm panda history/rollback) left locked by a killed helm, against a real
# API server with real helm. A helm killed while writing the record leaves its last revision
# pending-upgrade: made here as helm itself would have stored it, a release Secret
# sh.helm.release.v1.<name>.v<N+1> (a copy of revision N with info.status pending-upgrade and
# info.last_deployed the time it began; label status=pending-upgrade), so real helm refuses
# every upgrade of it ("another operation ... is in progress").
#  1. begun 2 h ago (a dead helm's: a write takes a second): `helm panda install` says one line
#     (release, state, since when, rolled back), records its snapshot (exit 0), and helm history
#     of the snapshot release shows the rollback, then the new record deployed.
#  2. begun 30 s ago (maybe another run writing now): one line says the run waits for it (10 s
#     at most); still pending then: left alone, one warning line naming it, exit 0, helm history
#     unchanged (the pending revision last), and the record (helm get values of the pending
#     release) still read by `helm panda history`.
#  3. SIGTERM during the snapshot write (real helm behind a gate): let finish, one line, exit
#     143, the release deployed (not left pending), the snapshot recorded.
#  4. SIGTERM during the unlock of a stale one (real helm rollback behind a gate): the rollback
#     finishes, exit 143, the release deployed (not left pending-rollback), nothing more written
#     (the record as before), the warning says it was unlocked and the next run records.
#  5. another run's write that ends while this run waits (the pending revision made deployed,
#     its record holding one more snapshot, by a colleague): this run reads the record again and
#     records its snapshot on top: both kept.
#  6. another run's whole install (-c msgsvc, real helm, its snapshot recorded) between this
#     run's read of the record and its write (held at a gate): this run never meets a lock, helm
#     reports its revision after the other's, and this run's snapshot is written again on top of
#     the other's: both kept, one line says so.
# Mutants (commit message).
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns snaplock) || exit 1
D=$T/deploy
deploy_copy "$D"
SNAP=test-panda-snapshots

# stuck AGO: a pending-upgrade revision N+1 of the snapshot release, begun AGO (date -d phrase)
stuck() {
    local n
    n=$(helm -n "$ns" status "$SNAP" -o json | python3 -c 'import json, sys; print(json.load(sys.stdin)["version"])')
    kubectl -n "$ns" get secret "sh.helm.release.v1.$SNAP.v$n" -o json >"$T/rel.json" || return 1
    STUCK_AT=$(date -u -d "$1" +%Y-%m-%dT%H:%M:%SZ)
    python3 - "$T/rel.json" "$STUCK_AT" >"$T/stuck.json" <<'PY' || return 1
import base64, gzip, json, sys
sec = json.load(open(sys.argv[1]))
rel = json.loads(gzip.decompress(base64.b64decode(base64.b64decode(sec["data"]["release"]))))
n = rel["version"] + 1
rel["version"] = n
rel["info"]["status"] = "pending-upgrade"
rel["info"]["description"] = "Preparing upgrade"
rel["info"]["last_deployed"] = sys.argv[2]
data = base64.b64encode(base64.b64encode(gzip.compress(json.dumps(rel).encode()))).decode()
labels = dict(sec["metadata"]["labels"], status="pending-upgrade", version=str(n))
labels.pop("modifiedAt", None)
print(json.dumps({"apiVersion": "v1", "kind": "Secret", "type": sec["type"], "data": {"release": data},
                  "metadata": {"name": "sh.helm.release.v1.%s.v%d" % (rel["name"], n),
                               "namespace": sec["metadata"]["namespace"], "labels": labels}}))
PY
    kubectl create -f "$T/stuck.json" >/dev/null || return 1
    STUCK_REV=$((n + 1))
}
# hist: helm history of the snapshot release as "REV:STATUS:DESCRIPTION|..."
hist() {
    helm -n "$ns" history "$SNAP" -o json |
        python3 -c 'import json, sys; print("|".join("%s:%s:%s" % (h["revision"], h["status"], h["description"]) for h in json.load(sys.stdin)))'
}
ids() { helm -n "$ns" panda history -C "$D" -o json | python3 -c 'import json, sys; print(" ".join(str(s["id"]) for s in json.load(sys.stdin)["snapshots"]))'; }

run helm -n "$ns" panda install -C "$D" --timeout 2m
expect_rc 0 "first install: exit 0"
expect_err "snapshot recorded in release $SNAP" "the first install records its snapshot"

# 1. pending-upgrade for 2 h
stuck "-2 hours -10 seconds" && ok "revision $STUCK_REV of $SNAP made pending-upgrade, begun $STUCK_AT" || not_ok "making it stuck"
[ "$(release_status "$SNAP")" = pending-upgrade ] && ok "helm status: $SNAP pending-upgrade" || not_ok "helm status: $(release_status "$SNAP")"
run helm -n "$ns" panda install -C "$D" --timeout 2m
expect_rc 0 "stale: install exits 0"
expect_err "^helm-panda: $SNAP was pending-upgrade since $STUCK_AT \(revision $STUCK_REV, 2h[0-9]{2}m ago\), left by a helm killed while writing the snapshots \(a write takes seconds\): rolled back to the revision before \(helm rollback\); recording this run's snapshot again$" \
    "stale: one line: release, state, since when, rolled back"
expect_err "^snapshot recorded in release $SNAP" "stale: the snapshot is recorded"
! grep -q "no snapshot recorded" "$T/err" && ok "stale: no warning" || { not_ok "stale: warned"; show; }
h=$(hist)
echo "   helm history: $h"
case "$h" in
# (helm's rollback leaves the stuck revision's own status as it was: only the last revision locks)
*"|$STUCK_REV:"*":Preparing upgrade|$((STUCK_REV + 1)):superseded:Rollback to 1|$((STUCK_REV + 2)):deployed:Upgrade complete")
    ok "helm history: the stuck revision, the rollback to 1, then the record written (deployed)" ;;
*) not_ok "helm history: $h" ;;
esac
[ "$(ids)" = "1 2" ] && ok "helm panda history: snapshots 1 and 2" || not_ok "helm panda history: $(ids)"

# 2. pending-upgrade begun 30 s ago
stuck "-30 seconds" && ok "revision $STUCK_REV made pending-upgrade, begun $STUCK_AT" || not_ok "making it stuck"
before=$(hist)
run helm -n "$ns" panda install -C "$D" --timeout 2m
expect_rc 0 "young: install exits 0"
expect_err "^helm-panda: warning: no snapshot recorded \(helm panda history, rollback\): $SNAP is pending-upgrade since $STUCK_AT \(revision $STUCK_REV, [0-9ms]+ ago\): another run may be writing its snapshot now; left alone" \
    "young: one warning: release, state, since when, not recorded"
expect_err "^helm-panda: $SNAP is pending-upgrade since $STUCK_AT \(revision $STUCK_REV, [0-9ms]+ ago\): another run may be writing its snapshot now; waiting for it \(at most 10 s\)$" \
    "young: one line says the run waits for it"
[ "$(grep -c "$SNAP" "$T/err")" = 2 ] && ok "young: two lines about the snapshot release" || { not_ok "young: lines"; show; }
[ "$(hist)" = "$before" ] && ok "young: helm history unchanged (revision $STUCK_REV still pending-upgrade)" ||
    not_ok "young: history now $(hist)"
[ "$(ids)" = "1 2" ] && ok "young: helm panda history still reads the record (snapshots 1 and 2)" || not_ok "young: $(ids)"

# term_at_gate CALL WHAT SAID: `helm panda install` with a helm on PATH that runs real helm, except
# that a call whose argv holds CALL (" word ... ") first waits for a gate; SIGTERM to the plugin
# once that call runs, the gate opened once the plugin's stderr says SAID (the signal surely comes
# while the call's helm runs, with no timing); RC, $T/out, $T/err as run's
term_at_gate() {
    rm -rf "$T/gatebin" "$T/gate" "$T/gate.started"
    mkdir -p "$T/gatebin"
    cat >"$T/gatebin/helm" <<SH
#!/bin/bash
case " \$* " in *"$1"*)
    : >"$T/gate.started"
    for _ in \$(seq 1200); do [ -e "$T/gate" ] && break; sleep 0.05; done ;;
esac
exec -a helm "$HELM" "\$@" # argv[0] "helm": helm hands the plugin HELM_BIN=helm, found on PATH: this script
SH
    chmod +x "$T/gatebin/helm"
    PATH="$T/gatebin:$PATH" helm -n "$ns" panda install -C "$D" --timeout 2m >"$T/out" 2>"$T/err" &
    local hpid=$! plug
    wait_until 180 test -e "$T/gate.started"
    plug=$(pgrep -P "$hpid" -f 'bin/helm-panda' | head -1)
    [ -e "$T/gate.started" ] && [ -n "$plug" ] && kill -TERM "$plug" && ok "SIGTERM to the plugin while $2 runs" ||
        not_ok "$2 never started, or no plugin process"
    wait_until 60 grep -q "SIGTERM: $3" "$T/err"
    touch "$T/gate"
    wait "$hpid"
    RC=$?
}

# 3. SIGTERM during the snapshot write, real helm: the write is let finish, nothing left pending.
# (the snapshot release's upgrade behind term_at_gate's gate)
helm -n "$ns" rollback "$SNAP" >/dev/null 2>&1 # part 2's pending revision, by hand
[ "$(release_status "$SNAP")" = deployed ] && ok "$SNAP deployed again (rolled back by hand)" || not_ok "$SNAP: $(release_status "$SNAP")"
before_ids=$(ids)
term_at_gate " upgrade --install $SNAP " "the snapshot write" "finishing the snapshot write"
expect_rc 143 "SIGTERM during the snapshot write: exit 143"
expect_err '^helm-panda: warning: SIGTERM: finishing the snapshot write \(a second or so, no --wait\); a second signal kills it$' \
    "one line says the snapshot write is being finished"
expect_err "^snapshot recorded in release $SNAP" "the snapshot is recorded"
[ "$(release_status "$SNAP")" = deployed ] && ok "$SNAP deployed, not left pending" || not_ok "$SNAP: $(release_status "$SNAP")"
[ "$(ids)" = "$before_ids $((${before_ids##* } + 1))" ] && ok "helm panda history: one snapshot more ($(ids))" ||
    not_ok "helm panda history: $(ids) (before: $before_ids)"

# 4. SIGTERM during the unlock (a stale pending-upgrade, its helm rollback behind a gate)
stuck "-2 hours" && ok "revision $STUCK_REV made pending-upgrade again, begun $STUCK_AT" || not_ok "making it stuck"
before_ids=$(ids)
term_at_gate " rollback $SNAP " "the unlock's helm rollback" "finishing the unlock"
expect_rc 143 "SIGTERM during the unlock: exit 143"
expect_err "^helm-panda: warning: SIGTERM: finishing the unlock of $SNAP \(helm rollback, a second or so\); a second signal kills it$" \
    "SIGTERM during the unlock: one line says the unlock is being finished"
expect_err "^helm-panda: warning: no snapshot recorded \(helm panda history, rollback\): interrupted; $SNAP was pending-upgrade since $STUCK_AT \(revision $STUCK_REV, 2h[0-9]{2}m ago\), .* and is rolled back to the revision before \(helm rollback\): the next run records its snapshot$" \
    "SIGTERM during the unlock: the warning says it was unlocked and nothing recorded"
[ "$(release_status "$SNAP")" = deployed ] && ok "$SNAP deployed (rolled back), not left pending-rollback" ||
    not_ok "$SNAP: $(release_status "$SNAP")"
[ "$(ids)" = "$before_ids" ] && ok "helm panda history: the record as before ($(ids))" ||
    not_ok "helm panda history: $(ids) (before: $before_ids)"
run helm -n "$ns" panda install -C "$D" --timeout 2m
expect_rc 0 "the next install exits 0"
[ "$(ids)" = "$before_ids $((${before_ids##* } + 1))" ] && ok "the next install records its snapshot ($(ids))" ||
    not_ok "helm panda history: $(ids) (before: $before_ids)"

# 5. another run's write ends while this run waits: read again, both snapshots kept
stuck "-2 seconds" && ok "revision $STUCK_REV made pending-upgrade, begun $STUCK_AT (another run's write)" ||
    not_ok "making it stuck"
before_ids=$(ids)
helm -n "$ns" panda install -C "$D" --timeout 2m >"$T/out" 2>"$T/err" &
hpid=$!
wait_until 180 grep -q 'waiting for it (at most 10 s)$' "$T/err" && ok "the run waits for the other write" ||
    { not_ok "the run did not say it waits"; cat "$T/err"; }
# the other run's helm finishes: its revision deployed, its record one snapshot longer
kubectl -n "$ns" get secret "sh.helm.release.v1.$SNAP.v$STUCK_REV" -o json >"$T/rel.json"
python3 - "$T/rel.json" >"$T/done.json" <<'PY'
import base64, copy, gzip, json, sys
sec = json.load(open(sys.argv[1]))
rel = json.loads(gzip.decompress(base64.b64decode(base64.b64decode(sec["data"]["release"]))))
rel["info"]["status"] = "deployed"
rel["info"]["description"] = "Upgrade complete"
snaps = rel["config"]["snapshots"]
other = copy.deepcopy(snaps[-1])
other.update(id=other["id"] + 1, by="colleague@elsewhere", command="apply")
snaps.append(other)
sec["data"]["release"] = base64.b64encode(base64.b64encode(gzip.compress(json.dumps(rel).encode()))).decode()
sec["metadata"]["labels"]["status"] = "deployed"
for k in ("resourceVersion", "uid", "creationTimestamp", "managedFields"):
    sec["metadata"].pop(k, None)
print(json.dumps(sec))
PY
kubectl replace -f "$T/done.json" >/dev/null && ok "the other run's write ended (revision $STUCK_REV deployed)" || not_ok "kubectl replace"
wait "$hpid"
RC=$?
expect_rc 0 "the other write ended: install exits 0"
expect_err "^snapshot recorded in release $SNAP" "the other write ended: the snapshot is recorded"
! grep -q "no snapshot recorded" "$T/err" && ok "the other write ended: no warning" || { not_ok "warned"; show; }
last=${before_ids##* }
[ "$(ids)" = "$before_ids $((last + 1)) $((last + 2))" ] &&
    ok "helm panda history: the other run's snapshot $((last + 1)) kept, this run's is $((last + 2))" ||
    not_ok "helm panda history: $(ids) (before: $before_ids)"
by=$(helm -n "$ns" panda history -C "$D" -o json | python3 -c 'import json, sys; print(json.load(sys.stdin)["snapshots"][-2]["by"])')
[ "$by" = colleague@elsewhere ] && ok "snapshot $((last + 1)) is the colleague's" || not_ok "snapshot $((last + 1)) by $by"
[ "$(release_status "$SNAP")" = deployed ] && ok "$SNAP deployed" || not_ok "$SNAP: $(release_status "$SNAP")"

# 6. another run's install between this run's read of the record and its write (no lock met)
rm -rf "$T/gatebin" "$T/gate" "$T/gate.started"
mkdir -p "$T/gatebin"
cat >"$T/gatebin/helm" <<SH
#!/bin/bash
case " \$* " in *" upgrade --install $SNAP "*)
    if [ ! -e "$T/gate.started" ]; then
        : >"$T/gate.started"
        for _ in \$(seq 1200); do [ -e "$T/gate" ] && break; sleep 0.05; done
    fi ;;
esac
exec -a helm "$HELM" "\$@"
SH
chmod +x "$T/gatebin/helm"
before_ids=$(ids)
PATH="$T/gatebin:$PATH" helm -n "$ns" panda install -C "$D" --timeout 2m >"$T/out" 2>"$T/err" &
hpid=$!
wait_until 180 test -e "$T/gate.started" && ok "this run's snapshot write held at the gate" || not_ok "the write never started"
helm -n "$ns" panda install -C "$D" -c msgsvc --timeout 2m >"$T/out2" 2>"$T/err2"
[ $? = 0 ] && grep -q "snapshot recorded in release $SNAP" "$T/err2" &&
    ok "meanwhile another run (-c msgsvc) installs and records its snapshot" || { not_ok "the other run"; cat "$T/err2"; }
touch "$T/gate"
wait "$hpid"
RC=$?
expect_rc 0 "the held run exits 0"
last=${before_ids##* }
expect_err "^helm-panda: $SNAP: another run recorded snapshot $((last + 1)) while this run wrote its own on an older record: recording this run's snapshot again, after it$" \
    "one line says the other run's snapshot was met, and this run's is written again"
expect_err "^snapshot recorded in release $SNAP" "the held run's snapshot is recorded"
[ "$(ids)" = "$before_ids $((last + 1)) $((last + 2))" ] &&
    ok "helm panda history: the other run's snapshot $((last + 1)) kept, this run's is $((last + 2))" ||
    not_ok "helm panda history: $(ids) (before: $before_ids)"
[ "$(release_status "$SNAP")" = deployed ] && ok "$SNAP deployed" || not_ok "$SNAP: $(release_status "$SNAP")"
