# scripts/e2e-cluster.sh start DIR never removes a folder it did not make, names a log that
# exists, and makes its keys private from the start. A fake tool cache (HP_TOOLS_CACHE) holds a
# control plane whose etcd records what it finds, then fails at start.
# Mutants caught: the old `rm -rf DIR` after a failed start (the user's file is gone); the log
# path named with ".failed" (no such file); keys written under the caller's umask and chmod-ed
# afterwards (etcd, started after the keys, sees them 644 and the pki folder 755).
. "$HP_ROOT/tests/scripts/lib.sh"
. "$ROOT/scripts/versions.env"
C=$T/cache/e2e
bin=$C/$K8S_VERSION/bin
mkdir -p "$bin" "$C/etcd-$ETCD_VERSION" "$C/kwok-$KWOK_VERSION" "$C/helm-diff-$HELM_DIFF_VERSION/bin" \
    "$C/argocd-$ARGOCD_VERSION" "$C/gateway-api-$GATEWAY_API_VERSION"
for b in kube-apiserver kube-controller-manager kube-scheduler kubectl; do
    printf '#!/bin/sh\necho "Kubernetes %s"\n' "$K8S_VERSION" >"$bin/$b"
done
: >"$C/argocd-$ARGOCD_VERSION/application-crd.yaml"
: >"$C/gateway-api-$GATEWAY_API_VERSION/standard-crds.yaml"
: >"$C/helm-diff-$HELM_DIFF_VERSION/plugin.yaml"
printf '#!/bin/sh\nexit 0\n' >"$C/helm-diff-$HELM_DIFF_VERSION/bin/diff"
printf '#!/bin/sh\nexit 0\n' >"$C/kwok-$KWOK_VERSION/kwok"
# etcd: started after the certificates; reports their modes and fails
cat >"$C/etcd-$ETCD_VERSION/etcd" <<ETCD
#!/bin/sh
for a; do case \$a in */etcd) d=\${a%/etcd} ;; esac; done
stat -c '%a %n' "\$d"/pki "\$d"/pki/*.key "\$d"/kubeconfig >"$T/modes"
echo '{"level":"fatal","msg":"boom: cannot open the data dir"}'
exit 1
ETCD
chmod +x "$bin"/* "$C"/*/etcd "$C"/*/kwok "$C"/*/bin/diff

export HP_TOOLS_CACHE=$T/cache
# 1. a folder of the user's, with a file in it
U=$T/mine
mkdir -p "$U"
echo precious >"$U/notes.txt"
run "$ROOT/scripts/e2e-cluster.sh" start "$U"
expect_rc 1 "start fails when etcd dies"
expect_err "etcd exited at start: .*boom" "the error line quotes etcd's log"
[ "$(cat "$U/notes.txt" 2>/dev/null)" = precious ] && ok "the user's folder and file are still there" ||
    not_ok "the user's folder was removed"
log=$(sed -n 's/.*(log kept: \(.*\))$/\1/p' "$T/err")
[ -n "$log" ] && [ -f "$log" ] && grep -q boom "$log" && ok "the log it names exists: ${log#$T/}" ||
    { not_ok "the named log '$log' does not exist"; show; }
left=$(cd "$U" && ls -A | grep -v '^notes.txt$' | grep -v '^logs$' | tr '\n' ' ')
[ -z "$left" ] && ok "nothing of the failed start left beside the logs" || not_ok "left behind: $left"
if [ -s "$T/modes" ]; then
    bad=$(grep -v '^600 \|^700 ' "$T/modes" | tr '\n' ';')
    [ -z "$bad" ] && ok "keys, kubeconfig 0600 and pki/ 0700 when the next process starts" || not_ok "not private: $bad"
else
    not_ok "the fake etcd recorded no modes"
fi

# 2. a folder start makes itself is removed by stop, and only then
N=$T/new
run "$ROOT/scripts/e2e-cluster.sh" start "$N"
expect_rc 1 "start in a new folder fails the same way"
run "$ROOT/scripts/e2e-cluster.sh" start "$U"
expect_rc 1 "start again in the user's folder (logs of the first failure do not block it)"

# 3. stop of a user's folder holding a (stopped) cluster: only what start made goes
mkdir -p "$U/pids"
echo etcd >"$U/pids/order"
run "$ROOT/scripts/e2e-cluster.sh" stop "$U"
expect_rc 0 "stop"
[ "$(cat "$U/notes.txt" 2>/dev/null)" = precious ] && ok "stop leaves the user's folder and file" || not_ok "stop removed the user's folder"

# 4. a readiness probe that cannot run is named at once (not a 60 s wait blamed on the machine):
# a PATH with everything but curl
mkdir -p "$T/nocurl"
for f in /usr/local/bin/* /usr/bin/* /bin/*; do
    case ${f##*/} in curl) continue ;; esac
    [ -e "$T/nocurl/${f##*/}" ] || ln -s "$f" "$T/nocurl/${f##*/}"
done
run env PATH="$T/nocurl" "$ROOT/scripts/e2e-cluster.sh" start "$T/c3"
expect_rc 1 "start without curl fails"
expect_err "^e2e-cluster: error: curl not found \(waits for etcd to be ready\): apt-get install curl" \
    "the missing probe command and its package are named (mutant: the old 60 s 'machine overloaded?')"
