# Sourced by every integration test. Gives each test:
#   $HELM        the real helm of this round (3 or 4), $HELM_MAJOR
#   $HP_BIN      the helm-panda binary under test;  $ROOT the repository
#   $T           a fresh temporary directory, removed at exit
#   an isolated helm home (HELM_DATA_HOME, HELM_CONFIG_HOME, HELM_CACHE_HOME under $T)
#   install_plugin: installs the plugin (prebuilt $HP_BIN) into that home
#   run CMD...:  runs CMD, keeps $RC, $T/out, $T/err
#   ok/not_ok/check/expect_*: record results as TAP-like lines
set -u
ROOT=$HP_ROOT
HELM=$HP_HELM
HELM_MAJOR=$HP_HELM_MAJOR
T=$(mktemp -d "${TMPDIR:-/tmp}/hp-it.XXXXXX")
trap 'rm -rf "$T"' EXIT
export HELM_DATA_HOME=$T/helm/data HELM_CONFIG_HOME=$T/helm/config HELM_CACHE_HOME=$T/helm/cache
unset HELM_PLUGINS HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG HELM_BIN KUBECONFIG
export HOME=$T/home
mkdir -p "$HOME"

ok() { echo "ok - $HP_TEST_NAME (helm $HELM_MAJOR): $*" | tee -a "$HP_RESULTS"; }
not_ok() { echo "not ok - $HP_TEST_NAME (helm $HELM_MAJOR): $*" | tee -a "$HP_RESULTS"; }

# run CMD...: captures exit code, stdout and stderr without stopping the test
run() {
    "$@" >"$T/out" 2>"$T/err"
    RC=$?
}
show() { echo "--- rc=$RC; stdout:"; head -c 3000 "$T/out"; echo "--- stderr:"; head -c 3000 "$T/err"; }

# expect_rc N DESC: the last run exited N
expect_rc() {
    if [ "$RC" -eq "$1" ]; then ok "$2"; else not_ok "$2 (exit $RC, wanted $1)"; show; fi
}
# expect_out PATTERN DESC / expect_err PATTERN DESC: grep -E on the last run's stdout / stderr
expect_out() {
    if grep -Eq -- "$1" "$T/out"; then ok "$2"; else not_ok "$2 (stdout lacks /$1/)"; show; fi
}
expect_err() {
    if grep -Eq -- "$1" "$T/err"; then ok "$2"; else not_ok "$2 (stderr lacks /$1/)"; show; fi
}
# expect_lines FILE N DESC: FILE has exactly N lines
expect_lines() {
    n=$(wc -l <"$1")
    if [ "$n" -eq "$2" ]; then ok "$3"; else not_ok "$3 ($n lines, wanted $2)"; show; fi
}

# install_plugin: a staging copy of the plugin's files with bin/helm-panda -> $HP_BIN, so the
# binary under test (plain or sanitizer build) is the one helm runs.
install_plugin() {
    stage=$T/plugin-src/panda
    mkdir -p "$stage/bin"
    cp "$ROOT/plugin.yaml" "$stage/"
    for f in completion.yaml plugin.complete; do [ -e "$ROOT/$f" ] && cp "$ROOT/$f" "$stage/"; done
    cp -r "$ROOT/scripts" "$stage/"
    ln -s "$HP_BIN" "$stage/bin/helm-panda"
    if ! HELM_PANDA_PREBUILT=1 "$HELM" plugin install "$stage" >"$T/install.log" 2>&1; then
        not_ok "plugin install"
        cat "$T/install.log"
        return 1
    fi
}
