#!/bin/sh
# Runs every cmocka unit-test binary given; with HP_VALGRIND=1 under valgrind (errors and
# definite leaks fail the run). Ends with one summary line. Each binary gets a time limit
# (HP_UNIT_TIMEOUT seconds): a deadlock (the worker pool, the runner) fails, never hangs CI.
set -u
passed=0 failed=0
for t in "$@"; do
    if [ "${HP_VALGRIND:-0}" = 1 ]; then
        timeout "${HP_UNIT_TIMEOUT:-1800}" valgrind -q --error-exitcode=99 --leak-check=full --errors-for-leak-kinds=definite \
            --show-leak-kinds=definite "$t"
    else
        timeout "${HP_UNIT_TIMEOUT:-600}" "$t"
    fi
    if [ $? -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "FAILED: $t"; fi
done
echo "unit: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
