#!/usr/bin/env bash
# A local Kubernetes control plane for the e2e suite, from real binaries, no containers, no root:
#
#   scripts/e2e-cluster.sh build        build and cache the binaries (idempotent; scripts/deps.sh --tests)
#   scripts/e2e-cluster.sh start DIR    run it; prints DIR/kubeconfig
#   scripts/e2e-cluster.sh stop DIR     end every process it started, remove what start made
#   scripts/e2e-cluster.sh crash DIR NAME    SIGKILL one component (etcd, kube-apiserver, ...):
#                                            the fault tests' outage
#   scripts/e2e-cluster.sh restart DIR NAME  start it again with the same command line (its log
#                                            goes on), and wait until it answers again
#   scripts/e2e-cluster.sh revive DIR        start again every component that exited, as a
#                                            kubelet restarts a static pod (kube-scheduler exits
#                                            on purpose when an outage left its cache corrupted)
#
# DIR is never removed unless start made it: `start .` or a folder of yours keeps everything that
# was there before (start refuses a DIR that already holds a cluster's files). A failed start
# stops what it started and keeps the logs in DIR/logs, the path its error line names.
#
# What runs (all on 127.0.0.1, ports picked free at start, pids in DIR/pids):
#   etcd                       go.etcd.io/etcd/server/v3 at $ETCD_VERSION
#   kube-apiserver             k8s.io/kubernetes at $K8S_VERSION (scripts/e2e/k8s pins every k8s.io
#   kube-controller-manager    staging module to $K8S_STAGING_VERSION); certificates made with the
#   kube-scheduler             openssl CLI into DIR
#   kwok                       sigs.k8s.io/kwok at $KWOK_VERSION: fake nodes, and pods driven by the
#                              stages of scripts/e2e/kwok-stages.yaml (Ready after a delay chosen per
#                              pod by annotation, Job pods complete, never-ready on request)
# PersistentVolumeClaims bind through the controller manager's own hostPath provisioner
# (--enable-hostpath-provisioner, made for exactly this: testing without a cloud): the default
# StorageClass "standard" uses it, so StatefulSets' volumeClaimTemplates get Bound claims, each
# backed by an empty directory /tmp/hostpath_pv/<uid> that stop removes.
#
# Versions: scripts/versions.env only. Binaries are cached in $HP_TOOLS_CACHE/e2e/<tool-version>/,
# so only the first build is slow (see the README for the time it takes).
# Every error is one line on stderr: what is missing or wrong and how to get past it.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
. "$here/versions.env"

CACHE=$HP_TOOLS_CACHE/e2e
K8S_DIR=$CACHE/$K8S_VERSION/bin
ETCD=$CACHE/etcd-$ETCD_VERSION/etcd
KWOK=$CACHE/kwok-$KWOK_VERSION/kwok
HELM_DIFF_DIR=$CACHE/helm-diff-$HELM_DIFF_VERSION   # a helm plugin folder: plugin.yaml, bin/diff
ARGOCD_CRD=$CACHE/argocd-$ARGOCD_VERSION/application-crd.yaml
GATEWAY_CRDS=$CACHE/gateway-api-$GATEWAY_API_VERSION/standard-crds.yaml
# OpenShift's Route: ours (scripts/e2e/crds), as no module on the proxy carries its CRD
ROUTE_CRD=$here/e2e/crds/route.openshift.io.yaml
K8S_CMDS="kube-apiserver kube-controller-manager kube-scheduler kubectl"
# Start order; stop goes the other way round.
PROCS="etcd kube-apiserver kube-controller-manager kube-scheduler kwok"

die() { echo "e2e-cluster: error: $*" >&2; exit 1; }
say() { echo "e2e-cluster: $*" >&2; }

# ---------------------------------------------------------------------------------------- build

# Go: scripts/go-env.sh, as scripts/go-peers.sh finds it (the newest go 1.21+ on the machine,
# Debian's backports one included, installed when there is none); Kubernetes $K8S_VERSION needs
# Go 1.26, which GOTOOLCHAIN=auto fetches from the module proxy when that go is older.
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
. "$here/go-env.sh"
find_go() { go_setup || die "no Go toolchain to build the e2e control plane (see above)"; }

