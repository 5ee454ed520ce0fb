#!/bin/sh
# Tests of the set-up and harness scripts themselves (scripts/*.sh): each tests/scripts/t_*.sh runs
# once, with fakes for what it must not really do (apt-get, npm's registry, a cluster), and prints
# ok/not ok lines. Prints one closing line "scripts: N passed, M failed"; exit 1 on failure.
# HP_TESTS="t_foo t_bar" runs a subset.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
for t in "$root"/tests/scripts/t_*.sh; do
    name=$(basename "$t" .sh)
    if [ -n "${HP_TESTS:-}" ]; then
        case " $HP_TESTS " in *" $name "*) ;; *) continue ;; esac
    fi
    echo "== $name"
    HP_ROOT=$root HP_RESULTS=$results HP_TEST_NAME=$name bash "$t"
    rc=$?
    [ $rc -eq 0 ] || echo "not ok - $name: script exited $rc" | tee -a "$results"
done
pass=$(grep -c '^ok' "$results")
fail=$(grep -c '^not ok' "$results")
echo "scripts: $pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ "$pass" -gt 0 ]
