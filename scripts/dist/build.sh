#!/bin/sh
# scripts/dist/build.sh ARCH OUT: a static, stripped bin/helm-panda for linux/ARCH (amd64 or
# arm64) at OUT, from Debian's static libraries (the :arm64 multiarch ones with Debian's cross
# compiler) plus cJSON.c from Debian's source package (scripts/dist/cjson-source.sh).
# Reproducible: no path of the build folder reaches the binary (-ffile-prefix-map, stripped),
# objects are archived in sorted order by a deterministic ar, nothing reads the clock.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
arch=$1 out=$2
case $arch in
    amd64) triplet=x86_64-linux-gnu cc=${HP_DIST_CC_amd64:-gcc} ;;
    arm64) triplet=aarch64-linux-gnu cc=${HP_DIST_CC_arm64:-aarch64-linux-gnu-gcc} ;;
    *) echo "dist: unknown arch '$arch' (amd64 or arm64)" >&2; exit 1 ;;
esac
libdir=/usr/lib/$triplet
missing=""
command -v "$cc" >/dev/null 2>&1 || missing="$missing $cc"
for lib in yaml sodium crypto archive nettle z; do
    [ -f "$libdir/lib$lib.a" ] || missing="$missing $libdir/lib$lib.a"
done
if [ -n "$missing" ]; then
    echo "dist: linux/$arch needs$missing: run scripts/deps.sh (its dist part)" >&2
    exit 1
fi
build=$root/build-dist/$arch
mkdir -p "$build/cjson"
cjson=$("$root/scripts/dist/cjson-source.sh" "$arch")
flags="-O2 -ffile-prefix-map=$root=. -ffile-prefix-map=$(dirname "$cjson")=cjson"
# shellcheck disable=SC2086
"$cc" -std=c11 $flags -c "$cjson" -o "$build/cjson/cJSON.o"
# the library and main as `make` builds them, with this compiler, these flags and static libraries
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s -C "$root" \
    BUILD="$build" BIN="$out" CC="$cc" CFLAGS="$flags" LDFLAGS="-static -s -Wl,--gc-sections" PKG_CFLAGS="-I$(dirname "$cjson")" \
    PKG_LIBS="$build/cjson/cJSON.o $libdir/libyaml.a $libdir/libsodium.a $libdir/libarchive.a $libdir/libnettle.a $libdir/libcrypto.a $libdir/libz.a" \
    "$out"
