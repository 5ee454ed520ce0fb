#!/bin/sh
# Tests of the set-up and harness scripts themselves (scripts/*.sh): each tests/scripts/t_*.sh runs
# once, with fakes for what it must not really do (apt-get, npm's registry, a cluster), and prints
# ok/not ok lines. Prints one closing line "scripts: N passed, M failed"; exit 1 on failure.
# HP_TESTS="t_foo t_bar" runs a subset.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
results=$(mktemp)
trap 'rm -f "$results"' EXIT
. "$root/tests/run_lib.sh"
for t in "$root"/tests/scripts/t_*.sh; do
    name=$(basename "$t" .sh)
    run_selected "$name" || continue
    run_test "$name" "$name" "$t"
done
run_summary scripts
