#!/bin/bash
# A recording helm for the deploy tests, set as HELM_BIN (an absolute path: a HELM_BIN with a
# slash is used as given). It calls the real helm by absolute path ($HP_REC_REAL). Logs every call (argv, start and end
# times, exit status) to $HP_REC_LOG and then does what the real helm would, without a cluster:
#   version, template, anything else: the real helm ($HP_REC_REAL)
#   upgrade --install NAME CHART ARGS: checked with helm 4 `install NAME CHART ARGS --dry-run=client`
#       ($HP_REC_HELM4): same chart, values and sets (helm 4.1.4 cannot upgrade --install
#       without a cluster, even with --dry-run=client, but install --dry-run=client works)
#   uninstall NAME: succeeds; status NAME: prints $HP_REC_STATUS_DIR/NAME.json, else "not found"
#   list ...: with $HP_REC_LIST_DIR set, the JSON list of the releases named by its files (a
#       cluster's releases, for helm panda diff), logged like a release call named "list"
# Switches (environment):
#   HP_REC_FAIL_AT=N          the Nth call (version calls not counted) exits 1
#   HP_REC_FAIL_RELEASE=NAME  the call for release NAME exits 1
#   HP_REC_SLEEP=S            every release call sleeps S seconds first
#   HP_REC_SLEEP_RELEASE=NAME:S   only that release sleeps
#   HP_REC_CHECK=0            upgrade --install only records (tests of ordering, not of argv)
# Log lines: "S <time> <pid> <cmd> <release>" at start, "E <time> <pid> <cmd> <release> <rc>"
# at the end, "I <time> <pid> <cmd> <release>" when interrupted, "A <pid> <argv...>" (one
# argument per tab-separated field), "V <pid> version ..." for the version probe.
set -u
log=${HP_REC_LOG:?}
real=${HP_REC_REAL:?}
now() { date +%s.%N; }

if [ "${1:-}" = version ]; then
    echo "V $$ $*" >>"$log" # the version probe: logged, not counted as a release call
    exec "$real" "$@"
fi

cmd=${1:-}
release=${2:-}
[ "$cmd" = list ] && release=list
[ "$cmd" = upgrade ] && release=${3:-}
trap 'echo "I $(now) $$ $cmd $release" >>"$log"; exit 130' INT TERM
# one line per call, written under the lock: parallel calls must not interleave their lines
{
    flock 9
    {
        printf 'A %s' "$$"
        printf '\t%s' "$@"
        printf '\n'
        echo "S $(now) $$ $cmd $release"
    } >>"$log"
} 9>>"$log.lock"

# the call number, counted under a lock (calls run in parallel)
n=$(
    {
        flock 9
        c=$(cat "$log.count" 2>/dev/null || echo 0)
        c=$((c + 1))
        echo "$c" >"$log.count"
        echo "$c"
    } 9>>"$log.lock"
)

sleep_s=${HP_REC_SLEEP:-0}
case "${HP_REC_SLEEP_RELEASE:-}" in "$release":*) sleep_s=${HP_REC_SLEEP_RELEASE#*:} ;; esac
if [ "$sleep_s" != 0 ]; then
    sleep "$sleep_s" &
    wait $!
fi

rc=0
if [ "${HP_REC_FAIL_AT:-0}" = "$n" ] || [ "${HP_REC_FAIL_RELEASE:-}" = "$release" ]; then
    echo "Error: recorder: call $n ($cmd $release) fails on purpose" >&2
    rc=1
else
    case "$cmd" in
    upgrade)
        [ "${2:-}" = --install ] || { echo "recorder: expected upgrade --install" >&2; exit 3; }
        shift 2
        if [ "${HP_REC_CHECK:-1}" != 0 ]; then
            "${HP_REC_HELM4:?}" install "$@" --dry-run=client
            rc=$?
        fi
        ;;
    uninstall)
        echo "release \"$release\" uninstalled"
        ;;
    list)
        if [ -n "${HP_REC_LIST_DIR:-}" ]; then
            printf '['; sep=""
            for f in "$HP_REC_LIST_DIR"/*; do
                [ -e "$f" ] || continue
                printf '%s{"name":"%s","revision":"1","status":"deployed"}' "$sep" "$(basename "$f")"; sep=,
            done
            printf ']\n'
        else
            "$real" "$@"
            rc=$?
        fi
        ;;
    status)
        if [ -f "${HP_REC_STATUS_DIR:-/nonexistent}/$release.json" ]; then
            cat "$HP_REC_STATUS_DIR/$release.json"
        else
            echo "Error: release: not found" >&2
            rc=1
        fi
        ;;
    *)
        "$real" "$@"
        rc=$?
        ;;
    esac
fi
echo "E $(now) $$ $cmd $release $rc" >>"$log"
exit $rc
