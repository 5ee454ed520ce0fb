#!/bin/sh
# The Go peers the tests and benchmarks check us against, built with `go install` from the Go
# module proxy at the versions pinned in scripts/versions.env, into tools/go/bin (GOBIN):
#   sops                          github.com/getsops/sops/v3/cmd/sops   $SOPS_VERSION
#   age, age-keygen, age-inspect, filippo.io/age/cmd/...               $AGE_VERSION
#     age-plugin-batchpass (whatever cmd/ holds at that version)
#   helmfile                      github.com/helmfile/helmfile          $HELMFILE_VERSION
#     (only with the argument `helmfile`, as `make bench` asks: the benchmark is its only user;
#     built from its module source: its go.mod's replace directives stop `go install m@v`)
# Idempotent: a binary whose embedded build info (`go version -m`) names the pinned module version
# is kept. Go's module and build caches make a rebuild after a version bump cheap.
#
# Go: scripts/go-env.sh (the newest go 1.21+ on the machine, installed from Debian's backports
# when there is none; GOTOOLCHAIN=auto takes the toolchain a peer's go.mod asks for).
# Log: HP_GO_PEERS_LOG (default: stdout). Times of each build are printed.
set -eu
cd "$(dirname "$0")/.."
. scripts/versions.env

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

say() { echo "go-peers: $*"; }

# arguments: extra peers to build besides sops and age (helmfile: for make bench)
want_helmfile=0
for a in "$@"; do
    case $a in
    helmfile) want_helmfile=1 ;;
    *) echo "go-peers: unknown peer '$a' (known: helmfile)" >&2; exit 2 ;;
    esac
done

. scripts/go-env.sh
go_setup
export GOBIN="$PWD/tools/go/bin"
export GOFLAGS="${GOFLAGS:--buildvcs=false}"
mkdir -p "$GOBIN"

# Built binaries are also kept in $HP_TOOLS_CACHE/go-peers/VERSION/ (scripts/versions.env), so a
# fresh clone on the same machine (CI) copies them instead of relinking (helmfile: 350 MB).
CACHE=$HP_TOOLS_CACHE/go-peers

# built_from BINARY MODULE VERSION: BINARY was built from MODULE@VERSION
built_from() {
    [ -x "$1" ] && "$GO" version -m "$1" 2>/dev/null | awk -v m="$2" -v v="$3" '
        $1 == "mod" && $2 == m && $3 == v { ok = 1 } END { exit !ok }'
}
# have BINARY MODULE VERSION: in GOBIN already, or copied there from the cache
have() {
    built_from "$GOBIN/$1" "$2" "$3" && return 0
    built_from "$CACHE/$3/$1" "$2" "$3" && cp "$CACHE/$3/$1" "$GOBIN/$1" && say "$1 $3 copied from $CACHE/$3"
}
# keep VERSION BINARY...: copy fresh builds into the cache
keep() {
    v=$1; shift
    mkdir -p "$CACHE/$v" && for b in "$@"; do [ -x "$GOBIN/$b" ] && cp "$GOBIN/$b" "$CACHE/$v/$b"; done
}

# build LABEL PACKAGE@VERSION: go install, timed
build() {
    t0=$(date +%s)
    say "building $2 (go $("$GO" env GOVERSION), GOTOOLCHAIN=$GOTOOLCHAIN)"
    "$GO" install "$2"
    say "$1 built in $(( $(date +%s) - t0 ))s"
}

if have sops github.com/getsops/sops/v3 "$SOPS_VERSION"; then
    say "sops $SOPS_VERSION present"
else
    build sops "github.com/getsops/sops/v3/cmd/sops@$SOPS_VERSION"
    keep "$SOPS_VERSION" sops
fi
if have age filippo.io/age "$AGE_VERSION" && have age-keygen filippo.io/age "$AGE_VERSION"; then
    say "age $AGE_VERSION present"
else
    build age "filippo.io/age/cmd/...@$AGE_VERSION"
    keep "$AGE_VERSION" age age-keygen age-inspect age-plugin-batchpass
fi
# helmfile only when asked (`scripts/go-peers.sh helmfile`, which `make bench` does): only the
# benchmark uses it, and its cold build is the longest of the test world (half an hour on two
# cores), which scripts/deps.sh --tests (the README's second block) should not wait for
if [ "$want_helmfile" = 1 ]; then
    # helmfile's go.mod has replace directives (k8s.io pins), which `go install m@v` refuses: build
    # it as the main module from its source as the module proxy serves it, with the version stamped
    # the way its Makefile does (so `helmfile --version` and `go version -m` name it)
    hf_ldflags="-X go.szostok.io/version.version=$HELMFILE_VERSION"
    hf_ok() { [ -x "$1" ] && "$GO" version -m "$1" 2>/dev/null | grep -qF -- "$hf_ldflags"; }
    if hf_ok "$GOBIN/helmfile"; then
        say "helmfile $HELMFILE_VERSION present"
    elif hf_ok "$CACHE/$HELMFILE_VERSION/helmfile"; then
        cp "$CACHE/$HELMFILE_VERSION/helmfile" "$GOBIN/helmfile"
        say "helmfile $HELMFILE_VERSION copied from $CACHE/$HELMFILE_VERSION"
    else
        t0=$(date +%s)
        say "building github.com/helmfile/helmfile@$HELMFILE_VERSION (go $("$GO" env GOVERSION), GOTOOLCHAIN=$GOTOOLCHAIN)"
        src=$("$GO" mod download -json "github.com/helmfile/helmfile@$HELMFILE_VERSION" | sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
        [ -d "$src" ] || { say "go mod download gave no source folder for helmfile" >&2; exit 1; }
        work=$(mktemp -d)
        cp -r "$src/." "$work/" && chmod -R u+w "$work"
        (cd "$work" && "$GO" build -ldflags "$hf_ldflags" -o "$GOBIN/helmfile" .) || { rm -rf "$work"; exit 1; }
        rm -rf "$work"
        keep "$HELMFILE_VERSION" helmfile
        say "helmfile built in $(( $(date +%s) - t0 ))s"
    fi

fi

# binaries built before the cache existed (or by hand) seed it
[ -x "$CACHE/$SOPS_VERSION/sops" ] || keep "$SOPS_VERSION" sops
[ -x "$CACHE/$AGE_VERSION/age" ] || keep "$AGE_VERSION" age age-keygen age-inspect age-plugin-batchpass
[ "$want_helmfile" = 0 ] || [ -x "$CACHE/$HELMFILE_VERSION/helmfile" ] || keep "$HELMFILE_VERSION" helmfile
