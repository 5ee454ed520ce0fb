#!/usr/bin/env bash
# The fresh-machine proof (slow, not run in CI): debootstraps Debian 12 (bookworm) into a
# folder, installs only git and ca-certificates there, clones this repository into it with the
# chroot's own git, and runs the README's first and second fenced code blocks verbatim inside
# the chroot as root, each in a clean environment. Prints one result line per block and exits
# non-zero if either failed.
#
#   sudo scripts/fresh-machine-check.sh [-b BRANCH] [-d DIR] [-k] [SOURCE_REPO]
#
#   SOURCE_REPO  the repository to clone (default: the one holding this script)
#   -b BRANCH    branch or commit to check out (default: SOURCE_REPO's current HEAD)
#   -d DIR       where the chroot goes (default: a new /var/tmp/hp-fresh.XXXXXX)
#   -k           keep the chroot afterwards (default: removed on success, kept on failure)
#   -1           only the first block (setup and the main job), not the tests
#
# The Debian mirror is the one this machine's apt uses. HP_FRESH_BASE=FILE.tar caches the
# pristine debootstrap result: made on the first run, unpacked instead of debootstrap later.
set -euo pipefail

usage() { sed -n '2,16p' "$0" | sed 's/^# \{0,1\}//'; }
keep=0 branch="" dir="" blocks="1 2"
while getopts "b:d:kh1" o; do
    case $o in
    b) branch=$OPTARG ;;
    d) dir=$OPTARG ;;
    k) keep=1 ;;
    1) blocks=1 ;;
    h) usage; exit 0 ;;
    *) usage >&2; exit 2 ;;
    esac
done
shift $((OPTIND - 1))
src=$(cd "${1:-$(dirname "$0")/..}" && pwd)

die() { echo "fresh-machine-check: error: $*" >&2; exit 1; }
log() { echo "fresh-machine-check: $(date -u +%H:%M:%S) $*" >&2; }

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot and mounts need it)"
git -C "$src" rev-parse --git-dir >/dev/null 2>&1 || die "$src: not a git repository"
[ -n "$branch" ] || branch=$(git -C "$src" rev-parse HEAD)
commit=$(git -C "$src" rev-parse --verify "$branch^{commit}") || die "$src: no commit '$branch'"
if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
fi

# The mirror apt already uses: first non-security URI in sources.list(.d)
mirror=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
    grep -E '^[[:space:]]*(deb[[:space:]]|URIs:)' | grep -Eo 'https?://[^ ]+' | grep -v -- '-security' |
    grep -m1 -i debian || true)
[ -n "$mirror" ] || mirror=http://deb.debian.org/debian
mirror=${mirror%/}

[ -n "$dir" ] || dir=$(mktemp -d /var/tmp/hp-fresh.XXXXXX)
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
[ "$dir" != / ] || die "refusing to use / as the chroot"

