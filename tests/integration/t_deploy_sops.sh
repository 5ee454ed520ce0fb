# SOPS values files in a deployment: decrypted in memory and handed to helm as /dev/fd/N,
# including the affix read from an encrypted secrets/values.yaml. Files are encrypted with
# our own `helm panda secrets encrypt` to a key made by the age CLI (age-keygen).
. "$HP_ROOT/tests/integration/lib.sh"

cp -r "$ROOT/testdata/deploy" "$T/tree"
cp -r "$ROOT/testdata/deploy" "$T/plain"
R=$T/tree
# no HELM_BIN: the plugin run directly finds helm on PATH, as when run by hand
age-keygen -o "$T/key.txt" 2>/dev/null
recipient=$(grep -o 'age1[a-z0-9]*' "$T/key.txt")
sed -i 's/^affix: .*/affix: enc-/' "$R/secrets/values.yaml" "$T/plain/secrets/values.yaml"
for f in secrets/values.yaml helm/panda/values/values-lsst.yaml helm/iam/values.yaml; do
    "$HP_BIN" secrets encrypt -r "$recipient" -i "$R/$f" || not_ok "encrypt $f"
done
grep -q 'ENC\[AES256_GCM' "$R/helm/panda/values/values-lsst.yaml" && ok "values-lsst.yaml is a SOPS file" \
    || not_ok "values-lsst.yaml encrypted"
touch "$T/stamp"
sleep 0.01

# the plan says which files are SOPS files, without decrypting them
run env SOPS_AGE_KEY_FILE="$T/key.txt" "$HP_BIN" install -C "$R" -e lsst --dry-run
expect_out "^#   $R/helm/panda/values/values-lsst.yaml: SOPS, decrypted in memory" "--dry-run marks the SOPS values file"
[ "$(grep -c ': SOPS, decrypted' "$T/out")" -eq 2 ] && ok "--dry-run marks only the two SOPS values files" \
    || { not_ok "SOPS marks"; show; }

