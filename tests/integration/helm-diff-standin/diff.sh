#!/bin/bash
# A stand-in for the helm-diff plugin (tests/integration/t_diff.sh), installed with
# `helm plugin install` under the name "diff". `helm diff version` prints a version;
# `helm diff upgrade --allow-unreleased NAME CHART -f F... --set S...` answers in helm-diff's
# default output format, from $HP_DIFF_STATE/NAME (a checksum of the values and sets "installed"):
#   no state file  -> the "Release was not present in Helm" banner and two resources added
#   same checksum  -> nothing (unchanged)
#   other checksum -> one ConfigMap "has changed:" with the values as "+ " lines, lines holding
#                     HPSECRET masked unless --show-secrets (helm-diff masks Secret data)
# As helm-diff 3.13.2 does, without --output it follows HELM_DIFF_OUTPUT (any format but "diff"
# is printed as helm-diff's json, which names no change in our parser's terms), and it writes the
# values it compares to a temporary file under $TMPDIR (helm-diff's "existing-values*"; here
# their checksum), left there for the test to find.
# Switches: HP_DIFF_SAVE=1 stores the checksum (as an install would); HP_DIFF_FAIL_RELEASE=NAME
# exits 1; HP_DIFF_SLEEP_RELEASE=NAME:S sleeps first; HP_DIFF_HOOK=CMD runs CMD (sh -c) once the
# values have been read (another operator changing the tree or the registry during the run).
# Every call is logged to $HP_DIFF_LOG: "A<TAB>argv...", "N <HELM_NAMESPACE>", "X <TMPDIR> <the
# temporary file>", "H <the HELM_DIFF_* variables it was given>", "S|E <time> NAME" and
# "C NAME <cksum>" (the checksum of what was compared).
set -u
if [ "${1:-}" = version ]; then
    # a helm-diff built from its module says HEAD (HP_DIFF_VERSION=HEAD); plugin.yaml says 3.13.2
    echo "${HP_DIFF_VERSION:-3.13.2}"
    exit 0
fi
log=${HP_DIFF_LOG:-/dev/null}
state=${HP_DIFF_STATE:?}
[ "${1:-}" = upgrade ] || { echo "Error: stand-in: only 'upgrade' is known" >&2; exit 1; }
shift
# one write per record: parallel diffs append to the same log (separate printfs interleaved)
rec=$(printf 'A'; printf '\t%s' "$@"; printf '\nN %s' "${HELM_NAMESPACE:-}")
printf '%s\n' "$rec" >>"$log"
allow=0; show=0; name=""; chart=""; files=(); sets=(); output=""
while [ $# -gt 0 ]; do
    case "$1" in
    --allow-unreleased|--install) allow=1 ;;
    --show-secrets) show=1 ;;
    -f|--values) files+=("$2"); shift ;;
    --set) sets+=("$2"); shift ;;
    --output) output=$2; shift ;;
    --context) shift ;;
    -*) ;;
    *) if [ -z "$name" ]; then name=$1; elif [ -z "$chart" ]; then chart=$1; fi ;;
    esac
    shift
done
echo "S ${EPOCHREALTIME/,/.} $name" >>"$log"
case "${HP_DIFF_SLEEP_RELEASE:-}" in "$name":*) sleep "${HP_DIFF_SLEEP_RELEASE#*:}" ;; esac
if [ "${HP_DIFF_FAIL_RELEASE:-}" = "$name" ]; then
    echo "Error: stand-in: diff of $name fails on purpose" >&2
    echo "E ${EPOCHREALTIME/,/.} $name" >>"$log"
    exit 1
fi
# the values as helm would read them (memfiles through /dev/fd/N too), never written anywhere
content=$( { for f in "${files[@]}"; do cat "$f" || exit 1; done; printf '%s\n' "${sets[@]}"; } ) || exit 1
sum=$(printf '%s' "$content" | cksum | cut -d' ' -f1)
echo "C $name $sum" >>"$log"
[ -n "${HP_DIFF_HOOK:-}" ] && sh -c "$HP_DIFF_HOOK"
# (its checksum only: t_diff's strace check wants the plaintext in no file at all)
tmp=$(mktemp "${TMPDIR:-/tmp}/existing-values.XXXXXX") && printf '%s\n' "$sum" >"$tmp"
printf 'X %s %s\nH %s\n' "${TMPDIR:-}" "$tmp" "$(env | grep -o '^HELM_DIFF_[A-Z_]*' | sort | tr '\n' ' ')" >>"$log"
[ -n "$output" ] || output=${HELM_DIFF_OUTPUT:-diff}
if [ "$output" != diff ]; then
    printf '[{"api":"v1","kind":"ConfigMap","namespace":"default","name":"%s","change":"MODIFY"}]\n' "$name"
    echo "E ${EPOCHREALTIME/,/.} $name" >>"$log"
    exit 0
fi
if [ ! -f "$state/$name" ]; then
    [ $allow = 1 ] || { echo "Error: \"$name\" has no deployed releases" >&2; exit 1; }
    # helm-diff before 3.13 says so; 3.13 does not (HP_DIFF_NO_BANNER=1)
    [ "${HP_DIFF_NO_BANNER:-0}" = 1 ] ||
        printf '********************\n\n\tRelease was not present in Helm.  Diff will show entire contents as new.\n\n********************\n'
    printf 'default, %s, ConfigMap (v1) has been added:\n- \n+ kind: ConfigMap\n' "$name"
    printf 'default, %s-server, Deployment (apps) has been added:\n- \n+ kind: Deployment\n' "$name"
elif [ "$(cat "$state/$name")" != "$sum" ]; then
    printf 'default, %s, ConfigMap (v1) has changed:\n' "$name"
    printf '%s\n' "$content" | while IFS= read -r line; do
        case "$line" in
        *HPSECRET*) if [ $show = 1 ]; then printf '+ %s\n' "$line"; else printf '+ %s\n' "${line%%:*}: '-------- # (masked)'"; fi ;;
        *) printf '  %s\n' "$line" ;;
        esac
    done
fi
[ "${HP_DIFF_SAVE:-0}" = 1 ] && echo "$sum" >"$state/$name"
echo "E ${EPOCHREALTIME/,/.} $name" >>"$log"
exit 0
