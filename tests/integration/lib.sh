# Sourced by every integration test. Runs helm the way users do: the real helm of this round is
# "helm" in a private bin folder first on PATH (so helm hands the plugin HELM_BIN=helm, its bare
# argv[0]), the plugin is installed with `helm plugin install`, and every test starts in an
# unrelated directory ($T/work) that holds trap helms: ./helm (also what an empty PATH entry
# means) and rel/helm (a relative PATH entry). A trap that runs is recorded, and the test fails
# at exit with "not ok". Tests call `helm panda ...` through PATH. Gives each test:
#   $HELM        $T/bin/helm: the real helm of this round (3 or 4), $HELM_MAJOR; calling it by
#                this absolute path makes helm set HELM_BIN to it (tests that need that say why)
#   $HP_BIN      the helm-panda binary under test;  $ROOT the repository
#   $T           a fresh temporary directory, removed at exit
#   an isolated helm home (HELM_DATA_HOME, HELM_CONFIG_HOME, HELM_CACHE_HOME under $T)
#   install_plugin: installs the plugin (prebuilt $HP_BIN) into that home
#   at_exit CMD: runs CMD at exit (before $T is removed)
#   diff_world:  testdata/deploy copied to $R, every helm call recorded by helm_recorder.sh
#                (HELM_BIN) in $T/rec.log, the stand-in helm-diff keeping its state in $T/state
#                and its log in $T/diff.log
#   run CMD...:  runs CMD, keeps $RC, $T/out, $T/err
#   ok/not_ok/check/expect_*: record results as TAP-like lines
#   wait_until SECONDS CMD...: polls CMD until it succeeds or SECONDS of wall time pass
set -u
ROOT=$HP_ROOT
HELM=$HP_HELM
HELM_MAJOR=$HP_HELM_MAJOR
T=$(mktemp -d "${TMPDIR:-/tmp}/hp-it.XXXXXX")
export HELM_DATA_HOME=$T/helmhome/data HELM_CONFIG_HOME=$T/helmhome/config HELM_CACHE_HOME=$T/helmhome/cache
unset HELM_PLUGINS HELM_NAMESPACE HELM_KUBECONTEXT HELM_DEBUG HELM_BIN KUBECONFIG
export HOME=$T/home
mkdir -p "$HOME" "$T/bin" "$T/work/rel" "$T/rel"
ln -s "$HP_HELM" "$T/bin/helm"
HELM=$T/bin/helm

# trap_helm FILE: a helm that must never run; it records who ran it, then fails
trap_helm() {
    printf '#!/bin/sh\necho "trap %s ran: $*" >>"%s/trap.log"\nexit 99\n' "$1" "$T" >"$1"
    chmod +x "$1"
}
# $T too: several tests cd there
for f in "$T/work/helm" "$T/work/rel/helm" "$T/helm" "$T/rel/helm"; do trap_helm "$f"; done
# the real helm first; then an empty entry (the current directory to a shell) and a relative one
export PATH="$T/bin::rel:$PATH"
cd "$T/work" || exit 1

# at_exit CMD: CMD runs at exit, before $T goes (later ones first), e.g. stopping a server the
# test started
HP_AT_EXIT=""
at_exit() { HP_AT_EXIT="$1; $HP_AT_EXIT"; }
# hp_finish: at exit, the at_exit commands run, a trap helm that ran fails the test; then $T
# goes. A test with its own EXIT trap calls it.
hp_finish() {
    eval "$HP_AT_EXIT"
    if [ -s "$T/trap.log" ]; then
        not_ok "a helm outside PATH's absolute entries ran: $(head -c 500 "$T/trap.log")"
    fi
    rm -rf "$T"
}
trap hp_finish EXIT

ok() { echo "ok - $HP_TEST_NAME (helm $HELM_MAJOR): $*" | tee -a "$HP_RESULTS"; }
not_ok() { echo "not ok - $HP_TEST_NAME (helm $HELM_MAJOR): $*" | tee -a "$HP_RESULTS"; }

# need_tools CMD...: the test runs these; one missing fails the test at once, naming it and its
# Debian package (a check that cannot run must never pass, e.g. "no helm left behind" read
# from a pgrep that is not there)
need_tools() {
    local c pkg missing=0
    for c in "$@"; do
        command -v "$c" >/dev/null 2>&1 && continue
        pkg=$(awk -v c="$c" '$1 == c { print $2 }' "$ROOT/scripts/command-packages.txt")
        not_ok "$c not found (Debian package ${pkg:-unknown}): run scripts/deps.sh --tests"
        missing=1
    done
    [ $missing = 0 ] || exit 1
}

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

diff_world() {
    cp -r "$ROOT/testdata/deploy" "$T/tree"
    R=$T/tree
    mkdir -p "$T/state"
    export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm HP_REC_CHECK=0
    export HELM_BIN=$ROOT/tests/integration/helm_recorder.sh
    export HP_DIFF_STATE=$T/state HP_DIFF_LOG=$T/diff.log
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
    if ! HELM_PANDA_PREBUILT=1 helm plugin install "$stage" >"$T/install.log" 2>&1; then
        not_ok "plugin install"
        cat "$T/install.log"
        return 1
    fi
}

# wait_until SECONDS CMD...: runs CMD every 0.05 s until it succeeds (0) or SECONDS of wall time
# have passed (1). The budgets are generous on purpose: a passing test stops waiting as soon as
# CMD succeeds, and only a failing one waits them out, while CI shares its cores with other jobs
# (an ASan run in CI once took more than 15 s to reach helm's version probe, and a 15 s wait
# failed a correct run). HP_WAIT_SCALE multiplies every budget.
wait_until() {
    local end=$((SECONDS + $1 * ${HP_WAIT_SCALE:-1}))
    shift
    until "$@"; do
        [ "$SECONDS" -lt "$end" ] || return 1
        sleep 0.05
    done
}
