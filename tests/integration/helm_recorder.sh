#!/bin/bash
# A recording helm for the deploy tests, set as HELM_BIN (an absolute path: a HELM_BIN with a
# slash is used as given). It calls the real helm by absolute path ($HP_REC_REAL). Logs every call (argv, start and end
# times, exit status) to $HP_REC_LOG and then does what the real helm would, without a cluster:
#   version, template, anything else: the real helm ($HP_REC_REAL)
#   upgrade --install NAME CHART ARGS: checked with helm 4 `install NAME CHART ARGS --dry-run=client`
#       ($HP_REC_HELM4): same chart, values and sets (helm 4.1.4 cannot upgrade --install
#       without a cluster, even with --dry-run=client, but install --dry-run=client works)
#   uninstall NAME, rollback NAME: succeed; status NAME: $HP_REC_STATUS_DIR/NAME.json (a release record: name,
#       info, version, chart.metadata), else "not found", printed as real helm prints it: without
#       the chart (helm 3's and 4's status action set rel.Chart = nil)
#   list ...: with $HP_REC_LIST_DIR or $HP_REC_STATUS_DIR set, real helm's `list -o json` of
#       those releases (name, namespace, revision as a string, updated, status, chart
#       "NAME-VERSION", app_version), --filter applied; helm 3 without --all lists only deployed
#       and failed releases, helm 4 refuses --all. A file of $HP_REC_LIST_DIR is a release,
#       deployed, of chart <name without its first dash-word>-0.1.0 (a cluster's releases, for
#       helm panda diff). Logged like a release call named "list"
# Switches (environment):
#   HP_REC_FAIL_AT=N          the Nth call (version calls not counted) exits 1
#   HP_REC_FAIL_RELEASE=NAME  the call for release NAME exits 1
#   HP_REC_BUSY_RELEASE=NAME  upgrade of NAME fails as helm does when another operation holds it
#   HP_REC_SLEEP=S            every release call sleeps S seconds first
#   HP_REC_SLEEP_RELEASE=NAME:S   only that release sleeps
#   HP_REC_SLEEP_ONLY=CMD     only calls of helm CMD sleep (HP_REC_SLEEP, HP_REC_SLEEP_RELEASE)
#   HP_REC_SLEEP_VERSION=S    the version probe sleeps S seconds first (logging a signal as "I")
#   HP_REC_DIFF_VERSION_WAITS=1   `diff version` answers only once the version probe has started
#   HP_REC_GET_WAITS_LIST=1   `get values` answers only once a `list` has started
#   HP_REC_CHECK=0            upgrade --install only records (tests of ordering, not of argv)
#   HP_REC_SUM=1              upgrade --install also logs "F <pid> <release> <cksum>": the cksum
#                             of its -f files' contents and --set lines, as the helm-diff stand-in
#                             sums what it compared ("C <release> <cksum>" in $HP_DIFF_LOG)
#   HP_REC_OUT_DIR=DIR        upgrade --install's output (the manifests helm 4 rendered) is kept
#                             as DIR/<release>.yaml
#   HP_REC_PARENT_FDS=1       logs "P <pid> <fd 0> <fd 1> <fd 2>": what the caller's (the plugin's)
#                             descriptors 0-2 are (readlink of /proc/PPID/fd/N, "closed" if none)
#   HP_REC_SNAP_DIR=DIR       the snapshot release (helm panda history/rollback) lives in DIR
#                             (default: $HP_REC_LOG.snap, so a successful install records its
#                             snapshot quietly, as with a cluster):
#                             `get values NAME` prints DIR/values.json (else "not found"), the
#                             upgrade --install of *-panda-snapshots writes its -f file there
#                             (nothing rendered) and, as revision N (DIR/rev counts them, as does
#                             its rollback), DIR/values.N.json, printing "REVISION: N" as helm
#                             does; `get values --revision N` prints DIR/values.N.json; helm
#                             list gives the snapshot release revision N;
#                             `history NAME` prints DIR/history/NAME.json
#                             (else "not found"); `status NAME` of *-panda-snapshots prints
#                             DIR/status.json when there is one (a release record, as for
#                             $HP_REC_STATUS_DIR); while DIR/busy exists, its upgrade fails as
#                             helm's does for a release another operation holds (a helm killed
#                             mid-write), and its rollback or uninstall removes busy and status.json
#   HP_REC_SNAP_ON_STATUS=CMD `status` of *-panda-snapshots runs CMD (sh -c) first: a test's
#                             "meanwhile": another run's write finishing while the plugin waits
#   HP_REC_SNAP_GATE=FILE     the upgrade of *-panda-snapshots waits until FILE exists before it
#                             writes (at most 60 s, then it writes anyway: a bound for a run whose
#                             second signal did not kill it); a signal meanwhile is logged ("I")
#                             and ends it (exit 130) as for any call
#   HP_REC_ROLLBACK=S         on SIGINT/SIGTERM a release call "rolls back" for S seconds (as helm
#                             --atomic does) before it exits 130: "R" is logged when it is done
# `helm panda ...` (the plugin itself) runs the real helm with argv[0] "helm", as a user's shell
# does: helm then hands the plugin HELM_BIN=helm, which PATH resolves to this recorder when it is
# installed as "helm" first on PATH.
# Log lines: "S <time> <pid> <cmd> <release>" at start, "E <time> <pid> <cmd> <release> <rc>"
# at the end, "I <time> <pid> <cmd> <release> <SIGNAL>" when interrupted, "R <time> <pid> <cmd>
# <release>" when its rollback is over, "A <pid> <argv...>" (one argument per tab-separated
# field), "V <pid> version ..." for the version probe.
set -u
log=${HP_REC_LOG:?}
export HP_REC_SNAP_DIR=${HP_REC_SNAP_DIR:-$log.snap}
mkdir -p "$HP_REC_SNAP_DIR"
real=${HP_REC_REAL:?}
# Times are bash's own clock, ${EPOCHREALTIME/,/.}, with no child process: a `date` child (or the
# subshell of a $(...)) is in helm's process group, so the plugin's SIGTERM to that group could
# kill it mid-line and leave a time-less "E" record (seen in CI: t_snapshot_safety)

