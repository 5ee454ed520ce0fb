# The docs' GitHub Actions example (issue 25), as written: its "install, upgrade, status,
# uninstall" step is taken from whichever page holds it (README.md or docs/*.md), with
# ${{ matrix.helm }} this round's helm, GITHUB_WORKSPACE the repository and namespace panda
# replaced by a fresh one, and run with bash -e as GitHub runs `run:` steps. Then its closing
# check ("no release left") is run with a release present: it must fail, under helm 3 and 4
# (the first example's `helm list -a` was refused by helm 4, and the check passed anyway).
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns ci) || exit 1
ver=v3.17.2
[ "$HELM_MAJOR" = 4 ] && ver=v4.1.4
# the step's `run: |` lines, dedented, from the first page that has the step
step=$T/step.sh
for page in "$ROOT/README.md" "$ROOT"/docs/*.md; do
    awk '/- name: install, upgrade, status, uninstall/ {on=1; next}
         on && /run: \|/ {run=1; next}
         run && /^ *- (name|uses):/ {exit}
         run && /^```/ {exit}
         run {print}' "$page" | sed 's/^          //' >"$step"
    [ -s "$step" ] && break
done
[ -s "$step" ] && ok "the CI example's step found in the docs" || { not_ok "no CI example step in README.md or docs/"; exit 1; }
sed -i -e "s/\${{ matrix.helm }}/$ver/g" -e "s/ -n panda / -n $ns /g" "$step"
run env GITHUB_WORKSPACE="$ROOT" bash -e "$step"
expect_rc 0 "the CI example's step passes (helm $ver)"
# its last lines, from the "no release left" check on, must fail while a release is left
check=$T/check.sh
sed -n '/panda uninstall/,$p' "$step" | tail -n +2 >"$check"
[ -s "$check" ] && ok "the example ends with a 'no release left' check" || not_ok "no check after uninstall"
helm -n "$ns" panda install -C "$ROOT/testdata/deploy" -c msgsvc --timeout 5m >/dev/null 2>&1 ||
    not_ok "install one release for the check"
run env GITHUB_WORKSPACE="$ROOT" bash -e "$check"
[ "$RC" -ne 0 ] && ok "the example's check fails with a release left (helm $ver)" ||
    { not_ok "the example's check passed with a release left"; cat "$check"; show; }
helm -n "$ns" panda uninstall -C "$ROOT/testdata/deploy" -c msgsvc >/dev/null 2>&1
