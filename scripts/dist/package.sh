#!/bin/sh
# scripts/dist/package.sh DIST VERSION "ARCHES": from the static binaries DIST/helm-panda-linux-ARCH
# (scripts/dist/build.sh), the release packages that install with helm's own downloader, no
# compiler:
#   panda-V-linux-ARCH.tgz, panda-sops-V-linux-ARCH.tgz  helm 3 (legacy plugin.yaml), one per arch
#   panda-V.tgz, panda-sops-V.tgz   helm 4 native (apiVersion v1, cli/v1 and getter/v1), every
#                                    arch inside, runtimeConfig.platformCommand picking one
#   SHA256SUMS                       of all of the above and the bare binaries
# Signing the helm 4 packages (.prov) is scripts/dist/sign.sh's job. Reproducible: entries sorted,
# mtimes SOURCE_DATE_EPOCH, owner 0:0, modes normalised, gzip without name or time.
set -eu
root=$(cd "$(dirname "$0")/../.." && pwd)
dist=$1 version=$2 arches=$3
: "${SOURCE_DATE_EPOCH:?SOURCE_DATE_EPOCH must be set (make dist sets it from git)}"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT

# tgz OUT DIR: DIR's content at the archive's root (helm 3 reads plugin.yaml only there)
tgz() {
    (cd "$2" && find . -mindepth 1 -print | LC_ALL=C sort) | sed 's|^\./||' >"$stage/list"
    tar -C "$2" --no-recursion --format=gnu --mtime="@$SOURCE_DATE_EPOCH" --owner=0 --group=0 \
        --numeric-owner --mode='u=rwX,go=rX' -cf - -T "$stage/list" | gzip -9n >"$1"
}

usage='deploy the PanDA workload-management system (ordered releases, SOPS/age secrets)'
getter_usage='helm getter for sops:// values files, decrypted in memory by helm-panda'
for arch in $arches; do
    [ -x "$dist/helm-panda-linux-$arch" ] || { echo "dist: $dist/helm-panda-linux-$arch missing" >&2; exit 1; }
    d=$stage/panda-$arch
    mkdir -p "$d/bin"
    cp "$dist/helm-panda-linux-$arch" "$d/bin/helm-panda"
    cp "$root/completion.yaml" "$root/plugin.complete" "$d/"
    sed -e "/^#/d" -e "s/@VERSION@/$version/" -e "s|@USAGE@|$usage|" "$root/scripts/dist/legacy-cli.yaml" >"$d/plugin.yaml"
    tgz "$dist/panda-$version-linux-$arch.tgz" "$d"
    g=$stage/panda-sops-$arch
    mkdir -p "$g/bin"
    cp "$dist/helm-panda-linux-$arch" "$g/bin/helm-panda"
    sed -e "/^#/d" -e "s/@VERSION@/$version/" -e "s|@USAGE@|$getter_usage|" "$root/scripts/dist/legacy-getter.yaml" >"$g/plugin.yaml"
    tgz "$dist/panda-sops-$version-linux-$arch.tgz" "$g"
done

# helm 4: one package per plugin holding every arch; helm runs the one platformCommand names
n=$stage/panda
g=$stage/panda-sops
mkdir -p "$n" "$g"
cp "$root/completion.yaml" "$n/"
cp "$root/scripts/dist/native-complete.sh" "$n/plugin.complete"
{ sed -e "/^#/d" -e "s/@VERSION@/$version/" -e "s|@USAGE@|$usage|" "$root/scripts/dist/native-cli.yaml"
  for arch in $arches; do
      printf '    - os: linux\n      arch: %s\n      command: "$HELM_PLUGIN_DIR/bin/linux-%s/helm-panda"\n' "$arch" "$arch"
  done; } >"$n/plugin.yaml"
{ sed -e "/^#/d" -e "s/@VERSION@/$version/" -e "s|@USAGE@|$getter_usage|" "$root/scripts/dist/native-getter.yaml"
  for arch in $arches; do
      printf '        - os: linux\n          arch: %s\n          command: "bin/linux-%s/helm-panda"\n          args: ["downloader"]\n' "$arch" "$arch"
  done; } >"$g/plugin.yaml"
for arch in $arches; do
    mkdir -p "$n/bin/linux-$arch" "$g/bin/linux-$arch"
    cp "$dist/helm-panda-linux-$arch" "$n/bin/linux-$arch/helm-panda"
    cp "$dist/helm-panda-linux-$arch" "$g/bin/linux-$arch/helm-panda"
done
tgz "$dist/panda-$version.tgz" "$n"
tgz "$dist/panda-sops-$version.tgz" "$g"

(cd "$dist" && rm -f SHA256SUMS && find . -maxdepth 1 -type f ! -name '*.prov' -printf '%f\n' | LC_ALL=C sort |
    xargs sha256sum >"$stage/sums" && mv "$stage/sums" SHA256SUMS)