if [ "${1:-}" = panda ]; then
    exec -a helm "$real" "$@"
fi

if [ "${1:-}" = version ]; then
    echo "V $$ $*" >>"$log" # the version probe: logged, not counted as a release call
    if [ "${HP_REC_SLEEP_VERSION:-0}" != 0 ]; then
        # (the sleep is ended with the probe: the tests' sleeps outlast their waits, 300 s, and
        # a sleep left behind holds the run's private folder and the test's descriptors)
        trap 'echo "I ${EPOCHREALTIME/,/.} $$ version version SIGINT" >>"$log"; kill "$sleeper" 2>/dev/null; exit 130' INT
        trap 'echo "I ${EPOCHREALTIME/,/.} $$ version version SIGTERM" >>"$log"; kill "$sleeper" 2>/dev/null; exit 143' TERM
        sleep "$HP_REC_SLEEP_VERSION" &
        sleeper=$!
        wait $sleeper
    fi
    exec "$real" "$@"
fi

cmd=${1:-}
release=${2:-}
[ "$cmd" = list ] && release=list
[ "$cmd" = upgrade ] && release=${3:-}
[ "$cmd" = get ] && release=${3:-}
sleeper=""
interrupted() {
    [ -z "$sleeper" ] || kill "$sleeper" 2>/dev/null
    echo "I ${EPOCHREALTIME/,/.} $$ $cmd $release $1" >>"$log"
    if [ "${HP_REC_ROLLBACK:-0}" != 0 ]; then
        sleep "$HP_REC_ROLLBACK" &
        wait $!
        echo "R ${EPOCHREALTIME/,/.} $$ $cmd $release" >>"$log"
    fi
    exit 130
}
trap 'interrupted SIGINT' INT
trap 'interrupted SIGTERM' TERM
trap 'interrupted SIGHUP' HUP
# one line per call, written under the lock: parallel calls must not interleave their lines
{
    flock 9
    {
        printf 'A %s' "$$"
        printf '\t%s' "$@"
        printf '\n'
        echo "S ${EPOCHREALTIME/,/.} $$ $cmd $release"
        if [ "${HP_REC_PARENT_FDS:-0}" = 1 ]; then
            printf 'P %s' "$$"
            for fd in 0 1 2; do printf ' %s' "$(readlink "/proc/$PPID/fd/$fd" 2>/dev/null || echo closed)"; done
            printf '\n'
        fi
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

# HP_REC_DIFF_VERSION_WAITS=1: `helm diff version` waits (at most 60 s) for the version probe's
# V line before it answers: asked at once, its E line comes after V; asked in series (helm version
# after helm-diff's), there is no V to find and its E line comes first
if [ "${HP_REC_DIFF_VERSION_WAITS:-0}" = 1 ] && [ "$cmd $release" = "diff version" ]; then
    for _ in $(seq 1200); do grep -q '^V ' "$log" && break; sleep 0.05; done
fi
# HP_REC_GET_WAITS_LIST=1: `get values` (the snapshot record) waits (at most 60 s) for a list's S
# line: asked at once, the list's S comes before the get's E; asked in series (the list after
# the get), there is none to find and the get's E comes first
if [ "${HP_REC_GET_WAITS_LIST:-0}" = 1 ] && [ "$cmd" = get ]; then
    for _ in $(seq 1200); do grep -q '^S .* list list$' "$log" && break; sleep 0.05; done
fi

sleep_s=${HP_REC_SLEEP:-0}
case "${HP_REC_SLEEP_RELEASE:-}" in "$release":*) sleep_s=${HP_REC_SLEEP_RELEASE#*:} ;; esac
[ -z "${HP_REC_SLEEP_ONLY:-}" ] || [ "$HP_REC_SLEEP_ONLY" = "$cmd" ] || sleep_s=0
if [ "$sleep_s" != 0 ]; then
    sleep "$sleep_s" &
    sleeper=$!
    wait $sleeper
    sleeper=""
fi

rc=0
snap_busy=0
case "$cmd $release" in "upgrade "*-panda-snapshots) [ -e "$HP_REC_SNAP_DIR/busy" ] && snap_busy=1 ;; esac
case "$cmd $release" in "rollback "*-panda-snapshots | "uninstall "*-panda-snapshots)
    rm -f "$HP_REC_SNAP_DIR/busy" "$HP_REC_SNAP_DIR/status.json" ;;
