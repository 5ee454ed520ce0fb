#!/usr/bin/env bash
# The no-compiler proof of the release packages (slow, root, not run in CI): a fresh Debian 12
# chroot with only git, ca-certificates and helm (helm 3 and helm 4 from tools/, copied in as
# /usr/local/bin/helm3, helm4) installs the plugin by URL from a loopback HTTP server serving
# `make dist`'s output (signed with a throwaway key for helm 4), and renders the example. Prints
# how long each install took and exits non-zero when a step fails.
#
#   sudo scripts/dist/fresh-install-check.sh [DIST]     (DIST: make dist's output, default dist/)
#
# HP_FRESH_BASE=FILE.tar: an unpacked debootstrap --variant=minbase bookworm base, as
# scripts/fresh-machine-check.sh caches it (made by debootstrap here when the file is missing).
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=$(cd "${1:-$root/dist}" && pwd)
die() { echo "fresh-install-check: error: $*" >&2; exit 1; }
log() { echo "fresh-install-check: $(date -u +%H:%M:%S) $*" >&2; }
[ "$(id -u)" = 0 ] || die "must run as root (chroot and mounts need it)"
[ -f "$dist/SHA256SUMS" ] || die "$dist: no SHA256SUMS: run make dist"
version=$(sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' "$root/plugin.yaml")

dir=$(mktemp -d /var/tmp/hp-fresh-install.XXXXXX)
mounted=() pid=""
cleanup() {
    local rc=$?
    [ -z "$pid" ] || kill "$pid" 2>/dev/null || true
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    if [ $rc = 0 ]; then rm -rf --one-file-system "$dir"; else log "chroot kept in $dir"; fi
}
trap cleanup EXIT
if [ -n "${HP_FRESH_BASE:-}" ] && [ -f "$HP_FRESH_BASE" ]; then
    log "unpacking $HP_FRESH_BASE"
    tar -xpf "$HP_FRESH_BASE" -C "$dir"
else
    log "debootstrap bookworm into $dir"
    debootstrap --variant=minbase bookworm "$dir" http://deb.debian.org/debian >"$dir.log" 2>&1 ||
        die "debootstrap failed ($dir.log)"
fi
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    rm -f "$dir/etc/apt/sources.list"
    cp /etc/apt/sources.list.d/debian.sources "$dir/etc/apt/sources.list.d/"
fi
cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
mount -t proc proc "$dir/proc" && mounted+=("$dir/proc")
mount --bind /dev "$dir/dev" && mounted+=("$dir/dev")
in_chroot() { chroot "$dir" /usr/bin/env -i HOME=/root TERM=linux \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }
log "installing git and ca-certificates only"
in_chroot sh -c 'DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git ca-certificates >/dev/null'
cp "$root/tools/helm3/helm" "$dir/usr/local/bin/helm3"
cp "$root/tools/helm4/helm" "$dir/usr/local/bin/helm4"
cp -r "$root/testdata/deploy" "$dir/root/example"
for c in cc gcc make pkg-config python3 curl wget; do
    in_chroot sh -c "command -v $c" >/dev/null && die "the chroot has $c: not a machine without a compiler"
done
log "the chroot has no cc, gcc, make, pkg-config, python3, curl or wget"

# the packages, signed for helm 4 with a throwaway key, served on a loopback port
srv=$dir.srv
mkdir -p "$srv" && cp "$dist"/* "$srv/"
export GNUPGHOME=$dir.gnupg
mkdir -p -m 700 "$GNUPGHOME"
gpg --batch --quiet --passphrase '' --quick-gen-key 'helm-panda fresh check' ed25519 sign never
gpg --batch --export 'helm-panda fresh check' >"$dir/root/keyring.gpg"
"$root/scripts/dist/sign.sh" "$srv" 'helm-panda fresh check' >/dev/null
# a tampered helm 4 package: one byte of a binary flipped, repacked, the genuine .prov beside it
mkdir -p "$srv/bad" "$dir.tamper"
tar -xzf "$srv/panda-$version.tgz" -C "$dir.tamper"
python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" \
    "$dir.tamper/bin/linux-amd64/helm-panda"
tar -czf "$srv/bad/panda-$version.tgz" -C "$dir.tamper" . && rm -rf "$dir.tamper"
cp "$srv/panda-$version.tgz.prov" "$srv/bad/"
python3 "$root/tests/dist/serve.py" "$srv" "$dir.port" &
pid=$!
for _ in $(seq 100); do [ -s "$dir.port" ] && break; sleep 0.1; done
url=http://127.0.0.1:$(cat "$dir.port")

fail=0
if in_chroot helm4 plugin install "$url/bad/panda-$version.tgz" --keyring /root/keyring.gpg >"$dir.bad.log" 2>&1; then
    log "helm 4 installed a tampered package"; fail=1
    in_chroot helm4 plugin uninstall panda >/dev/null
elif grep -q 'sha256 sum does not match' "$dir.bad.log"; then
    log "helm 4 refuses a tampered package by its .prov: $(grep -o 'plugin verification failed.*' "$dir.bad.log" | head -c 120)"
else
    log "helm 4 refused a tampered package, but not by its .prov: $(cat "$dir.bad.log")"; fail=1
fi
for major in 3 4; do
    if [ $major = 3 ]; then pkg=panda-$version-linux-amd64.tgz opts=""; else pkg=panda-$version.tgz opts="--keyring /root/keyring.gpg"; fi
    start=$(date +%s%N)
    if in_chroot helm$major plugin install "$url/$pkg" $opts >"$dir.install$major.log" 2>&1; then
        ms=$((($(date +%s%N) - start) / 1000000))
        log "helm $major: plugin install $pkg by URL: ok in $((ms / 1000)).$(printf %03d $((ms % 1000)))s"
    else
        log "helm $major: plugin install $pkg failed: $(cat "$dir.install$major.log")"; fail=1; continue
    fi
    in_chroot helm$major plugin list | sed "s/^/fresh-install-check: helm $major plugin list: /" >&2
    if in_chroot helm$major panda template -C /root/example -e sphenix >"$dir.out" 2>"$dir.err" &&
        grep -q '^kind: ' "$dir.out"; then
        log "helm $major: helm panda template renders the example"
    else
        log "helm $major: helm panda template failed: $(tail -5 "$dir.err")"; fail=1
    fi
    in_chroot helm$major plugin uninstall panda >/dev/null
done
rm -rf "$srv" "$GNUPGHOME" "$dir.port" "$dir".install*.log "$dir.out" "$dir.err" "$dir.bad.log"
[ $fail = 0 ] && echo "fresh-install-check: PASS (Debian $(cat "$dir/etc/debian_version"), no compiler)"
exit $fail
