# A local checkout as the docs install it (issue 25): `helm plugin update panda` works when the
# checkout's folder is named after its origin URL (git clone's default), and the install hook
# says how to update otherwise; a failed install hook leaves no plugin registered, so the next
# install works. The checkouts hold the binary under test (HELM_PANDA_PREBUILT) except where
# the build must fail.
. "$HP_ROOT/tests/integration/lib.sh"
need_tools git
export GIT_AUTHOR_NAME=t GIT_AUTHOR_EMAIL=t@example.org GIT_COMMITTER_NAME=t GIT_COMMITTER_EMAIL=t@example.org
# the "upstream" repository: the plugin's files and bin/helm-panda -> the binary under test
up=$T/srv/helm-panda
mkdir -p "$up/bin"
cp "$ROOT/plugin.yaml" "$ROOT/completion.yaml" "$ROOT/plugin.complete" "$up/"
cp -r "$ROOT/scripts" "$up/"
ln -s "$HP_BIN" "$up/bin/helm-panda"
git -C "$up" init -q && git -C "$up" add -A && git -C "$up" commit -qm v1 || { not_ok "upstream repository"; exit 1; }
export HELM_PANDA_PREBUILT=1

# -- a clone named after its origin (git clone URL): helm plugin update pulls and runs the hook
git clone -q "$up" "$T/co/helm-panda"
run helm plugin install "$T/co/helm-panda"
expect_rc 0 "install from a clone named after its origin"
grep -q "cannot update this checkout" "$T/out" "$T/err" && not_ok "the hook warned about update for a matching clone" ||
    ok "no update note when the folder matches its origin"
echo "# v2" >>"$up/scripts/install-hook.sh" && git -C "$up" commit -qam v2
run helm plugin update panda
expect_rc 0 "helm plugin update panda after installing from a local clone"
[ "$(git -C "$T/co/helm-panda" log -1 --format=%s)" = v2 ] && ok "update pulled the new commit into the checkout" ||
    { not_ok "update did not pull"; show; }
run helm panda version
expect_rc 0 "the plugin runs after the update"
helm plugin uninstall panda >/dev/null 2>&1

# -- a clone under another name (or of a URL ending .git): the hook says how to update
git clone -q "$up" "$T/co/my-panda"
run helm plugin install "$T/co/my-panda"
expect_rc 0 "install from a clone named otherwise"
expect_out "^helm-panda: note: 'helm plugin update panda' cannot update this checkout .*helm-panda\); update it with:$" \
    "the hook says helm plugin update will not find it"
cmd=$(sed -n 's/^  \(git -C .* pull && .*install-hook.sh update\)$/\1/p' "$T/out")
echo "# v3" >>"$up/scripts/install-hook.sh" && git -C "$up" commit -qam v3
run sh -c "$cmd"
expect_rc 0 "the update command the hook printed works: $cmd"
[ "$(git -C "$T/co/my-panda" log -1 --format=%s)" = v3 ] && ok "it pulled the new commit" || not_ok "no pull"
helm plugin uninstall panda >/dev/null 2>&1

# -- a failed build: nothing stays registered, installing again works
git clone -q "$up" "$T/co/broken/helm-panda"
rm "$T/co/broken/helm-panda/bin/helm-panda"
run env -u HELM_PANDA_PREBUILT PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent \
    helm plugin install "$T/co/broken/helm-panda"
[ "$RC" -ne 0 ] && ok "install fails when the build prerequisites are missing" || not_ok "install passed without libraries"
expect_err "apt-get install -y .*libsodium-dev" "it names the packages"
expect_err "the plugin is not registered" "it says the plugin is not registered"
run helm plugin list
grep -q '^panda' "$T/out" && { not_ok "helm plugin list still shows panda after the failed install"; show; } ||
    ok "helm plugin list does not show panda after the failed install"
[ -d "$T/co/broken/helm-panda/scripts" ] && ok "the checkout itself is left as it was" || not_ok "the checkout was removed"
ln -s "$HP_BIN" "$T/co/broken/helm-panda/bin/helm-panda"
run helm plugin install "$T/co/broken/helm-panda"
expect_rc 0 "installing again after the failure works (no 'plugin already exists')"
run helm panda version
expect_rc 0 "and the plugin runs"
