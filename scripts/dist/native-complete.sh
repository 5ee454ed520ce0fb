#!/bin/sh
# helm's dynamic completion hook in the helm 4 package, which holds one binary per arch
case $(uname -m) in
    aarch64 | arm64) arch=arm64 ;;
    *) arch=amd64 ;;
esac
exec "${HELM_PLUGIN_DIR:-$(dirname "$0")}/bin/linux-$arch/helm-panda" __complete "$@"
