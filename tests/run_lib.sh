# Sourced by the test runners (tests/integration/run.sh, tests/e2e/run.sh, tests/dist/run.sh,
# tests/scripts/run.sh), POSIX sh. They set $root (the checkout) and $results (the file every
# test appends its ok / not ok lines to).
#   run_selected NAME       true when HP_TESTS is unset or names NAME
#   run_test NAME LABEL T   prints "== LABEL", runs the test script T with bash (SIGHUP at its
#                           default), with HP_ROOT,
#                           HP_RESULTS and HP_TEST_NAME (the rest, HP_HELM and so on, the runner
#                           exports); a script that exits non-zero adds its own not ok line
#   run_summary WHAT [TAIL] prints "WHAT: N passed, M failed[ TAIL]" from $results; true when
#                           none failed and some passed
run_selected() {
    [ -z "${HP_TESTS:-}" ] && return 0
    case " $HP_TESTS " in *" $1 "*) return 0 ;; esac
    return 1
}

run_test() {
    echo "== $2"
    # SIGHUP back to its default: a runner started under nohup (or a CI agent that ignores it)
    # passes the ignored SIGHUP down, and the tests that send it would see it ignored
    HP_ROOT=$root HP_RESULTS=$results HP_TEST_NAME=$1 env --default-signal=HUP bash "$3"
    rc=$?
    [ $rc -eq 0 ] || echo "not ok - $2: script exited $rc" | tee -a "$results"
}

run_summary() {
    passed=$(grep -c '^ok ' "$results")
    failed=$(grep -c '^not ok ' "$results")
    echo "$1: $passed passed, $failed failed${2:+ $2}"
    [ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
}
