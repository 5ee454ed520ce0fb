# Sourced by tests/scripts/t_*.sh: a private temporary folder $T (removed at exit), the repository
# $ROOT, and ok/not_ok/run/expect_* as in tests/integration/lib.sh.
set -u
ROOT=$HP_ROOT
T=$(mktemp -d "${TMPDIR:-/tmp}/hp-scripts.XXXXXX")
HP_AT_EXIT=""
at_exit() { HP_AT_EXIT="$1; $HP_AT_EXIT"; }
trap 'eval "$HP_AT_EXIT"; rm -rf "$T"' EXIT
ok() { echo "ok - $HP_TEST_NAME: $*" | tee -a "$HP_RESULTS"; }
not_ok() { echo "not ok - $HP_TEST_NAME: $*" | tee -a "$HP_RESULTS"; }
run() {
    "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
show() { echo "--- rc=$RC; stdout:"; head -c 2000 "$T/out"; echo "--- stderr:"; head -c 2000 "$T/err"; }
expect_rc() { if [ "$RC" = "$1" ]; then ok "$2"; else not_ok "$2 (exit $RC, want $1)"; show; fi; }
expect_err() { if grep -Eq -- "$1" "$T/err"; then ok "$2"; else not_ok "$2 (stderr lacks /$1/)"; show; fi; }
# a copy of the scripts/ folder to run a script in, away from the real tools/
script_tree() {
    mkdir -p "$1"
    cp -r "$ROOT/scripts" "$1/"
}
