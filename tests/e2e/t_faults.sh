# Faults on the real control plane, mid-install: the plugin killed with SIGKILL, the API server
# killed and restarted, etcd killed and restarted. For each: the run ends in a bounded time (the
# plugin's own run with one summary line per release), the next `install` completes, or names
# the stuck release and the command that recovers it (which then completes), and nothing is lost:
# the volume claims and the Secret of the first install are the same objects afterwards. No
# plaintext outside the API server's own storage: a canary value, SOPS-encrypted in iam's values,
# is absent from /tmp, $TMPDIR, $HOME, the test's folder and every log of the cluster.
# (A helm killed mid-upgrade, leaving pending-upgrade: t_interrupt.)
# Controls: the canary is read back from the cluster's Secret (the search looks for the right
# bytes); the objects' uids are compared, so a recovery that uninstalls and reinstalls (new claims,
# empty volumes) fails. Measured here: helm 4.1.4 rides out a 5 s outage of the API server or of
# etcd (its run ends 0); a run that fails instead must still print every release's line.
. "$HP_ROOT/tests/e2e/lib.sh"
need_tools pgrep age-keygen
install_plugin || exit 1
[ -n "${HP_E2E_CLUSTER:-}" ] || exit 0 # crash/restart: only our own control plane
E2E=$ROOT/scripts/e2e-cluster.sh
ns=$(new_ns faults) || exit 1
D=$T/deploy
deploy_copy "$D"
COMPONENTS="msgsvc iam panda harvester idds bigmon"

# iam renders a Secret from a SOPS-encrypted value: the canary
e2e_secret "$D"
canary=HPCANARY; canary=${canary}-faults-7e3a # built here: this script's text must not match
# values EXP DELAY: every component's pods Ready after DELAY under -e EXP; iam's file encrypted
values() {
    for c in $COMPONENTS; do e2e_values "$D" "$1" "$c" "readyDelay: \"$2\""; done
    printf 'e2eSecret:\n  password: %s\n' "$canary" >>"$D/helm/iam/values/values-$1.yaml"
    "$HP_BIN" secrets encrypt -r "$recipient" -i "$D/helm/iam/values/values-$1.yaml" ||
        not_ok "encrypting iam's values-$1.yaml"
}
values fast 1s
values slow 6s

# objects_of: the uid of every volume claim and of iam's Secret (what must survive)
objects_of() {
    kubectl -n "$ns" get pvc,secret -o 'jsonpath={range .items[*]}{.kind}/{.metadata.name}={.metadata.uid}{"\n"}{end}' |
        grep -E '^(PersistentVolumeClaim/|Secret/test-iam-e2e-secret=)' | sort
}
# next_install: the next install completes, or names the stuck release and the way out, which
# then completes
next_install() { # what happened before
    run helm -n "$ns" panda install -C "$D" -e fast --timeout 2m
    if [ "$RC" = 0 ]; then
        ok "after $1: the next install completes"
        return
    fi
    if grep -Eq 'recover-(recent-)?pending' "$T/err"; then
        ok "after $1: the next install names the stuck release and the way out: $(grep -m1 -E 'pending' "$T/err" | cut -c1-160)"
        run helm -n "$ns" panda install -C "$D" -e fast --timeout 2m --recover-recent-pending
        expect_rc 0 "after $1: install --recover-recent-pending completes"
    else
        not_ok "after $1: the next install failed without naming a way out"
        show
    fi
}
all_deployed() {
    helm list -n "$ns" -o json $LIST_ALL --filter '^test-[a-z]+$' >"$T/list.json" # (not the snapshot release)
    check_py "after $1: six releases deployed" '
sorted(r["status"] for r in json.load(open(sys.argv[1]))) == ["deployed"] * 6' "$T/list.json"
}
kept() { # what happened
    objects_of >"$T/objects.after"
    if [ -s "$T/objects.before" ] && cmp -s "$T/objects.before" "$T/objects.after"; then
        ok "after $1: the volume claims and iam's Secret are the same objects ($(wc -l <"$T/objects.after"))"
    else
        not_ok "after $1: objects changed"; diff "$T/objects.before" "$T/objects.after" | head -20
    fi
}
# summary_lines: one line per release in the plugin's summary
summary_lines() { # what happened
    local c missing=""
    for c in $COMPONENTS; do grep -Eq "^test-$c +$c +" "$T/err" || missing="$missing $c"; done
    [ -z "$missing" ] && ok "$1: the summary has one line per release" || { not_ok "$1: no summary line for$missing"; show; }
}

