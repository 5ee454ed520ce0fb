#!/bin/sh
# make bench: runs every tests/bench/bench_*.sh with the binary under test as $1. Each prints
# ratios measured against a peer in the same run (no absolute timings are asserted).
set -u
bin=$1
root=$(cd "$(dirname "$0")/../.." && pwd)
rc=0
for b in "$root"/tests/bench/bench_*.sh; do
    [ -e "$b" ] || continue
    echo "== $(basename "$b" .sh)"
    shell=sh
    case $(head -n 1 "$b") in *bash*) shell=bash ;; esac # bench_scale.sh, bench_helmfile.sh
    HP_ROOT=$root HP_BIN=$bin $shell "$b" || rc=1
done
exit $rc
