#!/bin/sh
# The README's main job: helm panda, installed as a plugin into a private helm home under
# build/demo, renders the bundled example deployment testdata/deploy.
set -eu
cd "$(dirname "$0")/.."
helm=$(cd "$(dirname "$1")" && pwd)/$(basename "$1")
export HELM_DATA_HOME="$PWD/build/demo/data" HELM_CONFIG_HOME="$PWD/build/demo/config" HELM_CACHE_HOME="$PWD/build/demo/cache"
"$helm" plugin uninstall panda >/dev/null 2>&1 || true
"$helm" plugin install . >/dev/null
echo "# helm $("$helm" version --template '{{.Version}}'): helm panda template -C testdata/deploy -e sphenix" >&2
"$helm" panda template -C testdata/deploy -e sphenix
