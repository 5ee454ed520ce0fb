#!/bin/bash
# Behaviour unchanged, checked: runs every row of matrix.txt with two builds of helm-panda and
# compares what a user sees: stdout, stderr, the exit code, and the argv of every helm call
# (fake-helm.sh as HELM_BIN). Rows are run from this checkout's root, with HOME, helm's
# variables and the SOPS/age key variables fixed, so two builds see the same world.
#   tests/behaviour/compare.sh OLD_BIN NEW_BIN   (e.g. a build of 7040896 and bin/helm-panda)
# Prints one line per row that differs (and the first lines of the difference); exit 1 if any.
set -u
old=$(readlink -f "${1:?usage: compare.sh OLD_BIN NEW_BIN}")
new=$(readlink -f "${2:?usage: compare.sh OLD_BIN NEW_BIN}")
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# $SITES: the example deployment with the sites overlay, as t_sites builds it
mkdir "$work/sites" && cp -r testdata/deploy/. testdata/sites/. "$work/sites/"

# run BIN DIR ROW: the row is a bash line in which `hp` is the build under test and $S a scratch
# folder (for trees made on the spot and output folders); DIR gets out, err, rc, helm and files
# (the names and contents of what the row left in $S).
run() {
    local bin=$1 dir=$2 row=$3
    mkdir -p "$dir/home" "$dir/s"
    : >"$dir/helm"
    env -i PATH=/usr/bin:/bin HOME="$dir/home" HELM_BIN="$here/fake-helm.sh" FAKE_HELM_LOG="$dir/helm" \
        HELM_PLUGIN_NAME=panda HELM_NAMESPACE=default HELM_PLUGIN_DIR="$dir/home" \
        SOPS_AGE_KEY_FILE="$dir/home/none.txt" LC_ALL=C HP="$bin" S="$dir/s" SITES="$work/sites" \
        bash -c 'hp() { "$HP" "$@"; }; '"$row" >"$dir/out" 2>"$dir/err" </dev/null
    echo $? >"$dir/rc"
    (cd "$dir/s" && find . -type f | sort | while IFS= read -r f; do echo "== $f"; cat "$f"; done) >"$dir/files"
    # the scratch folder's name differs between the two runs; durations differ from run to run
    sed -i -e "s|$dir|SCRATCH|g" -e 's/[0-9][0-9]*\.[0-9][0-9]*s\b/N.Ns/g' \
        -e 's/"\(seconds\|started\)":[[:space:]]*[0-9.e+-]*/"\1":N/g' "$dir/out" "$dir/err" "$dir/helm" "$dir/files"
    sort -o "$dir/helm" "$dir/helm" # parallel calls come in any order
}

rows=0 bad=0
while IFS= read -r line; do
    case $line in '' | '#'*) continue ;; esac
    rows=$((rows + 1))
    run "$old" "$work/old" "$line"
    run "$new" "$work/new" "$line"
    for f in rc out err helm files; do
        if ! cmp -s "$work/old/$f" "$work/new/$f"; then
            echo "compare: differs ($f): $line"
            diff "$work/old/$f" "$work/new/$f" | head -6
            bad=$((bad + 1))
            break
        fi
    done
    rm -rf "$work/old" "$work/new"
done <"$here/matrix.txt"
if [ "$bad" = 0 ]; then
    echo "compare: $rows rows, stdout, stderr, exit code and helm argv identical"
else
    echo "compare: $bad of $rows rows differ"
fi
[ "$bad" = 0 ]
