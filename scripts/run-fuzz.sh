#!/bin/sh
# Runs each libFuzzer target for a few seconds, seeded from tests/fuzz/corpus/<target>/ when
# that folder exists. Any crash, leak or sanitizer report fails the run.
# FUZZ_SEED=N (default 1) gives each target the same mutation sequence on every machine, so a run
# here of more seconds covers what CI runs; FUZZ_SEED=random lets libFuzzer pick (and print) one.
set -u
secs=$1
shift
seed_flag=-seed=${FUZZ_SEED:-1}
[ "${FUZZ_SEED:-1}" = random ] && seed_flag=
passed=0 failed=0
for f in "$@"; do
    name=$(basename "$f")
    seed=tests/fuzz/corpus/$name
    work=$(mktemp -d)
    [ -d "$seed" ] && cp -r "$seed"/. "$work"/ 2>/dev/null
    # shellcheck disable=SC2086 # seed_flag is one word or none
    if "$f" $seed_flag -max_total_time="$secs" -timeout=10 -rss_limit_mb=2048 -print_final_stats=0 \
        -artifact_prefix="build-fuzz/$name-" "$work" >"build-fuzz/$name.log" 2>&1; then
        passed=$((passed + 1))
        echo "fuzz $name: ok ($(grep -c . "build-fuzz/$name.log") log lines)"
    else
        failed=$((failed + 1))
        echo "fuzz $name: FAILED"; tail -40 "build-fuzz/$name.log"
    fi
    rm -rf "$work"
done
echo "fuzz: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
