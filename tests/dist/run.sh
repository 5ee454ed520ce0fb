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
for major in $helms; do
    helm=$root/tools/helm$major/helm
    [ -x "$helm" ] || { echo "dist-check: $helm missing: run scripts/deps.sh" >&2; exit 1; }
    for t in "$root"/tests/dist/t_*.sh; do
        name=$(basename "$t" .sh)
        if [ -n "${HP_TESTS:-}" ]; then
            case " $HP_TESTS " in *" $name "*) ;; *) continue ;; esac
        fi
        echo "== $name (helm $major)"
        HP_ROOT=$root HP_HELM=$helm HP_HELM_MAJOR=$major HP_RESULTS=$results HP_TEST_NAME=$name \
            HP_DIST=$HP_DIST bash "$t"
        rc=$?
        [ $rc -eq 0 ] || echo "not ok - $name (helm $major): script exited $rc" | tee -a "$results"
    done
done
passed=$(grep -c '^ok ' "$results")
failed=$(grep -c '^not ok ' "$results")
echo "dist-check: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
