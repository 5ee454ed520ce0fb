#!/bin/sh
# End-to-end tests: every tests/e2e/t_*.sh runs with real helm 3 and real helm 4 against ONE
# local control plane (scripts/e2e-cluster.sh) started for the run and stopped at the end, even
# on failure or Ctrl-C. Each test works in its own namespaces; helm is found on PATH and the
# plugin is installed with `helm plugin install` (tests/e2e/lib.sh). Prints one closing line
# "e2e: N passed, M failed"; exit 1 on failure.
# HP_TESTS="t_foo t_bar" runs a subset; HP_HELMS="4" runs one helm; HP_E2E_KEEP=1 keeps the
# cluster's logs of a failed run.
# Another cluster (kind in your CI): HP_E2E_KUBECONFIG=FILE runs the tests against it instead of
# starting one (kwok-only checks skip themselves); HP_E2E_IMAGE=busybox:1.36 gives the e2e
# workload an image a kubelet can run; HP_E2E_HELM_DIFF=DIR-or-URL is the helm-diff to install.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${HP_BIN:?HP_BIN must name the helm-panda binary to test}"
helms=${HP_HELMS:-"3 4"}
for major in $helms; do
    [ -x "$root/tools/helm$major/helm" ] || { echo "e2e: $root/tools/helm$major/helm missing: run scripts/deps.sh --tests" >&2; exit 1; }
done

# the tool cache as the user's HOME finds it (tests run with a private HOME)
. "$root/scripts/versions.env"
export HP_TOOLS_CACHE
work=$(mktemp -d "${TMPDIR:-/tmp}/hp-e2e.XXXXXX")
results=$work/results
: >"$results"
cluster=$work/cluster
stopped=0
finish() {
    [ $stopped = 1 ] && return
    stopped=1
    if [ -e "$cluster" ]; then
        if [ "${HP_E2E_KEEP:-0}" = 1 ] && grep -q '^not ok' "$results"; then
            cp -r "$cluster/logs" "$work/cluster-logs" 2>/dev/null
            echo "e2e: cluster logs kept in $work/cluster-logs" >&2
        fi
        "$root/scripts/e2e-cluster.sh" stop "$cluster" || echo "not ok - e2e-cluster.sh stop failed" >>"$results"
    fi
}
trap 'finish; rm -rf "$work"' EXIT
trap 'echo "e2e: interrupted" >&2; exit 130' INT TERM

t0=$(date +%s)
if [ -n "${HP_E2E_KUBECONFIG:-}" ]; then
    kubeconfig=$HP_E2E_KUBECONFIG
    export HP_E2E_EXTERNAL=1
elif ! kubeconfig=$("$root/scripts/e2e-cluster.sh" start "$cluster"); then
    echo "e2e: 0 passed, 1 failed (the cluster did not start)"
    exit 1
fi
t1=$(date +%s)
echo "== cluster up in $((t1 - t0)) s"
# the cluster's folder, for the fault tests' crash/restart of one component (none for another cluster)
cluster_dir=$cluster
[ -z "${HP_E2E_KUBECONFIG:-}" ] || cluster_dir=""

. "$root/tests/run_lib.sh"
HP_E2E_KUBECONFIG=$kubeconfig HP_E2E_CLUSTER=$cluster_dir
export HP_BIN HP_E2E_KUBECONFIG HP_E2E_CLUSTER
for major in $helms; do
    HP_HELM=$root/tools/helm$major/helm HP_HELM_MAJOR=$major
    export HP_HELM HP_HELM_MAJOR
    for t in "$root"/tests/e2e/t_*.sh; do
        name=$(basename "$t" .sh)
        run_selected "$name" || continue
        ts=$(date +%s)
        run_test "$name" "$name (helm $major)" "$t"
        echo "   ($(($(date +%s) - ts)) s)"
    done
done
finish
run_summary e2e "($(($(date +%s) - t0)) s, cluster start $((t1 - t0)) s)"