esac
# snap_revision: a new revision of the snapshot release holding values.json; N in $snap_rev
snap_revision() {
    snap_rev=$(($(cat "$HP_REC_SNAP_DIR/rev" 2>/dev/null || echo 0) + 1))
    echo "$snap_rev" >"$HP_REC_SNAP_DIR/rev"
    [ ! -f "$HP_REC_SNAP_DIR/values.json" ] || cp "$HP_REC_SNAP_DIR/values.json" "$HP_REC_SNAP_DIR/values.$snap_rev.json"
}
case "$cmd $release" in "rollback "*-panda-snapshots) snap_revision ;; esac
if [ "$cmd" = status ] && [ -n "${HP_REC_SNAP_ON_STATUS:-}" ] && [ "${release%-panda-snapshots}" != "$release" ]; then
    sh -c "$HP_REC_SNAP_ON_STATUS"
fi
if [ "$cmd" = status ] && [ -f "$HP_REC_SNAP_DIR/status.json" ] && [ "${release%-panda-snapshots}" != "$release" ]; then
    python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); r.pop("chart", None); print(json.dumps(r))' \
        "$HP_REC_SNAP_DIR/status.json"
elif [ "$cmd" = upgrade ] && { [ "${HP_REC_BUSY_RELEASE:-}" = "$release" ] || [ $snap_busy = 1 ]; }; then
    # helm's refusal while another operation holds the release (its storage marks it pending-*)
    echo "Error: UPGRADE FAILED: another operation (install/upgrade/rollback) is in progress" >&2
    rc=1
elif [ "${HP_REC_FAIL_AT:-0}" = "$n" ] || [ "${HP_REC_FAIL_RELEASE:-}" = "$release" ]; then
    echo "Error: recorder: call $n ($cmd $release) fails on purpose" >&2
    rc=1
else
    case "$cmd" in
    upgrade)
        [ "${2:-}" = --install ] || { echo "recorder: expected upgrade --install" >&2; exit 3; }
        shift 2
        if [ -n "${HP_REC_SNAP_DIR:-}" ]; then
            case "$release" in *-panda-snapshots)
                if [ -n "${HP_REC_SNAP_GATE:-}" ]; then
                    for _ in $(seq 1200); do
                        [ -e "$HP_REC_SNAP_GATE" ] && break
                        sleep 0.05 &
                        wait $!
                    done
                fi
                prev=""
                for a in "$@"; do [ "$prev" = -f ] && cat "$a" >"$HP_REC_SNAP_DIR/values.json"; prev=$a; done
                snap_revision
                printf 'NAME: %s\nSTATUS: deployed\nREVISION: %s\n' "$release" "$snap_rev"
                echo "E ${EPOCHREALTIME/,/.} $$ $cmd $release 0" >>"$log"
                exit 0 ;;
            esac
        fi
        if [ "${HP_REC_SUM:-0}" = 1 ]; then
            files=(); sets=(); prev=""
            for a in "$@"; do
                case "$prev" in -f) files+=("$a") ;; --set) sets+=("$a") ;; esac
                prev=$a
            done
            content=$( { for f in "${files[@]}"; do cat "$f" || exit 1; done; printf '%s\n' "${sets[@]}"; } )
            echo "F $$ $release $(printf '%s' "$content" | cksum | cut -d' ' -f1)" >>"$log"
        fi
        if [ "${HP_REC_CHECK:-1}" != 0 ] && [ -n "${HP_REC_OUT_DIR:-}" ]; then
            "${HP_REC_HELM4:?}" install "$@" --dry-run=client >"$HP_REC_OUT_DIR/$release.yaml"
            rc=$?
        elif [ "${HP_REC_CHECK:-1}" != 0 ]; then
            "${HP_REC_HELM4:?}" install "$@" --dry-run=client
            rc=$?
        fi
        ;;
    uninstall)
        echo "release \"$release\" uninstalled"
        ;;
    rollback)
        echo "Rollback was a success! Happy Helming!"
        ;;
    list)
        if [ -n "${HP_REC_LIST_DIR:-}${HP_REC_STATUS_DIR:-}" ]; then
            major=$("$real" version --template '{{.Version}}' | sed 's/^v\([0-9]*\).*/\1/')
            shift
            python3 - "$major" "${HP_REC_LIST_DIR:-}" "${HP_REC_STATUS_DIR:-}" "$@" <<'PY'
