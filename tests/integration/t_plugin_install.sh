# `helm plugin install <dir>` from a clean copy of the repository runs the install hook, which
# builds the binary: what a user gets from a git checkout.
. "$HP_ROOT/tests/integration/lib.sh"
src=$T/clone/helm-panda
mkdir -p "$src"
(cd "$ROOT" && git ls-files -z --cached --others --exclude-standard | xargs -0 cp --parents -t "$src" 2>/dev/null)
run helm plugin install "$src"
expect_rc 0 "helm plugin install from a clean source tree"
expect_out "built .*/bin/helm-panda|Installed plugin: panda" "install hook built the binary"
run helm plugin list
expect_out '^panda' "helm plugin list shows panda"
run helm panda version
expect_rc 0 "the installed plugin runs"
# the hook names missing packages instead of failing inside the compiler
run env PATH=/usr/bin:/bin PKG_CONFIG_PATH=/nonexistent PKG_CONFIG_LIBDIR=/nonexistent sh "$src/scripts/check-deps.sh"
expect_rc 1 "check-deps fails when libraries are missing"
expect_err 'apt-get install -y .*libsodium-dev' "check-deps names the packages to install"
