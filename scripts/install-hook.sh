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
# a prebuilt, up-to-date binary (e.g. installed from a local checkout) is kept as is
# A hook run from inside another make (e.g. `make asan` running the tests) inherits that make's
# command-line variables through MAKEFLAGS; BIN/BUILD there would put the binary elsewhere.
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES BIN BUILD
make -s >/dev/null
echo "helm-panda: built $dir/bin/helm-panda"
