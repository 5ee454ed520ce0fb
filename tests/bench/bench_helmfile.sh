#!/bin/bash
# make bench, helmfile: the bundled example deployment (testdata/deploy) through helm-panda and
# through helmfile, the tool operators would use instead (tests/bench/helmfile.yaml.gotmpl: the
# same releases, values and --set, the order as `needs`), same helm, same concurrency (4), timed
# in one run. Ratios are printed, never asserted.
#  (a) template: `helm panda template` vs `helmfile template` (the default, which runs
#      `helm dependency build` on each local chart first, and with --skip-deps), plus the parts
#      that say where the time goes: helm's own start (`helm version`) and one `helm template`.
#  (b) install: `helm panda install` vs `helmfile sync` (both --wait; helm 3, then helm 4) against the local cluster
#      of scripts/e2e-cluster.sh (branch e2e), in two namespaces, with a Deployment added to each
#      chart whose pods kwok makes Ready after a delay that differs per component. Skipped, with
#      the reason, when scripts/e2e-cluster.sh is not there.
#  (c) diff: `helm panda diff` of every release vs `helmfile diff`, on what (b) installed, through
#      the real helm-diff plugin (goal <= 0.5).
set -u
bin=${HP_BIN:?}
root=${HP_ROOT:?}
helm=${HP_BENCH_HELM:-$root/tools/helm4/helm}
hf=$root/tools/go/bin/helmfile
if [ ! -x "$hf" ]; then
    echo "helmfile missing ($hf): run scripts/go-peers.sh helmfile (make bench does)"
    exit 1
fi
t=$(mktemp -d)
cluster=""
cleanup() {
    [ -n "$cluster" ] && "$root/scripts/e2e-cluster.sh" stop "$cluster" >/dev/null 2>&1
    rm -rf "$t"
}
trap cleanup EXIT
now() { date +%s.%N; }
calc() { python3 -c "print(${1})"; }
spec=$root/tests/bench/helmfile.yaml.gotmpl
# the e2e control plane's binaries are cached under the real HOME: keep that path (a private
# HOME would make e2e-cluster.sh start build everything again)
export HP_TOOLS_CACHE="${HP_TOOLS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/helm-panda}"
if command -v go >/dev/null 2>&1; then
    GOPATH=$(go env GOPATH) GOCACHE=$(go env GOCACHE) GOMODCACHE=$(go env GOMODCACHE)
    export GOPATH GOCACHE GOMODCACHE
fi
# helmfile keeps its own state under HOME/XDG; give it (and helm) private folders
export HOME=$t/home HELM_CACHE_HOME=$t/helm/cache HELM_CONFIG_HOME=$t/helm/config HELM_DATA_HOME=$t/helm/data
mkdir -p "$HOME"
tree=$t/deploy
cp -r "$root/testdata/deploy" "$tree"
export HP_DEPLOY_ROOT=$tree

# (a) template -------------------------------------------------------------------------------
hft() { "$hf" --helm-binary "$helm" -f "$spec" template --concurrency 4 "$@"; }
# once first, untimed: both must render the same objects (and helmfile's dependency build runs)
HELM_BIN=$helm "$bin" template -C "$tree" -q >"$t/ours.yaml" 2>"$t/ours.err" || { echo "helm panda template failed"; cat "$t/ours.err"; exit 1; }
hft >"$t/hf.yaml" 2>"$t/hf.err" || { echo "helmfile template failed"; head -20 "$t/hf.err"; exit 1; }
norm() { grep -v -e '^# Source:' -e '^---' -e '^[[:space:]]*$' "$1" | sort; }
norm "$t/ours.yaml" >"$t/ours.n"; norm "$t/hf.yaml" >"$t/hf.n"
if cmp -s "$t/ours.n" "$t/hf.n"; then
    echo "template: both render the same $(grep -c '^kind:' "$t/ours.yaml") objects"
else
    echo "template: the renderings differ (compare before trusting the ratio):"
    diff "$t/ours.n" "$t/hf.n" | head -10
fi
rounds=${HP_BENCH_ROUNDS:-5}
ours_t=0 hf_t=0 hfs_t=0
for _ in $(seq "$rounds"); do # interleaved, so load changes hit all three alike
    s=$(now); HELM_BIN=$helm "$bin" template -C "$tree" -q >/dev/null 2>&1; ours_t=$(calc "$ours_t + $(now) - $s")
    s=$(now); hft >/dev/null 2>&1; hf_t=$(calc "$hf_t + $(now) - $s")
    s=$(now); hft --skip-deps >/dev/null 2>&1; hfs_t=$(calc "$hfs_t + $(now) - $s")
