#!/bin/sh
# Integration tests: every tests/integration/t_*.sh runs once with real helm 3 and once with
# real helm 4 (tools/helm3/helm, tools/helm4/helm from scripts/fetch-helm.sh), each with its own
# helm home, against the plugin binary in $HP_BIN. Prints one summary line; exit 1 on failure.
# HP_TESTS="t_foo t_bar" runs a subset; HP_HELMS="4" runs one helm.
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${HP_BIN:?HP_BIN must name the helm-panda binary to test}"
helms=${HP_HELMS:-"3 4"}
results=$(mktemp)
trap 'rm -f "$results"' EXIT
# HP_VALGRIND=1: every run of the binary, by helm or by a test, goes through valgrind (memory
# errors and definite leaks). Its reports land in one folder, checked once at the end.
vglogs=""
if [ "${HP_VALGRIND:-0}" = 1 ]; then
    command -v valgrind >/dev/null || { echo "integration: HP_VALGRIND=1 needs valgrind" >&2; exit 1; }
    vglogs=$(mktemp -d)
    trap 'rm -f "$results"; rm -rf "$vglogs"' EXIT
    # absolute paths: some tests run the binary with PATH emptied. The report goes to fd 9,
    # opened by the wrapper: valgrind's own --log-file would take the lowest free descriptor,
    # so a run with stdout or stderr closed (t_stdfds) would find valgrind's log there.
    printf '#!/bin/sh\nexec 9>>"%s/vg.$$.log"\nexec %s -q --error-exitcode=99 --leak-check=full --show-leak-kinds=definite --errors-for-leak-kinds=definite --log-fd=9 "%s" "$@"\n' \
        "$vglogs" \
        "$(command -v valgrind)" "$HP_BIN" >"$vglogs/helm-panda"
    chmod +x "$vglogs/helm-panda"
    HP_BIN=$vglogs/helm-panda
fi
. "$root/tests/run_lib.sh"
export HP_BIN
for major in $helms; do
    HP_HELM=$root/tools/helm$major/helm HP_HELM_MAJOR=$major
    export HP_HELM HP_HELM_MAJOR
    if [ ! -x "$HP_HELM" ]; then
        echo "integration: $HP_HELM missing: run scripts/deps.sh --tests" >&2
        exit 1
    fi
    for t in "$root"/tests/integration/t_*.sh; do
        name=$(basename "$t" .sh)
        run_selected "$name" || continue
        run_test "$name" "$name (helm $major)" "$t"
    done
done
if [ -n "$vglogs" ]; then
    for log in "$vglogs"/vg.*.log; do
        [ -s "$log" ] || continue
        echo "not ok - valgrind report: $(head -c 2000 "$log")" | tee -a "$results"
    done
fi
run_summary integration
