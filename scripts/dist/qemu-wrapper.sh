#!/bin/sh
# scripts/dist/qemu-wrapper.sh ARM64-BINARY OUT: writes OUT, an executable that runs the arm64
# binary under qemu-aarch64-static (Debian's qemu-user-static) with the arguments it is given,
# so tests take it as HP_BIN on an amd64 machine without binfmt_misc.
set -eu
bin=$1 out=$2
qemu=$(command -v qemu-aarch64-static || true)
[ -n "$qemu" ] || { echo "dist: qemu-aarch64-static missing (Debian qemu-user-static): run scripts/deps.sh" >&2; exit 1; }
case $bin in /*) ;; *) echo "dist: $bin: an absolute path, please (tests run from other folders)" >&2; exit 1 ;; esac
# the tests must run an arm64 binary, not the host's by mistake
readelf -h "$bin" 2>/dev/null | grep -q 'Machine: *AArch64' || { echo "dist: $bin is not an arm64 ELF binary" >&2; exit 1; }
mkdir -p "$(dirname "$out")"
printf '#!/bin/sh\nexec %s %s "$@"\n' "$qemu" "$bin" >"$out.tmp"
chmod +x "$out.tmp"
mv "$out.tmp" "$out"
"$out" version >/dev/null || { echo "dist: $out does not run $bin" >&2; exit 1; }