done
ours_t=$(calc "$ours_t / $rounds") hf_t=$(calc "$hf_t / $rounds") hfs_t=$(calc "$hfs_t / $rounds")
n=10
s=$(now); for _ in $(seq $n); do "$helm" version >/dev/null 2>&1; done; hv_t=$(calc "($(now) - $s) / $n")
s=$(now); for _ in $(seq $n); do "$hf" --version >/dev/null 2>&1; done; hfv_t=$(calc "($(now) - $s) / $n")
s=$(now)
for _ in $(seq $n); do
    "$helm" template test-panda "$tree/helm/panda" -f "$tree/helm/panda/values.yaml" --set global.deploymentName=test-panda >/dev/null 2>&1
done
ht_t=$(calc "($(now) - $s) / $n")
r3() { calc "round($1, 3)"; }
echo "template, whole system: helm-panda $(r3 "$ours_t") s, helmfile $(r3 "$hf_t") s (--skip-deps $(r3 "$hfs_t") s)"
echo "template ratio helm-panda/helmfile: $(calc "round($ours_t / $hf_t, 2)") (with --skip-deps: $(calc "round($ours_t / $hfs_t, 2)"))"
echo "where the time goes: helm start $(r3 "$hv_t") s, one helm template $(r3 "$ht_t") s, helmfile start $(r3 "$hfv_t") s;" \
    "helmfile's dependency builds $(r3 "$(calc "max(0, $hf_t - $hfs_t)")") s"

# (b) install --------------------------------------------------------------------------------
e2e=$root/scripts/e2e-cluster.sh
if [ ! -x "$e2e" ]; then
    echo "install: skipped: scripts/e2e-cluster.sh is not in this tree (the local cluster of branch e2e); helm panda install vs helmfile sync needs it"
    exit 0
