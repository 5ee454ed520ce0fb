# The sops:// getter (getter/plugin.yaml, plugin "panda-sops"): plain `helm template x chart
# -f sops://PATH` reads the values through `helm-panda downloader`, with helm 3 and helm 4.
# It is a plugin of its own: helm 4 makes a plugin with `downloaders:` a getter-only plugin.
. "$HP_ROOT/tests/integration/lib.sh"
. "$HP_ROOT/tests/integration/secrets_lib.sh"
install_plugin || exit 1
stage=$T/getter-src/panda-sops
mkdir -p "$stage/bin"
cp "$ROOT/getter/plugin.yaml" "$stage/"
# record the exact command line helm builds, then run the binary under test
cat >"$stage/bin/helm-panda" <<EOS
#!/bin/sh
printf '%s|' "\$@" >"$T/getter.argv"
exec "$HP_BIN" "\$@"
EOS
chmod +x "$stage/bin/helm-panda"
helm plugin install "$stage" >"$T/install.log" 2>&1 && ok "getter plugin installs" ||
    { not_ok "getter plugin installs"; cat "$T/install.log"; }
run helm panda version
expect_rc 0 "helm panda still works beside the getter plugin"

cd "$T" || exit 1
new_root "$T/r"
helm template x r/secrets -f r/secrets/values-prod.yaml >"$T/want.yaml"
run helm template x r/secrets -f sops://r/secrets/values-prod.yaml
expect_rc 0 "helm template -f sops://relative/path"
cmp -s "$T/out" "$T/want.yaml" && ok "sops:// values render as the file itself" || not_ok "sops:// render differs"
[ "$(cat "$T/getter.argv")" = "downloader||||sops://r/secrets/values-prod.yaml|" ] &&
    ok "helm runs: downloader certFile keyFile caFile URL" || not_ok "getter argv: $(cat "$T/getter.argv")"
run helm template x r/secrets -f "sops://$T/r/secrets/values-prod.yaml"
cmp -s "$T/out" "$T/want.yaml" && ok "sops:///absolute/path" || { not_ok "sops:// absolute path"; show; }
run helm template x r/secrets -f sops://r/secrets/nope.yaml
[ "$RC" -ne 0 ] && ok "missing sops:// file fails" || not_ok "missing sops:// file fails"
expect_err 'helm-panda: error: r/secrets/nope.yaml: ' "the error names the file"
run "$HP_BIN" downloader a b
expect_rc 2 "downloader with the wrong arguments: usage error"

# a real SOPS 3.7.1 file through the getter: helm gets its plaintext
helm template x r/secrets -f "$ROOT/testdata/sops/secrets.expected.json" >"$T/want-sops.yaml"
SOPS_AGE_KEY_FILE=$T/key.txt run helm template x r/secrets -f "sops://$ROOT/testdata/sops/secrets.age.yaml"
expect_rc 0 "helm template -f sops://<real SOPS file>"
cmp -s "$T/out" "$T/want-sops.yaml" && ok "real SOPS file decrypted by the getter" || { not_ok "sops:// SOPS render differs"; show; }
SOPS_AGE_KEY_FILE=$T/otherkey.txt run helm template x r/secrets -f "sops://$ROOT/testdata/sops/secrets.age.yaml"
[ "$RC" -ne 0 ] && ok "wrong key fails through the getter" || not_ok "wrong key through the getter"
expect_err "helm-panda: error: $ROOT/testdata/sops/secrets.age.yaml: " "getter: the error names the file"

sops_encrypt_available && ok "our encrypt writes SOPS files" || not_ok "our encrypt writes no SOPS files"
cp r/secrets/values-prod.yaml "$T/enc.yaml"
"$HP_BIN" secrets encrypt -r "$AGE_RECIPIENT" -i "$T/enc.yaml"
SOPS_AGE_KEY_FILE=$T/key.txt run helm template x r/secrets -f sops://enc.yaml
expect_rc 0 "helm template -f sops://encrypted.yaml"
cmp -s "$T/out" "$T/want.yaml" && ok "encrypted values decrypted by the getter" || not_ok "encrypted sops:// differs"
SOPS_AGE_KEY_FILE=$T/otherkey.txt run helm template x r/secrets -f sops://enc.yaml
[ "$RC" -ne 0 ] && ok "wrong key fails through the getter" || not_ok "wrong key through the getter"