run helm -n "$ns" panda install -C "$D" -e fast --timeout 2m
expect_rc 0 "first install"
objects_of >"$T/objects.before"
[ "$(grep -c PersistentVolumeClaim "$T/objects.before")" = 6 ] && grep -q '^Secret/' "$T/objects.before" &&
    ok "six volume claims and iam's Secret" || { not_ok "objects: $(cat "$T/objects.before")"; }

# 1. SIGKILL of the plugin mid-upgrade: its helm children are orphans that end by themselves
helm -n "$ns" panda install -C "$D" -e slow --timeout 2m >"$T/out" 2>"$T/err" &
hpid=$!
wait_status test-msgsvc pending-upgrade 60 && ok "msgsvc upgrading" || not_ok "msgsvc never pending-upgrade"
plugin=$(pgrep -P "$hpid" | head -n1)
children=$(pgrep -P "$plugin" | tr '\n' ' ')
kill -KILL "$plugin"
wait "$hpid"
[ $? != 0 ] && ok "plugin killed: helm panda exits non-zero" || not_ok "plugin killed, yet exit 0"
i=0
for p in $children; do while kill -0 "$p" 2>/dev/null && [ $i -lt 300 ]; do sleep 0.5; i=$((i + 1)); done; done
left=""
for p in $children; do kill -0 "$p" 2>/dev/null && left="$left $p"; done
[ -z "$left" ] && ok "the orphaned helm processes ended by themselves (within their --timeout)" || not_ok "helm still running:$left"
next_install "the plugin was killed"
all_deployed "the plugin was killed"
kept "the plugin was killed"

# 2 and 3. the API server, then etcd, killed mid-upgrade and restarted 5 s later
for comp in kube-apiserver etcd; do
    t0=$(date +%s)
    helm -n "$ns" panda install -C "$D" -e slow --timeout 40s >"$T/out" 2>"$T/err" &
    hpid=$!
    wait_status test-msgsvc pending-upgrade 60 && ok "$comp: msgsvc upgrading" || not_ok "$comp: msgsvc never pending-upgrade"
    "$E2E" crash "$HP_E2E_CLUSTER" "$comp" 2>/dev/null
    sleep 5
    "$E2E" restart "$HP_E2E_CLUSTER" "$comp" 2>"$T/restart.err" || { not_ok "$comp did not restart: $(cat "$T/restart.err")"; exit 1; }
    # kubectl answers again before the plugin's run is judged
    i=0
    until kubectl get ns "$ns" >/dev/null 2>&1 || [ $i -ge 120 ]; do sleep 0.5; i=$((i + 1)); done
    wait "$hpid"
    RC=$?
    el=$(($(date +%s) - t0))
    # what a kubelet does for a real control plane: kube-scheduler exits on purpose when the
    # outage left its cache corrupted ("Scheduler cache is corrupted"), and is started again
    "$E2E" revive "$HP_E2E_CLUSTER" 2>>"$T/revive.log" || { not_ok "revive failed: $(cat "$T/revive.log")"; exit 1; }
    [ $el -lt 240 ] && ok "$comp killed: the run ended in ${el} s (exit $RC)" || not_ok "$comp killed: the run took ${el} s"
    summary_lines "$comp killed"
    next_install "$comp was killed"
    all_deployed "$comp was killed"
    kept "$comp was killed"
done

# no plaintext outside the API server's own storage (etcd's data folder)
b64=$(printf '%s' "$canary" | base64)
found=$(grep -rlsF -e "$canary" -e "$b64" /tmp "${TMPDIR:-/tmp}" "$HOME" "$T" "$HP_E2E_CLUSTER/logs" 2>/dev/null |
    grep -v "^$HP_E2E_CLUSTER/etcd/" | head -5)
[ -z "$found" ] && ok "the canary secret is in no file under /tmp, \$TMPDIR, \$HOME, the test folder or the cluster's logs" ||
    not_ok "the canary secret is in: $found"
kubectl -n "$ns" get secret test-iam-e2e-secret -o 'jsonpath={.data.password}' | base64 -d | grep -qx "$canary" &&
    ok "the canary is in the cluster (the check looks for the right thing)" || not_ok "the canary is not in the cluster's Secret"
