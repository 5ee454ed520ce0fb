#!/bin/sh
# The release packages' tests (make dist-check): every tests/dist/t_*.sh runs once with real
# helm 3 and once with real helm 4, in the integration tests' world (tests/integration/lib.sh:
# private helm home, helm from PATH), against the output of `make dist` in $HP_DIST.
# HP_TESTS="t_foo" runs a subset; HP_HELMS="4" runs one helm. Prints one summary line.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${HP_DIST:?HP_DIST must name the make dist output}"
helms=${HP_HELMS:-"3 4"}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
. "$root/tests/run_lib.sh"
export HP_DIST
for major in $helms; do
    HP_HELM=$root/tools/helm$major/helm HP_HELM_MAJOR=$major
    export HP_HELM HP_HELM_MAJOR
    [ -x "$HP_HELM" ] || { echo "dist-check: $HP_HELM missing: run scripts/deps.sh" >&2; exit 1; }
    for t in "$root"/tests/dist/t_*.sh; do
        name=$(basename "$t" .sh)
        run_selected "$name" || continue
        run_test "$name" "$name (helm $major)" "$t"
    done
done
run_summary dist-check
