#!/bin/sh
# Prints the path of cJSON.c from Debian's own source package of the installed libcjson-dev
# (Debian ships no libcjson.a, so the static build compiles this one file into the binary).
# The source comes only from Debian (apt-get source, patches applied by dpkg-source, the
# version pinned to the installed headers); it is kept in $HP_TOOLS_CACHE/dist.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
. "$root/scripts/versions.env"
arch=${1:-$(dpkg --print-architecture)}
ver=$(dpkg-query -W -f='${Version}' "libcjson-dev:$arch" 2>/dev/null || true)
if [ -z "$ver" ]; then
    echo "dist: libcjson-dev:$arch is not installed: run scripts/deps.sh" >&2
    exit 1
fi
dir=$HP_TOOLS_CACHE/dist/cjson-$ver
if [ ! -f "$dir/src/cJSON.c" ]; then
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp"
    if ! (cd "$dir.tmp" && apt-get source -qq "cjson=$ver" >apt-source.log 2>&1); then
        echo "dist: 'apt-get source cjson=$ver' failed (deb-src entries: scripts/deps.sh adds them):" >&2
        tail -5 "$dir.tmp/apt-source.log" >&2
        exit 1
    fi
    mkdir -p "$dir/src"
    cp "$dir.tmp"/cjson-*/cJSON.c "$dir.tmp"/cjson-*/cJSON.h "$dir/src/"
    rm -rf "$dir.tmp"
fi
echo "$dir/src/cJSON.c"