mounted=()
cleanup() {
    local rc=$?
    for ((i = ${#mounted[@]} - 1; i >= 0; i--)); do umount -l "${mounted[$i]}" 2>/dev/null || true; done
    if [ $rc -eq 0 ] && [ $keep = 0 ]; then
        rm -rf --one-file-system "$dir"
    else
        log "chroot kept in $dir"
    fi
}
trap cleanup EXIT
bind() { # bind SRC TARGET [options]
    mkdir -p "$2"
    mount --bind "$1" "$2"
    mounted+=("$2")
}

if [ -e "$dir/etc/debian_version" ]; then
    log "reusing the system already in $dir"
elif [ -n "${HP_FRESH_BASE:-}" ] && [ -f "$HP_FRESH_BASE" ]; then
    log "unpacking the cached base system $HP_FRESH_BASE"
    tar -xpf "$HP_FRESH_BASE" -C "$dir"
else
    log "debootstrap bookworm from $mirror into $dir"
    debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$dir.debootstrap.log" 2>&1 ||
        { tail -20 "$dir.debootstrap.log" >&2; die "debootstrap failed (log: $dir.debootstrap.log)"; }
    if [ -n "${HP_FRESH_BASE:-}" ]; then
        log "caching the base system in $HP_FRESH_BASE"
        tar -cpf "$HP_FRESH_BASE" -C "$dir" .
    fi
fi

# The chroot's apt gets the same suites as this machine (updates, security) and DNS; services
# must not start inside a chroot.
if ls /etc/apt/sources.list.d/*.sources >/dev/null 2>&1; then
    rm -f "$dir/etc/apt/sources.list"
    cp /etc/apt/sources.list.d/*.sources "$dir/etc/apt/sources.list.d/"
fi
cp -L /etc/resolv.conf "$dir/etc/resolv.conf"
printf '#!/bin/sh\nexit 101\n' >"$dir/usr/sbin/policy-rc.d"
chmod 0755 "$dir/usr/sbin/policy-rc.d"

mount -t proc proc "$dir/proc" && mounted+=("$dir/proc")
bind /sys "$dir/sys"
bind /dev "$dir/dev"
bind /dev/pts "$dir/dev/pts"
mkdir -p "$dir/dev/shm"
mount -t tmpfs -o mode=1777 shm "$dir/dev/shm" && mounted+=("$dir/dev/shm")

# A clean environment, like a root login on a new machine's console (TERM=linux).
in_chroot() { chroot "$dir" /usr/bin/env -i HOME=/root TERM=linux \
    PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

log "installing git and ca-certificates only"
in_chroot sh -c 'DEBIAN_FRONTEND=noninteractive apt-get update -qq &&
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq git ca-certificates >/dev/null'

# When this machine's network re-signs TLS (an inspecting proxy whose CA the host trusts), the
# chroot must trust the same CA, or npm cannot reach the registry: that is this machine's
# network, not a missing package. Only certificates the host trusts beyond Debian's bundle
# are copied, and npm is pointed at the system bundle as the host's /etc/npmrc does.
host_bundle=/etc/ssl/certs/ca-certificates.crt
if [ -f "$host_bundle" ]; then
    extra=$(awk -v out="$dir/usr/local/share/ca-certificates/host-extra-" '
        FNR == 1 { file++ }
        /-----BEGIN CERTIFICATE-----/ { blk = "" }
        { blk = blk $0 "\n" }
        /-----END CERTIFICATE-----/ {
            if (file == 1) known[blk] = 1
            else if (!(blk in known)) { n++; printf "%s", blk > (out n ".crt") }
        }
        END { print n + 0 }' "$dir/etc/ssl/certs/ca-certificates.crt" "$host_bundle")
    if [ "$extra" -gt 0 ]; then
        log "this machine trusts $extra CA(s) beyond Debian's bundle (TLS inspection): trusting them in the chroot too"
        in_chroot update-ca-certificates >/dev/null 2>&1
        echo "cafile=/etc/ssl/certs/ca-certificates.crt" >"$dir/etc/npmrc"
    fi
fi

# The chroot's git clones from a bare mirror of SOURCE_REPO placed inside it (a worktree's
# .git is a pointer the chroot could not follow).
log "cloning $src at ${commit:0:12}"
rm -rf "$dir/srv/helm-panda.git" "$dir/root/helm-panda"
mkdir -p "$dir/srv"
git clone -q --bare --no-local "$src" "$dir/srv/helm-panda.git"
git -C "$dir/srv/helm-panda.git" update-ref refs/heads/fresh-check "$commit"
in_chroot git clone -q -b fresh-check /srv/helm-panda.git /root/helm-panda

# The README's first two fenced code blocks, verbatim
awk '/^```/ { if (inb) { inb = 0; n++; if (n == 2) exit; next } inb = 1; next }
     inb { print > (out "." n + 1) }' out="$dir/root/readme-block" "$dir/root/helm-panda/README.md"
[ -s "$dir/root/readme-block.1" ] && [ -s "$dir/root/readme-block.2" ] ||
    die "README.md: fewer than two fenced code blocks"

fail=0
results=()
for n in $blocks; do
    cmd=$(cat "$dir/root/readme-block.$n")
    log "README block $n: $cmd"
    start=$(date +%s)
    set +e
    in_chroot bash -c "cd /root/helm-panda && bash -e /root/readme-block.$n" 2>&1 | tee "$dir.block$n.log"
    rc=${PIPESTATUS[0]}
    set -e
    secs=$(($(date +%s) - start))
    results+=("README block $n: exit $rc after ${secs}s: $cmd (log: $dir.block$n.log)")
    [ "$rc" = 0 ] || fail=1
done
for r in "${results[@]}"; do echo "fresh-machine-check: $r"; done
if [ $fail = 0 ]; then echo "fresh-machine-check: PASS (Debian $(cat "$dir/etc/debian_version"), commit ${commit:0:12})"; fi
exit $fail
