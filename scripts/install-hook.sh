#!/bin/sh
# helm plugin install/update hook: build bin/helm-panda from source in the plugin directory.
# Says exactly which packages are missing instead of failing inside the compiler.
set -eu
dir=${HELM_PLUGIN_DIR:-$(cd "$(dirname "$0")/.." && pwd)}
cd "$dir"
# Tests install a staging copy whose bin/helm-panda is already the binary under test.
if [ -n "${HELM_PANDA_PREBUILT:-}" ] && [ -x bin/helm-panda ]; then
    exit 0
fi
if ! scripts/check-deps.sh; then
    exit 1
fi
# a make that runs us (tests) must not leak its variables (BIN, CC, sanitizer CFLAGS) into this build
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s BUILD=build BIN=bin/helm-panda >/dev/null
echo "helm-panda: built $dir/bin/helm-panda"
