#!/bin/sh
# helm plugin install/update hook: build bin/helm-panda from source in the plugin directory.
# Says exactly which packages are missing instead of failing inside the compiler.
# $1: install or update (plugin.yaml says which).
set -eu
mode=${1:-install}
dir=${HELM_PLUGIN_DIR:-$(cd "$(dirname "$0")/.." && pwd)}

# A failed install must not leave the plugin registered: helm keeps the link (a local checkout)
# or folder it made, lists a plugin that cannot run, and the next `helm plugin install` says
# "plugin already exists". A failed update keeps the plugin: its earlier binary still runs.
unregister() {
    rc=$?
    [ "$rc" -ne 0 ] && [ "$mode" = install ] && [ -n "${HELM_PLUGIN_DIR:-}" ] || return 0
    if [ -L "$HELM_PLUGIN_DIR" ]; then
        rm -f "$HELM_PLUGIN_DIR" # the link only: the checkout stays
    elif [ "$(basename "$(dirname "$HELM_PLUGIN_DIR")")" = plugins ] && [ -f "$HELM_PLUGIN_DIR/plugin.yaml" ] &&
        [ -f "$HELM_PLUGIN_DIR/scripts/install-hook.sh" ]; then
        rm -rf "$HELM_PLUGIN_DIR"
    else
        return "$rc"
    fi
    echo "helm-panda: error: the install failed; the plugin is not registered (fix the above, then install again)" >&2
    return "$rc"
}
trap unregister EXIT

# helm updates a plugin installed from a local checkout only when the checkout's folder has the
# name of its origin URL's last part (helm 3 and 4 look for plugins/<that name>): `git clone
# URL` without .git gives that; otherwise say how to update instead.
update_note() {
    [ "$mode" = install ] && [ -L "${HELM_PLUGIN_DIR:-}" ] || return 0
    src=$(cd "$HELM_PLUGIN_DIR" && pwd -P)
    origin=$(git -C "$src" remote get-url origin 2>/dev/null) || origin=""
    [ -n "$origin" ] && [ "$(basename "$origin")" = "$(basename "$HELM_PLUGIN_DIR")" ] && return 0
    echo "helm-panda: note: 'helm plugin update panda' cannot update this checkout (helm looks for a plugin" \
        "folder named after its origin URL${origin:+, $(basename "$origin")}); update it with:"
    echo "  git -C $src pull && $src/scripts/install-hook.sh update"
}

cd "$dir"
# Tests install a staging copy whose bin/helm-panda is already the binary under test.
if [ -n "${HELM_PANDA_PREBUILT:-}" ] && [ -x bin/helm-panda ]; then
    update_note
    exit 0
fi
scripts/check-deps.sh
# a make that runs us (tests) must not leak its variables (BIN, CC, sanitizer CFLAGS) into this build
env -u MAKEFLAGS -u MFLAGS -u MAKELEVEL make -s BUILD=build BIN=bin/helm-panda >/dev/null
echo "helm-panda: built $dir/bin/helm-panda"
update_note