# the same render as from the plaintext tree
run env SOPS_AGE_KEY_FILE="$T/key.txt" "$HP_BIN" template -C "$R" -e lsst -q
expect_rc 0 "template with SOPS values files"
"$HP_BIN" template -C "$T/plain" -e lsst -q >"$T/expected" 2>/dev/null
sed "s#$T/plain#$R#g" "$T/expected" >"$T/expected2"
if cmp -s "$T/out" "$T/expected2"; then ok "render equals the plaintext tree's"
else not_ok "render differs from plaintext"; diff "$T/out" "$T/expected2" | head; fi
expect_out 'name: enc-panda-server' "affix read from the encrypted secrets/values.yaml"
expect_out 'vo: "lsst"' "encrypted values-lsst.yaml reached helm"
[ -z "$(find "$T" -newer "$T/stamp" -type f ! -path "$T/helmhome/*" ! -name out ! -name err ! -name 'expected*')" ] \
    && ok "no file written (no plaintext on disk)" || { not_ok "files were written"; find "$T" -newer "$T/stamp" -type f; }

# --identity instead of the environment; the argv has /dev/fd/N instead of the file
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm
run env HELM_BIN="$ROOT/tests/integration/helm_recorder.sh" "$HP_BIN" install -C "$R" -e lsst -c msgsvc,iam,panda --identity "$T/key.txt" -q
expect_rc 0 "install with SOPS values (checked by helm 4 install --dry-run=client)"
grep -P '^A \d+\tupgrade\t--install\tenc-panda\t' "$T/rec.log" | grep -Pq '\t-f\t/dev/fd/\d+\t--set' \
    && ok "panda's encrypted values-lsst.yaml passed as /dev/fd/N" || { not_ok "/dev/fd/N in panda argv"; cat "$T/rec.log"; }
grep -P '^A \d+\tupgrade\t--install\tenc-iam\t' "$T/rec.log" | grep -Pq '\t-f\t/dev/fd/\d+\t' \
    && ok "iam's encrypted values.yaml passed as /dev/fd/N" || not_ok "/dev/fd/N in iam argv"
grep -q -e "panda/values/values-lsst.yaml" -e "iam/values.yaml" "$T/rec.log" && not_ok "encrypted file path given to helm" || ok "the encrypted file's path is not given to helm"

# no key: one line naming the file, exit 1, no release call
rm -f "$T/rec.log"
run env -u SOPS_AGE_KEY_FILE XDG_CONFIG_HOME=$T/none HELM_BIN="$ROOT/tests/integration/helm_recorder.sh" \
    "$HP_BIN" install -C "$R" -a x- -e lsst -c panda
expect_rc 1 "no key: exit 1"
expect_err "helm-panda: error: $R/helm/panda/values/values-lsst.yaml: .*age identity" "no key: names the file"
[ "$(wc -l <"$T/err")" -eq 1 ] && ok "no key: one line" || { not_ok "no key: one line"; show; }
# (the version probe may have run: the recorder logs it as a V line)
[ -z "$(grep -v '^V ' "$T/rec.log" 2>/dev/null)" ] && ok "no key: no helm release call" || not_ok "no key: helm was called"
run env -u SOPS_AGE_KEY_FILE XDG_CONFIG_HOME=$T/none "$HP_BIN" install -C "$R" -c panda --dry-run
expect_rc 1 "no key for the encrypted affix file: exit 1, as for values files"
expect_err "secrets/values.yaml" "encrypted affix file without key names the file"

# a whole values file encrypted with the age CLI (armored, as kept in git) is decrypted the
# same way: marked in the plan, rendered as from plaintext
cp -r "$ROOT/testdata/deploy" "$T/agetree"
A=$T/agetree
age -a -r "$recipient" -o "$T/lsst.age" "$A/helm/panda/values/values-lsst.yaml"
mv "$T/lsst.age" "$A/helm/panda/values/values-lsst.yaml"
run env SOPS_AGE_KEY_FILE="$T/key.txt" "$HP_BIN" template -C "$A" -e lsst --dry-run
expect_out "^#   $A/helm/panda/values/values-lsst.yaml: age, decrypted in memory" "--dry-run marks the age values file"
run env SOPS_AGE_KEY_FILE="$T/key.txt" "$HP_BIN" template -C "$A" -e lsst -c panda -d iam,msgsvc -q
expect_rc 0 "template with an age-encrypted values file"
expect_out 'vo: "lsst"' "the age-encrypted values-lsst.yaml reached helm"
run env -u SOPS_AGE_KEY_FILE XDG_CONFIG_HOME=$T/none "$HP_BIN" template -C "$A" -e lsst -c panda -d iam,msgsvc -q
expect_rc 1 "age values file without a key: exit 1"
expect_err "values-lsst.yaml: .*age identity" "age values file without a key names the file"

# one run loads the identities once: the encrypted affix file and the encrypted values files
# share them (SOPS_AGE_KEY_CMD, which may prompt for a password, runs a single time)
printf '#!/bin/sh\necho run >>"%s/keycmd.count"\ncat "%s/key.txt"\n' "$T" "$T" >"$T/keycmd"
chmod +x "$T/keycmd"
rm -f "$T/keycmd.count"
run env -u SOPS_AGE_KEY_FILE XDG_CONFIG_HOME=$T/none SOPS_AGE_KEY_CMD="$T/keycmd" "$HP_BIN" template -C "$R" -e lsst -q
expect_rc 0 "template with the key from SOPS_AGE_KEY_CMD"
expect_out 'name: enc-panda-server' "SOPS_AGE_KEY_CMD: affix read from the encrypted secrets/values.yaml"
[ "$(wc -l <"$T/keycmd.count")" -eq 1 ] && ok "SOPS_AGE_KEY_CMD ran once for the affix and every values file" ||
    { not_ok "SOPS_AGE_KEY_CMD ran $(wc -l <"$T/keycmd.count") times"; }