# build_in_module builds packages of a copy of one of our modules under scripts/e2e (so
# versions.env wins over the committed go.mod, and the tree stays clean) into OUT-DIR, moved
# there only once the whole build succeeded.
GOFLAGS_BUILD=(-trimpath -ldflags=-s\ -w)
# K8S_LDFLAGS_X: extra -X settings for the Kubernetes binaries only (their version stamp)
build_in_module() { # src-module-dir out-dir go-mod-edit-args... -- packages...
    local src=$1 outdir=$2
    shift 2
    local edits=() pkgs=()
    while [ $# -gt 0 ] && [ "$1" != -- ]; do edits+=("$1"); shift; done
    shift
    pkgs=("$@")
    local work
    work=$(mktemp -d "${TMPDIR:-/tmp}/hp-e2e-build.XXXXXX")
    cp "$src"/go.mod "$src"/go.sum "$src"/tools.go "$work"/
    (
        cd "$work"
        cp go.mod go.mod.orig
        [ ${#edits[@]} -eq 0 ] || "$GO" mod edit "${edits[@]}"
        # a version changed in versions.env: let Go resolve the new graph (needs the proxy)
        cmp -s go.mod go.mod.orig || "$GO" mod tidy >/dev/null
        mkdir -p out
        "$GO" build -trimpath -ldflags="-s -w ${K8S_LDFLAGS_X:-}" -o out/ "${pkgs[@]}"
    ) >"$work/log" 2>&1 || {
        local why
        why=$(grep -v '^go: downloading' "$work/log" | grep -m1 -E 'error|cannot|refused|no such|not found|403|404' || tail -n1 "$work/log")
        rm -rf "$work"
        die "building ${pkgs[*]} failed: ${why} (fix scripts/versions.env or the network to the Go module proxy, then run scripts/e2e-cluster.sh build again)"
    }
    mkdir -p "$outdir"
    for f in "$work"/out/*; do mv -f "$f" "$outdir/"; done
    rm -rf "$work"
}

# The version stamp the Kubernetes build gives its binaries (hack/lib/version.sh sets these with
# -X into both version packages): without it the API server reports v0.0.0-master+$Format:%H$,
# and charts that test the cluster version (semverCompare ">=1.19-0" .Capabilities.KubeVersion...)
# fail to render. gitCommit stays unset: a module-proxy build has no commit.
k8s_version_ldflags() {
    local v=${K8S_VERSION#v} key val out=""
    for pkg in k8s.io/component-base/version k8s.io/client-go/pkg/version; do
        for kv in "gitVersion=$K8S_VERSION" "gitMajor=${v%%.*}" "gitMinor=$(echo "$v" | cut -d. -f2)" \
                  gitTreeState=clean buildDate=1970-01-01T00:00:00Z; do
            key=${kv%%=*} val=${kv#*=}
            out="$out -X $pkg.$key=$val"
        done
    done
    echo "$out"
}

# The cached control plane is usable: every binary there, and the API server stamped with our
# version (a cache from before the stamp is rebuilt; only the link step runs again)
k8s_built() {
    local c
    for c in $K8S_CMDS; do [ -x "$K8S_DIR/$c" ] || return 1; done
    [ "$("$K8S_DIR/kube-apiserver" --version 2>/dev/null)" = "Kubernetes $K8S_VERSION" ]
}

build_k8s() {
    local pkgs=() c
    k8s_built && return 0
    for c in $K8S_CMDS; do pkgs+=("k8s.io/kubernetes/cmd/$c"); done
    # every k8s.io/* staging module k8s.io/kubernetes requires as v0.0.0 -> its published twin;
    # for another version than the committed one, the list comes from that version's go.mod
    local edits=(-require=k8s.io/kubernetes@$K8S_VERSION) m list gomod
    list=$(sed -n 's/^\t\(k8s\.io\/[^ ]*\) => .*/\1/p' "$here/e2e/k8s/go.mod")
    if ! grep -q "^require k8s.io/kubernetes $K8S_VERSION\$" "$here/e2e/k8s/go.mod"; then
        gomod=$(cd "$here/e2e/k8s" && "$GO" mod download -json "k8s.io/kubernetes@$K8S_VERSION" | sed -n 's/^\t"GoMod": "\(.*\)",$/\1/p')  || true
        [ -f "$gomod" ] || die "k8s.io/kubernetes $K8S_VERSION not found on the Go module proxy: fix K8S_VERSION in scripts/versions.env"
        list=$(sed -n 's/^\t\(k8s\.io\/[^ ]*\) v0\.0\.0$/\1/p' "$gomod")
    fi
    for m in $list; do
        edits+=(-replace="$m=$m@$K8S_STAGING_VERSION")
    done
    say "building ${pkgs[*]##*/} $K8S_VERSION (the first time takes many minutes)"
    K8S_LDFLAGS_X=$(k8s_version_ldflags) build_in_module "$here/e2e/k8s" "$K8S_DIR" "${edits[@]}" -- "${pkgs[@]}"
    k8s_built || die "the Kubernetes build in $K8S_DIR does not report $K8S_VERSION ($("$K8S_DIR/kube-apiserver" --version 2>&1 | head -n1))"
}

build_etcd() {
    [ ! -x "$ETCD" ] || return 0
    local edits=() m
    for m in api/v3 client/pkg/v3 client/v3 pkg/v3 server/v3; do
        edits+=(-require=go.etcd.io/etcd/$m@$ETCD_VERSION)
    done
    say "building etcd $ETCD_VERSION"
    build_in_module "$here/e2e/etcd" "$(dirname "$ETCD")" "${edits[@]}" -- go.etcd.io/etcd/server/v3
    mv -f "$(dirname "$ETCD")/v3" "$ETCD" 2>/dev/null || mv -f "$(dirname "$ETCD")/server" "$ETCD" 2>/dev/null || true
    [ -x "$ETCD" ] || die "etcd build gave no binary in $(dirname "$ETCD")"
}

# go install of a module without replace directives (kwok, helm-diff)
go_install() { # out-dir package@version
    local work
    work=$(mktemp -d "${TMPDIR:-/tmp}/hp-e2e-build.XXXXXX")
    (cd "$work" && GOBIN=$work/out "$GO" install "${GOFLAGS_BUILD[@]}" "$2") >"$work/log" 2>&1 || {
        local why
        why=$(grep -v '^go: downloading' "$work/log" | head -n1)
        rm -rf "$work"
        die "go install $2 failed: $why (fix the version in scripts/versions.env or the network to the Go module proxy)"
    }
    mkdir -p "$1"
    mv -f "$work"/out/* "$1/"
    rm -rf "$work"
}

build_kwok() {
    [ ! -x "$KWOK" ] || return 0
    say "building kwok $KWOK_VERSION"
    go_install "$(dirname "$KWOK")" "sigs.k8s.io/kwok/cmd/kwok@$KWOK_VERSION"
}

# helm-diff as a helm plugin folder, for `helm plugin install DIR` in the tests. Built from our
# module scripts/e2e/helm-diff (`go install ...@VERSION` asks the proxy for helm-diff's version
# list, which it refuses). GONOSUMDB: the checksum database, reached through the proxy, answers
# 404 for helm-diff's tags; the go.sum committed in scripts/e2e/helm-diff is the pin instead.
build_helm_diff() {
    [ -x "$HELM_DIFF_DIR/bin/diff" ] && [ -f "$HELM_DIFF_DIR/plugin.yaml" ] && return 0
    say "building helm-diff $HELM_DIFF_VERSION"
    local mod=github.com/databus23/helm-diff/v3
    GONOSUMDB=github.com/databus23/helm-diff build_in_module "$here/e2e/helm-diff" "$HELM_DIFF_DIR/bin" \
        -require=$mod@$HELM_DIFF_VERSION -- $mod
    mv -f "$HELM_DIFF_DIR/bin/helm-diff" "$HELM_DIFF_DIR/bin/diff"
    local src
    src=$(cd "$here/e2e/helm-diff" && GONOSUMDB=github.com/databus23/helm-diff "$GO" mod download -json "$mod@$HELM_DIFF_VERSION" |
        sed -n 's/^\t"Dir": "\(.*\)",$/\1/p') || true
    [ -f "$src/plugin.yaml" ] || die "helm-diff $HELM_DIFF_VERSION has no plugin.yaml in the module source"
    # Its plugin.yaml, changed in two ways: the install/update hooks (install-binary.sh) download a
    # release binary from GitHub, but here the binary is built from source, so every top-level
    # hooks:/platformHooks: key goes; and platformCommand (one entry without os/arch, one for
    # windows) becomes `command:`, because helm 4.1.4 finds no entry applicable when os/arch are
    # unset ("no plugin command is applicable"), while helm 3 and 4 both run a plain command.
    { awk '/^(platformHooks|hooks|platformCommand):/ {skip=1; next} skip && /^[^ \t#]/ {skip=0} !skip' "$src/plugin.yaml"
      echo 'command: "$HELM_PLUGIN_DIR/bin/diff"'; } >"$HELM_DIFF_DIR/plugin.yaml"
    if grep -Eq '^(platformHooks|hooks|platformCommand):' "$HELM_DIFF_DIR/plugin.yaml"; then die "could not rewrite helm-diff's plugin.yaml"; fi
}

# Files of a Go module, from its zip on the Go module proxy (we want a few YAML files, not a
# build): the files matching the patterns, in name order, joined as one YAML stream, checked
# against the sha256 pinned in versions.env, kept in the cache.
# fetch_module_files WHAT MODULE VERSION SHA256 OUT PATTERN...
fetch_module_files() {
    local what=$1 mod=$2 version=$3 want=$4 out=$5
    shift 5
    [ -f "$out" ] && return 0
    say "fetching $what ($mod $version) from the Go module proxy"
    local proxy
    proxy=$(GOFLAGS= "${GO:-go}" env GOPROXY 2>/dev/null | tr ',|' '\n\n' | grep -m1 '^http' || true)
    mkdir -p "$(dirname "$out")"
    python3 - "${proxy:-https://proxy.golang.org}" "$mod" "$version" "$want" "$out" "$@" <<'PY' ||
import fnmatch, hashlib, io, sys, urllib.request, zipfile
proxy, mod, version, want, out = sys.argv[1:6]
patterns = sys.argv[6:]
url = f"{proxy.rstrip('/')}/{mod}/@v/{version}.zip"
z = zipfile.ZipFile(io.BytesIO(urllib.request.urlopen(url, timeout=300).read()))
prefix = f"{mod}@{version}/"
names = sorted(n for n in z.namelist() if any(fnmatch.fnmatch(n[len(prefix):], p) for p in patterns))
if not names:
    sys.exit(f"{url}: no file matches {' '.join(patterns)}")
data = z.read(names[0]) if len(names) == 1 else b"".join(b"---\n" + z.read(n) for n in names)
got = hashlib.sha256(data).hexdigest()
if got != want:
    sys.exit(f"{url}: {' '.join(patterns)} has sha256 {got}, versions.env pins {want}")
open(out + ".tmp", "wb").write(data)
PY
        die "cannot fetch $what $version (see above)"
    mv -f "$out.tmp" "$out"
}

# Argo CD's Application CRD (the module itself needs a newer Go than ours to build)
fetch_argocd_crd() {
    fetch_module_files "Argo CD's Application CRD" github.com/argoproj/argo-cd/v3 "$ARGOCD_VERSION" \
        "$ARGOCD_APP_CRD_SHA256" "$ARGOCD_CRD" manifests/crds/application-crd.yaml
}

# Gateway API's standard CRDs (Gateway, HTTPRoute, ...): the sites' OpenShift/OKD clusters serve
# them, so the e2e API server does too (the ValidatingAdmissionPolicy beside them is left out)
fetch_gateway_crds() {
    fetch_module_files "Gateway API's standard CRDs" sigs.k8s.io/gateway-api "$GATEWAY_API_VERSION" \
        "$GATEWAY_API_CRDS_SHA256" "$GATEWAY_CRDS" 'config/crd/standard/gateway.networking.k8s.io_[!v]*.yaml'
}

cmd_build() {
    local t0=$SECONDS need=0
    fetch_argocd_crd
    fetch_gateway_crds
    k8s_built || need=1
    [ -x "$ETCD" ] && [ -x "$KWOK" ] && [ -x "$HELM_DIFF_DIR/bin/diff" ] || need=1
    [ $need = 1 ] || return 0
    find_go
    build_etcd
    build_kwok
    build_helm_diff
    build_k8s
    # CPU time of the builds (children of this shell): on a loaded machine wall time says little
    local cpu
    # (times in this shell: inside $(...) it would report the subshell's, which built nothing)
    times >"$CACHE/.times" 2>/dev/null || true
    cpu=$(tail -n1 "$CACHE/.times" | awk '{ split($1, u, "m"); split($2, s, "m"); printf "%d", u[1] * 60 + u[2] + s[1] * 60 + s[2] }')
    rm -f "$CACHE/.times"
    say "control plane built in $((SECONDS - t0)) s (${cpu} s of CPU), cached in $CACHE"
}

# ---------------------------------------------------------------------------------------- start

# free_ports N: N distinct loopback ports nobody listens on now (the kernel picks them). A
# process may still take one before our component binds it: start then fails with one line
# naming the port, and a second try picks others.
free_ports() {
    command -v python3 >/dev/null || die "python3 not found (used to pick free ports): apt-get install python3"
    python3 - "$1" <<'EOF'
import socket, sys
socks = []
for _ in range(int(sys.argv[1])):
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    socks.append(s)
print(" ".join(str(s.getsockname()[1]) for s in socks))
EOF
}

port_in_use() { # port: something accepts connections on 127.0.0.1:port
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

launch() { # name logfile cmd...: background, detached from our stdout, pid recorded, and the
    # command line kept (DIR/pids/NAME.cmd) for restart
    local name=$1 log=$2
    shift 2
    "$@" </dev/null >>"$log" 2>&1 &
    echo $! >"$D/pids/$name"
    printf '%q ' "$@" >"$D/pids/$name.cmd"
    grep -qx "$name" "$D/pids/order" 2>/dev/null || echo "$name" >>"$D/pids/order"
}

alive() { [ -f "$D/pids/$1" ] && kill -0 "$(cat "$D/pids/$1")" 2>/dev/null; }

# A component died: one line from its log (a port taken between pick and bind is named).
died() {
    local name=$1 log=$D/logs/$1.log line
    if grep -qi 'address already in use' "$log"; then
        line=$(grep -oi -m1 '127.0.0.1:[0-9]*' "$log" | head -n1)
        stop_quiet
        die "$name could not listen: ${line:-a port} is in use (run start again: other free ports are picked)"
    fi
    line=$(grep -m1 -iE '"level":"(fatal|error)"|^[EF][0-9]{4} |error' "$log" | cut -c1-300 || true)
    stop_quiet
    die "$name exited at start: ${line:-see its log} (log kept: $log)"
}

# wait_for NAME SECONDS CMD...: until CMD succeeds, while NAME runs
wait_for() {
    local name=$1 limit=$2 t0=$SECONDS
    shift 2
    # a probe that cannot run can never succeed: say so now, not as a timeout blamed on the machine
    if [ "$(type -t "$1")" != function ] && ! command -v "$1" >/dev/null 2>&1; then
        stop_quiet
        die "$1 not found (waits for $name to be ready): apt-get install $(tool_package "$1"), or run scripts/deps.sh --tests"
    fi
    until "$@" >/dev/null 2>&1; do
        alive "$name" || died "$name"
        [ $((SECONDS - t0)) -lt "$limit" ] || { stop_quiet; die "$name not ready after ${limit}s (machine overloaded?)"; }
        sleep 0.3
    done
}

# the Debian package of a command this script runs (scripts/command-packages.txt, the table
# make check keeps true)
tool_package() {
    awk -v c="$1" '$1 == c { print $2; found = 1; exit } END { if (!found) print c }' "$here/command-packages.txt"
}

kctl() { "$K8S_DIR/kubectl" --kubeconfig "$D/kubeconfig" "$@"; }

certs() {
    local c=$D/pki
    mkdir -p "$c"
    (
        cd "$c"
        o() { openssl "$@" 2>/dev/null; }
        o ecparam -name prime256v1 -genkey -noout -out ca.key
        o req -x509 -new -key ca.key -subj "/CN=helm-panda-e2e-ca" -days 3 -out ca.crt
        # serving certificate of the API server: loopback, and the in-cluster service names
        o ecparam -name prime256v1 -genkey -noout -out apiserver.key
        o req -new -key apiserver.key -subj "/CN=kube-apiserver" -out apiserver.csr
        printf 'subjectAltName=IP:127.0.0.1,IP:10.96.0.1,DNS:localhost,DNS:kubernetes,DNS:kubernetes.default,DNS:kubernetes.default.svc,DNS:kubernetes.default.svc.cluster.local\nextendedKeyUsage=serverAuth\n' >apiserver.ext
        o x509 -req -in apiserver.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3 -extfile apiserver.ext -out apiserver.crt
        # one admin client (system:masters) for us, helm, and the controllers (a harness
        # simplification: real clusters give each controller its own identity)
        o ecparam -name prime256v1 -genkey -noout -out admin.key
        o req -new -key admin.key -subj "/O=system:masters/CN=e2e-admin" -out admin.csr
        printf 'extendedKeyUsage=clientAuth\n' >admin.ext
        o x509 -req -in admin.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 3 -extfile admin.ext -out admin.crt
        # service-account token signing key
        o ecparam -name prime256v1 -genkey -noout -out sa.key
        o ec -in sa.key -pubout -out sa.pub
        rm -f ./*.csr ./*.ext
    ) || die "openssl could not make the certificates: apt-get install openssl"
    [ -s "$c/sa.pub" ] && [ -s "$c/admin.crt" ] || die "openssl could not make the certificates (openssl >= 1.1.1 needed): apt-get install openssl"
}

kubeconfig() { # port
    cat >"$D/kubeconfig" <<EOF
apiVersion: v1
kind: Config
clusters:
- name: e2e
  cluster:
    server: https://127.0.0.1:$1
    certificate-authority: $D/pki/ca.crt
users:
- name: e2e-admin
  user:
    client-certificate: $D/pki/admin.crt
    client-key: $D/pki/admin.key
contexts:
- name: e2e
  context: {cluster: e2e, user: e2e-admin, namespace: default}
current-context: e2e
EOF
    chmod 600 "$D/kubeconfig"
}

cmd_start() {
    D=$1
    [ ! -e "$D/pids/order" ] || die "$D already holds a cluster: scripts/e2e-cluster.sh stop $D first"
    local f
    for f in $OWNED; do
        [ ! -e "$D/$f" ] || die "$D/$f exists: start makes it and stop removes it; choose another DIR or remove it"
    done
    cmd_build
    for b in $K8S_CMDS; do [ -x "$K8S_DIR/$b" ] || die "$K8S_DIR/$b missing: run scripts/e2e-cluster.sh build"; done
    command -v openssl >/dev/null || die "openssl not found (makes the cluster's certificates): apt-get install openssl"
    # keys, certificates, the kubeconfig and etcd's data: private from the moment they exist
    umask 077
    if [ ! -e "$D" ]; then
        mkdir -p "$D"
        : >"$D/.made-by-e2e-cluster"
    fi
    mkdir -p "$D/pids" "$D/logs" "$D/etcd"
    D=$(cd "$D" && pwd)
    local t0=$SECONDS ports etcd_port peer_port api_port
    # E2E_APISERVER_PORT pins the API server's port (else one is picked free)
    ports=$(free_ports 3)
    read -r etcd_port peer_port api_port <<<"$ports"
    if [ -n "${E2E_APISERVER_PORT:-}" ]; then
        api_port=$E2E_APISERVER_PORT
        if port_in_use "$api_port"; then remove_owned; die "port $api_port (E2E_APISERVER_PORT) is in use: free it or unset E2E_APISERVER_PORT"; fi
    fi
    echo "etcd=$etcd_port etcd_peer=$peer_port apiserver=$api_port" >"$D/ports"
    certs
    kubeconfig "$api_port"

    # --unsafe-no-fsync: a throwaway test store on a shared machine (fsync is what makes etcd
    # slow on loaded disks; durability is worthless here)
    launch etcd "$D/logs/etcd.log" "$ETCD" --name e2e --data-dir "$D/etcd" \
        --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
        --listen-peer-urls "http://127.0.0.1:$peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$peer_port" \
        --initial-cluster "e2e=http://127.0.0.1:$peer_port" --unsafe-no-fsync --log-level warn
    wait_for etcd 60 curl -sf "http://127.0.0.1:$etcd_port/health"

    local p=$D/pki
    launch kube-apiserver "$D/logs/kube-apiserver.log" "$K8S_DIR/kube-apiserver" \
        --etcd-servers "http://127.0.0.1:$etcd_port" \
        --bind-address 127.0.0.1 --advertise-address 127.0.0.1 --secure-port "$api_port" \
        --tls-cert-file "$p/apiserver.crt" --tls-private-key-file "$p/apiserver.key" \
        --client-ca-file "$p/ca.crt" --authorization-mode Node,RBAC \
        --service-account-issuer https://kubernetes.default.svc.cluster.local \
        --service-account-key-file "$p/sa.pub" --service-account-signing-key-file "$p/sa.key" \
        --service-cluster-ip-range 10.96.0.0/16 --allow-privileged \
        --endpoint-reconciler-type none --profiling=false
    # (--endpoint-reconciler-type none: no kubelet/kube-proxy here to reach 127.0.0.1 as the
    # kubernetes service's endpoint anyway)
    wait_for kube-apiserver 180 curl -sf --cacert "$p/ca.crt" --cert "$p/admin.crt" --key "$p/admin.key" \
        "https://127.0.0.1:$api_port/readyz"

    # --secure-port 0: the controllers serve no health endpoint (nothing reads it; no port to take)
    launch kube-controller-manager "$D/logs/kube-controller-manager.log" "$K8S_DIR/kube-controller-manager" \
        --kubeconfig "$D/kubeconfig" --secure-port 0 --leader-elect=false \
        --service-account-private-key-file "$p/sa.key" --root-ca-file "$p/ca.crt" \
        --use-service-account-credentials=false --enable-hostpath-provisioner \
        --cluster-name e2e --profiling=false
    launch kube-scheduler "$D/logs/kube-scheduler.log" "$K8S_DIR/kube-scheduler" \
        --kubeconfig "$D/kubeconfig" --secure-port 0 --leader-elect=false --profiling=false
    # kwok: --manage-all-nodes (the only nodes are its fake ones); no --node-port/--server-address:
    # no logs/exec server, no listening port. HOME set so a user's ~/.kwok/kwok.yaml stays out.
    launch kwok "$D/logs/kwok.log" env HOME="$D" "$KWOK" --kubeconfig "$D/kubeconfig" \
        --config "$here/e2e/kwok-stages.yaml" --manage-all-nodes=true --node-lease-duration-seconds 40

    # the cluster's furniture: fake node(s), the default StorageClass
    local nodes=${E2E_NODES:-1} i
    for i in $(seq 0 $((nodes - 1))); do
        kctl apply -f - >/dev/null <<EOF
apiVersion: v1
kind: Node
metadata:
  name: kwok-node-$i
  annotations: {node.alpha.kubernetes.io/ttl: "0", kwok.x-k8s.io/node: fake}
  labels: {type: kwok, kubernetes.io/hostname: kwok-node-$i, kubernetes.io/os: linux, kubernetes.io/arch: amd64}
status:
  allocatable: {cpu: "1000", ephemeral-storage: 1Pi, memory: 1Ti, pods: "1000"}
  capacity: {cpu: "1000", ephemeral-storage: 1Pi, memory: 1Ti, pods: "1000"}
EOF
    done
    kctl apply -f - >/dev/null <<'EOF'
apiVersion: storage.k8s.io/v1
kind: StorageClass
metadata:
  name: standard
  annotations: {storageclass.kubernetes.io/is-default-class: "true"}
provisioner: kubernetes.io/host-path
reclaimPolicy: Delete
volumeBindingMode: Immediate
EOF
    # what the sites' OpenShift/OKD clusters serve beside Kubernetes' own kinds: Routes (the PanDA
    # charts render them) and Gateway API
    kctl apply --server-side -f "$ROUTE_CRD" -f "$GATEWAY_CRDS" >/dev/null ||
        { stop_quiet; die "the Route and Gateway API CRDs were refused by the API server"; }
    wait_for kube-apiserver 60 kctl wait --for condition=established --timeout 1s \
        crd/routes.route.openshift.io crd/gateways.gateway.networking.k8s.io crd/httproutes.gateway.networking.k8s.io
    # ready means: nodes Ready (kwok runs), pods can be admitted (the default service account
    # exists: the controller manager runs)
    wait_for kwok 60 kctl wait --for=condition=Ready node --all --timeout 1s
    wait_for kube-controller-manager 60 kctl get serviceaccount default -n default
    alive kube-scheduler || died kube-scheduler
    say "cluster up in $((SECONDS - t0)) s: API server https://127.0.0.1:$api_port"
    echo "$D/kubeconfig"
}

# ----------------------------------------------------------------------------------------- stop

# the pid is still the process we started (not a recycled pid)
ours() { # name pid
    local exe want
    exe=$(readlink "/proc/$2/exe" 2>/dev/null) || return 1
    case $1 in
    etcd) want=$ETCD ;;
    kwok) want=$KWOK ;;
    *) want=$K8S_DIR/$1 ;;
    esac
    [ "$exe" = "$(readlink -f "$want")" ]
}

stop_procs() {
    local names="" n pid t0
    [ -f "$D/pids/order" ] && names=$(tac "$D/pids/order")
    # the hostPath volumes the provisioner made (only its own /tmp/hostpath_pv/ folders)
    if [ -f "$D/kubeconfig" ] && alive kube-apiserver; then
        kctl get pv -o 'jsonpath={range .items[*]}{.spec.hostPath.path}{"\n"}{end}' --request-timeout 5s 2>/dev/null |
            grep -E '^/tmp/hostpath_pv/[0-9a-f-]+$' | while read -r v; do rm -rf "$v"; done || true
    fi
    # one at a time, the last started first: the API server shuts down cleanly only while etcd
    # still answers (else it retries etcd until killed)
    for n in $names; do
        [ -f "$D/pids/$n" ] || continue
        pid=$(cat "$D/pids/$n")
        if ours "$n" "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
        t0=$SECONDS
        while ours "$n" "$pid"; do
            if [ $((SECONDS - t0)) -ge 15 ]; then kill -KILL "$pid" 2>/dev/null || true; fi
            sleep 0.1
        done
        rm -f "$D/pids/$n"
    done
}

# What start makes inside DIR; stop and a failed start remove these and nothing else, and DIR
# itself only when start made it (DIR/.made-by-e2e-cluster says so).
OWNED="pids etcd pki kubeconfig ports"
remove_owned() { # [keep-logs]
    local f
    for f in $OWNED; do rm -rf "${D:?}/$f"; done
    [ "${1:-}" = keep-logs ] && return 0
    rm -rf "${D:?}/logs"
    if [ -f "$D/.made-by-e2e-cluster" ]; then
        rm -f "$D/.made-by-e2e-cluster"
        rmdir "$D" 2>/dev/null || say "$D kept: it holds files e2e-cluster.sh did not make"
    fi
}

stop_quiet() { # after a failed start: stop what runs, keep DIR/logs for the error line
    stop_procs
    remove_owned keep-logs
}

cmd_stop() {
    D=$1
    [ -d "$D" ] || die "$D: no such cluster folder"
    [ -f "$D/pids/order" ] || die "$D holds no cluster started by scripts/e2e-cluster.sh"
    D=$(cd "$D" && pwd)
    local ports
    ports=$(sed 's/[a-z_]*=//g' "$D/ports" 2>/dev/null || true)
    stop_procs
    remove_owned
    for p in $ports; do
        port_in_use "$p" && die "port $p still answers after stop (another process took it?)"
    done
    return 0
}

# ------------------------------------------------------------------------- faults (e2e tests)

one_component() { # DIR NAME: sets D; NAME must be one this cluster runs
    D=$1
    [ -f "$D/pids/order" ] || die "$D holds no cluster started by scripts/e2e-cluster.sh"
    D=$(cd "$D" && pwd)
    case " $PROCS " in *" $2 "*) ;; *) die "no component '$2' (one of: $PROCS)" ;; esac
    [ -f "$D/pids/$2.cmd" ] || die "$D: $2 was never started"
}

cmd_crash() {
    one_component "$1" "$2"
    local pid
    pid=$(cat "$D/pids/$2")
    if ours "$2" "$pid"; then kill -KILL "$pid"; fi
    while ours "$2" "$pid"; do sleep 0.1; done
    say "$2 killed (SIGKILL)"
}

cmd_restart() {
    one_component "$1" "$2"
    alive "$2" && die "$2 still runs: crash it first"
    local cmdline etcd_port api_port p=$D/pki
    cmdline=$(cat "$D/pids/$2.cmd")
    eval "launch $2 \"\$D/logs/$2.log\" $cmdline"
    etcd_port=$(sed -n 's/.*etcd=\([0-9]*\).*/\1/p' "$D/ports")
    api_port=$(sed -n 's/.*apiserver=\([0-9]*\).*/\1/p' "$D/ports")
    case $2 in
    etcd) wait_for etcd 60 curl -sf "http://127.0.0.1:$etcd_port/health" ;;
    kube-apiserver) wait_for kube-apiserver 180 curl -sf --cacert "$p/ca.crt" --cert "$p/admin.crt" \
        --key "$p/admin.key" "https://127.0.0.1:$api_port/readyz" ;;
    *) sleep 1; alive "$2" || died "$2" ;;
    esac
    say "$2 restarted"
}

cmd_revive() {
    D=$1
    [ -f "$D/pids/order" ] || die "$D holds no cluster started by scripts/e2e-cluster.sh"
    D=$(cd "$D" && pwd)
    local n
    for n in $PROCS; do
        [ -f "$D/pids/$n.cmd" ] || continue
        alive "$n" && continue
        say "$n had exited: starting it again"
        cmd_restart "$D" "$n"
    done
}

case "${1:-}" in
build) cmd_build ;;
revive) [ $# -eq 2 ] || die "usage: $0 revive DIR"; cmd_revive "$2" ;;
start) [ $# -eq 2 ] || die "usage: $0 start DIR"; cmd_start "$2" ;;
stop) [ $# -eq 2 ] || die "usage: $0 stop DIR"; cmd_stop "$2" ;;
crash) [ $# -eq 3 ] || die "usage: $0 crash DIR NAME"; cmd_crash "$2" "$3" ;;
restart) [ $# -eq 3 ] || die "usage: $0 restart DIR NAME"; cmd_restart "$2" "$3" ;;
*) echo "usage: $0 build | start DIR | stop DIR | crash DIR NAME | restart DIR NAME | revive DIR" >&2; exit 2 ;;
esac
