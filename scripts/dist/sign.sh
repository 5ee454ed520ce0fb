#!/bin/sh
# scripts/dist/sign.sh DIST KEY: signs the helm 4 packages of DIST (panda-V.tgz, panda-sops-V.tgz)
# with the gpg key KEY (of $GNUPGHOME), writing NAME.tgz.prov as `helm plugin package --sign`
# does: a clearsigned message of the plugin.yaml, "...", then the sha256 of the package under
# its file name. helm 4 checks it on `helm plugin install` (by URL: NAME.tgz.prov beside it; by
# OCI: a layer of the same artifact) against the keyring given with --keyring.
set -eu
dist=$1 key=$2
signed=0
for pkg in "$dist"/panda-[0-9]*.tgz "$dist"/panda-sops-[0-9]*.tgz; do
    [ -f "$pkg" ] || continue
    case $pkg in *-linux-*) continue ;; esac  # helm 3's packages: helm 3 reads no .prov
    name=$(basename "$pkg")
    msg=$(mktemp)
    tar -xzOf "$pkg" plugin.yaml >"$msg"
    printf '\n...\nfiles:\n  %s: sha256:%s\n' "$name" "$(sha256sum "$pkg" | cut -d' ' -f1)" >>"$msg"
    if ! gpg --batch --yes --quiet --local-user "$key" --clearsign --output "$pkg.prov" "$msg"; then
        rm -f "$msg"
        echo "dist: signing $name with '$key' failed" >&2
        exit 1
    fi
    rm -f "$msg"
    signed=$((signed + 1))
done
[ "$signed" -gt 0 ] || { echo "dist: no helm 4 package in $dist to sign (make dist first)" >&2; exit 1; }
echo "dist: signed $signed packages with $key"
