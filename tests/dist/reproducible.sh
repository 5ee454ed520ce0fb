#!/bin/sh
# make dist's promises that need no helm: the binaries are static (readelf: no NEEDED, no
# program interpreter), and the build is reproducible: the tracked tree copied into two other
# folders (other paths, fresh mtimes) gives, with `make dist` in each, the SHA256SUMS of $HP_DIST.
#   tests/dist/reproducible.sh    (HP_DIST: the make dist output to compare with)
set -u
root=$(cd "$(dirname "$0")/../.." && pwd)
: "${HP_DIST:?HP_DIST must name the make dist output}"
passed=0 failed=0
ok() { echo "ok - reproducible: $*"; passed=$((passed + 1)); }
not_ok() { echo "not ok - reproducible: $*"; failed=$((failed + 1)); }
for c in readelf sha256sum git; do
    command -v $c >/dev/null 2>&1 || { echo "reproducible: $c missing: run scripts/deps.sh" >&2; exit 1; }
done

for bin in "$HP_DIST"/helm-panda-linux-*; do
    name=$(basename "$bin")
    needed=$(readelf -d "$bin" 2>&1 | grep -c NEEDED)
    interp=$(readelf -lW "$bin" 2>&1 | grep -c 'Requesting program interpreter')
    [ "$needed" = 0 ] && [ "$interp" = 0 ] && ok "$name is static (no NEEDED, no interpreter)" ||
        not_ok "$name is dynamic: $(readelf -d "$bin" | grep NEEDED | tr -s ' ' | head -c 300)"
done

epoch=$(git -C "$root" log -1 --format=%ct)
arches=$(cd "$HP_DIST" && ls helm-panda-linux-* | sed 's/helm-panda-linux-//' | tr '\n' ' ')
work=$(mktemp -d "${TMPDIR:-/tmp}/hp-repro.XXXXXX")
trap 'rm -rf "$work"' EXIT
for copy in a/one b/second-copy; do
    mkdir -p "$work/$copy"
    # the source files as they are now (uncommitted and new ones too), without build outputs
    (cd "$root" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp -P --parents -t "$work/$copy")
    [ -e "$root/tools" ] && ln -s "$(cd "$root/tools" && pwd -P)" "$work/$copy/tools"
    if ! env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$work/$copy" dist DIST_ARCHES="$arches" \
        SOURCE_DATE_EPOCH="$epoch" >"$work/$copy.log" 2>&1; then
        not_ok "make dist in $copy failed: $(grep -v 'warning: Using\|in function\|^(.text' "$work/$copy.log" | tail -5)"
        continue
    fi
    if cmp -s "$HP_DIST/SHA256SUMS" "$work/$copy/dist/SHA256SUMS"; then
        ok "make dist in another folder ($copy) gives the same sha256s"
    else
        not_ok "make dist in $copy differs: $(diff "$HP_DIST/SHA256SUMS" "$work/$copy/dist/SHA256SUMS" | head -c 600)"
    fi
done
echo "reproducible: $passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$passed" -gt 0 ]