import json, os, re, sys
major, list_dir, status_dir, args = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4:]
if "--all" in args and major >= 4:
    sys.stderr.write("Error: unknown flag: --all\n")
    sys.exit(1)
flt = args[args.index("--filter") + 1] if "--filter" in args else ""
ns = args[args.index("--namespace") + 1] if "--namespace" in args else "default"
rels = []
snap_rev = os.path.join(os.environ.get("HP_REC_SNAP_DIR", "/nonexistent"), "rev")
for f in sorted(os.listdir(list_dir)) if list_dir else []:
    rev = open(snap_rev).read().strip() if f.endswith("-panda-snapshots") and os.path.exists(snap_rev) else "1"
    rels.append({"name": f, "namespace": ns, "revision": rev, "updated": "2026-01-02 03:04:05.000000001 +0000 UTC",
                 "status": "deployed", "chart": f.split("-", 1)[-1] + "-0.1.0", "app_version": "1.0.0"})
for f in sorted(os.listdir(status_dir)) if status_dir else []:
    if not f.endswith(".json"):
        continue
    r = json.load(open(os.path.join(status_dir, f)))
    meta = (r.get("chart") or {}).get("metadata") or {}
    rels.append({"name": r["name"], "namespace": ns, "revision": str(r.get("version", 1)),
                 "updated": "2026-01-02 03:04:05.000000001 +0000 UTC", "status": r["info"]["status"],
                 "chart": "%s-%s" % (meta.get("name", "?"), meta.get("version", "?")),
                 "app_version": meta.get("appVersion", "")})
rels = [r for r in rels if re.search(flt, r["name"])]
if major < 4 and "--all" not in args:
    rels = [r for r in rels if r["status"] in ("deployed", "failed")]
print(json.dumps(rels))
PY
            rc=$?
        else
            "$real" "$@"
            rc=$?
        fi
        ;;
    get)
        at=""
        prev=""
        for a in "$@"; do [ "$prev" = --revision ] && at=$a; prev=$a; done
        if [ -n "$at" ] && [ -n "${HP_REC_SNAP_DIR:-}" ]; then
            if [ -f "$HP_REC_SNAP_DIR/values.$at.json" ]; then
                cat "$HP_REC_SNAP_DIR/values.$at.json"
            else
                echo "Error: release: not found" >&2
                rc=1
            fi
        elif [ -n "${HP_REC_SNAP_DIR:-}" ] && [ -f "$HP_REC_SNAP_DIR/values.json" ]; then
            cat "$HP_REC_SNAP_DIR/values.json"
        elif [ -n "${HP_REC_SNAP_DIR:-}" ]; then
            echo "Error: release: not found" >&2
            rc=1
        else
            "$real" "$@"
            rc=$?
        fi
        ;;
    history)
        if [ -f "${HP_REC_SNAP_DIR:-/nonexistent}/history/$release.json" ]; then
            cat "$HP_REC_SNAP_DIR/history/$release.json"
        elif [ -n "${HP_REC_SNAP_DIR:-}" ]; then
            echo "Error: release: not found" >&2
            rc=1
        else
            "$real" "$@"
            rc=$?
        fi
        ;;
    status)
        if [ -f "${HP_REC_STATUS_DIR:-/nonexistent}/$release.json" ]; then
            python3 -c 'import json, sys; r = json.load(open(sys.argv[1])); r.pop("chart", None); print(json.dumps(r))' \
                "$HP_REC_STATUS_DIR/$release.json"
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
echo "E ${EPOCHREALTIME/,/.} $$ $cmd $release $rc" >>"$log"
exit $rc