fi
# a Deployment per component, Ready after a per-component delay (kwok stage annotations)
for c in msgsvc:3s iam:5s panda:4s harvester:2s idds:3s bigmon:1s; do
    name=${c%%:*} delay=${c#*:}
    cat >"$tree/helm/$name/templates/bench-workload.yaml" <<EOF
apiVersion: apps/v1
kind: Deployment
metadata:
  name: {{ .Values.global.deploymentName }}-bench
spec:
  replicas: 2
  selector:
    matchLabels: {app: {{ .Values.global.deploymentName }}-bench}
  template:
    metadata:
      labels: {app: {{ .Values.global.deploymentName }}-bench}
      annotations:
        e2e.helm-panda.io/ready-delay: "$delay"
    spec:
      containers:
        - name: main
          image: registry.invalid/bench:1
EOF
done
cluster=$t/cluster
if ! "$e2e" start "$cluster" >"$t/e2e.log" 2>&1; then
    echo "install: skipped: scripts/e2e-cluster.sh start failed: $(tail -1 "$t/e2e.log")"
    cluster=""
    exit 0
fi
export KUBECONFIG=$cluster/kubeconfig
# helm 3 for both: helmfile 1.8 passes helm a plain --wait, which helm 4 reads as "hooks only"
# (helm-panda gives helm 4 --wait=watcher), so only helm 3 makes both wait for readiness.
# helm-panda runs as helm would run it (HELM_BIN, HELM_NAMESPACE), as in the template half.
helm=$root/tools/helm3/helm
s=$(now)
HELM_BIN=$helm HELM_NAMESPACE=bench-hp "$bin" install -C "$tree" -q -- --create-namespace >"$t/ours-install.log" 2>&1
ours_rc=$? ours_i=$(calc "$(now) - $s")
s=$(now)
"$hf" --helm-binary "$helm" -f "$spec" --namespace bench-hf sync --concurrency 4 >"$t/hf-sync.log" 2>&1
hf_rc=$? hf_i=$(calc "$(now) - $s")
[ $ours_rc = 0 ] || { echo "helm panda install failed:"; tail -5 "$t/ours-install.log"; }
[ $hf_rc = 0 ] || { echo "helmfile sync failed:"; tail -5 "$t/hf-sync.log"; }
crit=12 # the critical path of the delays: iam 5 s + panda 4 s + harvester/idds 3 s
above() { calc "round(($1 - $crit) / ($2 - $crit), 2)"; }
echo "install, whole system with readiness delays (helm 3): helm-panda $(r3 "$ours_i") s, helmfile sync $(r3 "$hf_i") s," \
    "ratio $(calc "round($ours_i / $hf_i, 2)"); above the ${crit} s critical path $(r3 "$(calc "$ours_i - $crit")") s vs" \
    "$(r3 "$(calc "$hf_i - $crit")") s: $(above "$ours_i" "$hf_i") (goal <= 0.5)"
# helm 4, two more namespaces: helm-panda gives helm 4 --wait=watcher (event-driven); helmfile's
# own --wait is a plain --wait, so it also gets --sync-args=--wait=watcher (the later value wins)
# to wait for readiness as well. A helmfile time under the critical path means it did not wait.
helm4=$root/tools/helm4/helm
s=$(now)
HELM_BIN=$helm4 HELM_NAMESPACE=bench-hp4 "$bin" install -C "$tree" -q -- --create-namespace >"$t/ours-install4.log" 2>&1
ours4_rc=$? ours4_i=$(calc "$(now) - $s")
s=$(now)
"$hf" --helm-binary "$helm4" -f "$spec" --namespace bench-hf4 sync --concurrency 4 --sync-args=--wait=watcher >"$t/hf-sync4.log" 2>&1
hf4_rc=$? hf4_i=$(calc "$(now) - $s")
[ $ours4_rc = 0 ] || { echo "helm panda install (helm 4) failed:"; tail -5 "$t/ours-install4.log"; }
[ $hf4_rc = 0 ] || { echo "helmfile sync (helm 4) failed:"; tail -5 "$t/hf-sync4.log"; }
if [ "$(calc "int($hf4_i < $crit)")" = 1 ]; then
    echo "install (helm 4): helmfile sync took $(r3 "$hf4_i") s, under the ${crit} s critical path: it did not wait;" \
        "helm-panda with helm 4 $(r3 "$ours4_i") s against helmfile with helm 3 above: $(above "$ours4_i" "$hf_i")"
else
    echo "install, whole system with readiness delays (helm 4): helm-panda $(r3 "$ours4_i") s, helmfile sync $(r3 "$hf4_i") s," \
        "ratio $(calc "round($ours4_i / $hf4_i, 2)"); above the ${crit} s critical path $(r3 "$(calc "$ours4_i - $crit")") s vs" \
        "$(r3 "$(calc "$hf4_i - $crit")") s: $(above "$ours4_i" "$hf4_i") (goal <= 0.5)"
fi

# (c) whole-system diff ----------------------------------------------------------------------
# `helm panda diff` of all releases vs `helmfile diff` of the same deployment, both against what
# (b) installed (nothing changed: the everyday "what would this do" before an apply), the real
# helm-diff plugin (the e2e suite's build), helm 3 as in (b). Medians of interleaved rounds.
[ $ours_rc = 0 ] && [ $hf_rc = 0 ] || { echo "diff: skipped: (b) failed"; exit 1; }
. "$root/scripts/versions.env"
plugin=${HP_E2E_HELM_DIFF:-$HP_TOOLS_CACHE/e2e/helm-diff-$HELM_DIFF_VERSION}
if ! "$helm" plugin install "$plugin" >"$t/diff-install.log" 2>&1; then
    echo "diff: skipped: helm plugin install $plugin failed (scripts/e2e-cluster.sh build fetches it): $(tail -1 "$t/diff-install.log")"
    exit 0
fi
HELM_BIN=$helm HELM_NAMESPACE=bench-hp "$bin" diff -C "$tree" -q --detailed-exitcode >"$t/ours-diff.log" 2>&1
echo "diff: helm panda diff --detailed-exitcode after the install: exit $? (0: no change)"
"$hf" --helm-binary "$helm" -f "$spec" --namespace bench-hf diff --concurrency 4 --detailed-exitcode >"$t/hf-diff.log" 2>&1
echo "diff: helmfile diff --detailed-exitcode after the sync: exit $? (0: no change)"
# HP_BENCH_BASE_BIN: another helm-panda (e.g. main's) timed in the same rounds, before/after
base=()
[ -n "${HP_BENCH_BASE_BIN:-}" ] && base=(-- env HELM_BIN="$helm" HELM_NAMESPACE=bench-hp "$HP_BENCH_BASE_BIN" diff -C "$tree" -q)
python3 "$root/tests/bench/runstat.py" "${HP_BENCH_DIFF_ROUNDS:-3}" \
    -- env HELM_BIN="$helm" HELM_NAMESPACE=bench-hp "$bin" diff -C "$tree" -q \
    -- "$hf" --helm-binary "$helm" -f "$spec" --namespace bench-hf diff --concurrency 4 "${base[@]}" >"$t/diff.stat" 2>"$t/diff.err" ||
    { tail -5 "$t/diff.err"; exit 1; }
{ read -r ow oc _; read -r hw hc _; read -r bw bc _; } <"$t/diff.stat"
echo "diff, whole system (6 releases, helm 3): helm-panda ${ow} s (cpu ${oc} s), helmfile diff ${hw} s (cpu ${hc} s)," \
    "ratio $(calc "round($ow / $hw, 2)") wall, $(calc "round($oc / $hc, 2)") cpu (goal <= 0.5)"
[ -n "${HP_BENCH_BASE_BIN:-}" ] && echo "diff, the same with $HP_BENCH_BASE_BIN: ${bw} s (cpu ${bc} s)," \
    "ratio $(calc "round($bw / $hw, 2)") wall, $(calc "round($bc / $hc, 2)") cpu"
