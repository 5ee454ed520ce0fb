# helm panda secrets template/upgrade/diff against real helm: byte-for-byte the render of
# `helm template panda-secrets` on the plaintext chart (plain and encrypted inputs, each
# in-memory way), the CRIC checks, and errors that stop before helm is called.
. "$HP_ROOT/tests/integration/lib.sh"
. "$HP_ROOT/tests/integration/secrets_lib.sh"
install_plugin || exit 1
cd "$T" || exit 1

new_root "$T/plain"
helm template panda-secrets "$T/plain/secrets" >"$T/want.yaml" 2>"$T/want.err" ||
    { not_ok "reference render"; cat "$T/want.err"; }
helm template panda-secrets "$T/plain/secrets" -f "$T/plain/secrets/values-prod.yaml" >"$T/want-prod.yaml"
grep -q 'HPSECRET-queue-5e6f' "$T/want.yaml" && ok "reference render sees files/ through .Files" ||
    not_ok "reference render lacks the CRIC file"

# plaintext chart through the plugin: same bytes, whatever way the chart reaches helm
for way in "" memfd pipe tmpfs; do
    HELM_PANDA_MEMFILE=$way run helm panda secrets template -C "$T/plain" --debug
    expect_rc 0 "secrets template (${way:-default})"
    cmp -s "$T/out" "$T/want.yaml" && ok "plaintext chart renders byte-for-byte as helm template (${way:-default})" ||
        { not_ok "render differs (${way:-default})"; diff "$T/want.yaml" "$T/out" | head -20; }
done
HELM_PANDA_MEMFILE= run helm panda secrets template -C "$T/plain" --debug
expect_err 'chart archive of [0-9]+ bytes handed to helm through a memfd' "--debug says memfd was used"
HELM_PANDA_MEMFILE=tmpfs run helm panda secrets template -C "$T/plain" --debug -e prod
expect_err 'through a tmpfs' "--debug says tmpfs was used"
cmp -s "$T/out" "$T/want-prod.yaml" && ok "-e prod adds secrets/values-prod.yaml" || not_ok "-e prod render differs"
HELM_PANDA_MEMFILE=pipe run helm panda secrets template -C "$T/plain" --debug -e prod
expect_err 'values-prod.yaml: plain, handed to helm through a pipe' "--debug says the values went through a pipe"
cmp -s "$T/out" "$T/want-prod.yaml" && ok "-e prod through a pipe" || not_ok "-e prod (pipe) render differs"

# root discovery and release name
(cd "$T/plain/secrets/templates" && helm panda secrets template >"$T/out" 2>"$T/err")
cmp -s "$T/out" "$T/want.yaml" && ok "root found by searching upwards" || not_ok "upward root search"
PANDA_K8S_DIR=$T/plain run helm panda secrets template --release other
expect_out 'name: other-passwords' "--release renames the release"
run helm panda secrets template -- --set panda.dbPassword=fromcli
expect_rc 2 "no root: usage error"
run helm panda secrets template -C "$T/plain" -- --set panda.dbPassword=fromcli
expect_out 'db: "fromcli"' "arguments after -- reach helm"

# .helmignore honoured like helm: ignored files absent, others present
grep -q 'scratch.tmp\|NOTES.txt\|hostkey.pem.bak' "$T/want.yaml" && not_ok "test chart: ignored files leak" ||
    ok "test chart exercises .helmignore"

# CRIC checks: each failure is one line, non-zero, and helm is never run
fake_helm
new_root "$T/nocric"
rm "$T/nocric/secrets/files/cric_jsons/panda_queues.json"
HELM_BIN=$T/fakehelm run "$HP_BIN" secrets template -C "$T/nocric"
[ "$RC" -ne 0 ] && ok "missing CRIC file fails" || not_ok "missing CRIC file fails"
expect_err "^helm-panda: error: $T/nocric/secrets/files/cric_jsons: panda_queues.json is missing" "names the missing file"
expect_lines "$T/err" 1 "missing CRIC file: one line"
helm_was_called && not_ok "helm called despite a missing CRIC file" || ok "no helm call (missing CRIC file)"
HELM_BIN=$T/fakehelm run "$HP_BIN" secrets template -C "$T/nocric" --skip-checks
expect_rc 0 "--skip-checks bypasses the CRIC checks"
helm_was_called && ok "--skip-checks calls helm" || not_ok "--skip-checks calls helm"

fake_helm
new_root "$T/badjson"
printf '{"TEST_SITE": {"name": "x",\n  "state": ,}}\n' >"$T/badjson/secrets/files/cric_jsons/sites.json"
HELM_BIN=$T/fakehelm run "$HP_BIN" secrets template -C "$T/badjson"
[ "$RC" -ne 0 ] && ok "broken CRIC JSON fails" || not_ok "broken CRIC JSON fails"
expect_err "^helm-panda: error: $T/badjson/secrets/files/cric_jsons/sites.json: invalid JSON at byte 39 \(line 2, column 12\)$" \
    "names the file and the byte offset"
expect_lines "$T/err" 1 "broken JSON: one line"
helm_was_called && not_ok "helm called despite broken JSON" || ok "no helm call (broken JSON)"

# a chart with no CRIC JSON files at all is a CRIC deployment: no checks
new_root "$T/cric"
rm -r "$T/cric/secrets/files/cric_jsons"
HELM_BIN=$T/fakehelm run "$HP_BIN" secrets template -C "$T/cric"
expect_rc 0 "no cric_jsons/: no checks"

# a .helmignore helm would refuse is refused the same way, before helm runs
fake_helm
new_root "$T/badignore"
echo 'files/**/x' >>"$T/badignore/secrets/.helmignore"
HELM_BIN=$T/fakehelm run "$HP_BIN" secrets template -C "$T/badignore"
expect_err 'secrets/.helmignore: line 7: double-star \(\*\*\) syntax is not supported' ".helmignore ** refused as helm does"
helm_was_called && not_ok "helm called despite a bad .helmignore" || ok "no helm call (bad .helmignore)"

# upgrade without a cluster: helm runs (and fails to reach a cluster) with the archive
KUBECONFIG=$T/none run helm panda secrets upgrade -C "$T/plain"
[ "$RC" -eq 1 ] && ok "upgrade without a cluster exits 1" || { not_ok "upgrade exit $RC"; show; }
expect_err 'failed +panda-secrets \(.*exit 1\)' "upgrade: the runner's progress line names the failed release"
expect_err '0 of 1 deployed; FAILED' "upgrade: the runner's summary"
run helm panda secrets diff -C "$T/plain"
[ "$RC" -ne 0 ] && ok "diff without helm-diff fails" || not_ok "diff without helm-diff fails"
expect_err 'helm diff plugin is not installed' "diff says helm-diff is missing"

# encrypted inputs, decrypted in memory: age files (ours and the age CLI's) under files/
export SOPS_AGE_KEY_FILE=$T/key.txt
new_root "$T/agec"
encrypt_age_files "$T/agec" && ok "certificates encrypted as age files (our encrypt and the age CLI)" ||
    not_ok "encrypting the certificates"
run helm panda secrets template -C "$T/agec" --debug
expect_rc 0 "secrets template with age files"
cmp -s "$T/out" "$T/want.yaml" && ok "age files: byte-for-byte the plaintext chart's render" ||
    { not_ok "age-file render differs"; diff "$T/want.yaml" "$T/out" | head -20; }
expect_err 'files, 2 decrypted in memory' "--debug counts the decrypted files"

# the chart's own values.yaml as a real SOPS 3.7.1 file: helm sees its plaintext only
new_root "$T/sopsref"
cp "$ROOT/testdata/sops/secrets.expected.json" "$T/sopsref/secrets/values.yaml"
helm template panda-secrets "$T/sopsref/secrets" >"$T/want-sops.yaml"
grep -q 'global: "global_age"' "$T/want-sops.yaml" && ok "reference render has the SOPS file's values" ||
    not_ok "reference render lacks global_secret"
new_root "$T/sopsv"
cp "$ROOT/testdata/sops/secrets.age.yaml" "$T/sopsv/secrets/values.yaml"
encrypt_age_files "$T/sopsv"
run helm panda secrets template -C "$T/sopsv"
expect_rc 0 "secrets template with a SOPS values.yaml"
cmp -s "$T/out" "$T/want-sops.yaml" && ok "SOPS values.yaml (real sops 3.7.1): byte-for-byte the plaintext render" ||
    { not_ok "SOPS values.yaml render differs"; diff "$T/want-sops.yaml" "$T/out" | head -20; }
grep -q 'ENC\[' "$T/out" && not_ok "helm saw ENC[...] strings" || ok "helm never saw ENC[...] strings"
# and as a -f values file
helm template panda-secrets "$T/plain/secrets" -f "$ROOT/testdata/sops/secrets.expected.json" >"$T/want-f.yaml"
run helm panda secrets template -C "$T/plain" -f "$ROOT/testdata/sops/secrets.age.yaml"
cmp -s "$T/out" "$T/want-f.yaml" && ok "-f SOPS file decrypted in memory" || { not_ok "-f SOPS render differs"; show; }

# the wrong key: one line, non-zero, no helm call
fake_helm
SOPS_AGE_KEY_FILE=$T/otherkey.txt HELM_BIN=$T/fakehelm run "$HP_BIN" secrets template -C "$T/agec"
[ "$RC" -ne 0 ] && ok "wrong key (age file) fails" || not_ok "wrong key (age file) fails"
expect_lines "$T/err" 1 "wrong key (age file): one line"
expect_err "^helm-panda: error: $T/agec/secrets/files/certs/hostcert.pem.age: " "wrong key: the error names the file"
helm_was_called && not_ok "helm called despite the wrong key" || ok "no helm call (wrong key, age file)"
SOPS_AGE_KEY_FILE=$T/otherkey.txt HELM_BIN=$T/fakehelm run "$HP_BIN" secrets template -C "$T/sopsv" --skip-checks
[ "$RC" -ne 0 ] && ok "wrong key (SOPS values.yaml) fails" || not_ok "wrong key (SOPS values.yaml) fails"
expect_lines "$T/err" 1 "wrong key (SOPS): one line"
helm_was_called && not_ok "helm called despite the wrong key" || ok "no helm call (wrong key, SOPS)"
SOPS_AGE_KEY_FILE=$T/none HELM_BIN=$T/fakehelm HOME=$T/nohome XDG_CONFIG_HOME=$T/nohome run "$HP_BIN" secrets template -C "$T/agec"
[ "$RC" -ne 0 ] && ok "no identity at all fails" || not_ok "no identity at all fails"
expect_lines "$T/err" 1 "no identity: one line"

# everything encrypted with our own SOPS encrypt (values, CRIC JSON, a binary file)
sops_encrypt_available && ok "our encrypt writes SOPS files" || not_ok "our encrypt writes no SOPS files"
new_root "$T/enc"
encrypt_age_files "$T/enc" && encrypt_sops_files "$T/enc" && ! grep -rq "$MARKER" "$T/enc" &&
    ok "whole chart encrypted, no marker readable" || not_ok "encrypting the whole chart"
run helm panda secrets template -C "$T/enc" --debug
expect_rc 0 "secrets template on the encrypted chart"
cmp -s "$T/out" "$T/want.yaml" && ok "encrypted chart renders byte-for-byte as helm template on the plaintext" ||
    { not_ok "encrypted render differs"; diff "$T/want.yaml" "$T/out" | head -20; }
run helm panda secrets template -C "$T/enc" -e prod
cmp -s "$T/out" "$T/want-prod.yaml" && ok "encrypted values-prod.yaml decrypted in memory" || not_ok "encrypted -e prod differs"

# the example deployment's secrets chart (testdata/deploy): plaintext, then encrypted in place
# (values.yaml and hostkey.pem as SOPS files, chain.pem as an age file)
cp -r "$ROOT/testdata/deploy" "$T/example"
helm template panda-secrets "$T/example/secrets" >"$T/want-example.yaml"
run helm panda secrets template -q -C "$T/example"
cmp -s "$T/out" "$T/want-example.yaml" && ok "example deployment: byte-for-byte helm template" ||
    { not_ok "example deployment render differs"; diff "$T/want-example.yaml" "$T/out" | head; }
e=$T/example/secrets
"$HP_BIN" secrets encrypt -r "$AGE_RECIPIENT" -i "$e/values.yaml" &&
    "$HP_BIN" secrets encrypt -r "$AGE_RECIPIENT" -i "$e/files/certs/hostkey.pem" &&
    age -r "$AGE_RECIPIENT" -o "$e/files/certs/chain.pem.age" "$e/files/certs/chain.pem" && rm "$e/files/certs/chain.pem" &&
    ok "example secrets encrypted in place" || not_ok "encrypting the example secrets"
run helm panda secrets template -q -C "$T/example"
cmp -s "$T/out" "$T/want-example.yaml" && ok "encrypted example deployment: byte-for-byte the plaintext render" ||
    { not_ok "encrypted example render differs"; diff "$T/want-example.yaml" "$T/out" | head; }

# diff through a stand-in helm-diff plugin (named diff, as helm-diff is): it must get
# `diff upgrade --allow-unreleased --reset-values panda-secrets /dev/fd/N -f /dev/fd/M` and be able to read
# the in-memory chart archive and values through helm (the descriptors survive helm's exec)
d=$T/fake-diff/diff
mkdir -p "$d"
printf 'name: "diff"\nversion: "0.0.1"\nusage: "stand-in"\ndescription: "stand-in for helm-diff"\ncommand: "$HELM_PLUGIN_DIR/diff.sh"\n' >"$d/plugin.yaml"
cat >"$d/diff.sh" <<'EOS'
#!/bin/sh
if [ "$1" = version ]; then
    # the probe of `secrets diff` must get no decrypted descriptor: read every one it holds
    # (the marker is built here, or this script, open on a descriptor too, would match itself)
    m=HPSEC; m=${m}RET-
    # (one is expected: the lock on the private TMPDIR it was given, a folder it may use anyway,
    # which keeps the folder while this helm runs: secrets/shmdir.h)
    for f in /proc/$$/fd/*; do
        [ "$(readlink "$f")" = "$TMPDIR" ] && [ -d "$f" ] && continue
        case "$(readlink "$f")" in *memfd:*|*helm-panda*) echo "probe holds $(readlink "$f")" >>"$HP_PROBE_LEAKS" ;; esac
        timeout 1 cat "$f" 2>/dev/null >"$HP_PROBE_LEAKS.fd" || true
        if grep -aq "$m" "$HP_PROBE_LEAKS.fd" || gzip -dc <"$HP_PROBE_LEAKS.fd" 2>/dev/null | grep -aq "$m"; then
            echo "probe read a secret from $f ($(readlink "$f"))" >>"$HP_PROBE_LEAKS"
        fi
    done
    echo 0.0.1
    exit 0
fi
echo "args: $*"
while [ $# -gt 0 ]; do
    case "$1" in
    /dev/fd/*) if [ "$prev" = -f ]; then echo "values: $(grep -c . "$1") lines"; else echo "chart: $(tar tzf "$1" | tr '\n' ' ')"; fi ;;
    esac
    prev=$1
    shift
done
EOS
chmod +x "$d/diff.sh"
helm plugin install "$d" >/dev/null 2>&1 && ok "stand-in diff plugin installed" || not_ok "stand-in diff plugin"
export HP_PROBE_LEAKS=$T/probe-leaks
for way in memfd pipe tmpfs; do
    rm -f "$HP_PROBE_LEAKS"
    HELM_PANDA_MEMFILE=$way run helm panda secrets diff -q -C "$T/plain" -e prod
    expect_rc 0 "secrets diff ($way)"
    if [ -s "$HP_PROBE_LEAKS" ]; then not_ok "diff probe ($way) got decrypted descriptors: $(cat "$HP_PROBE_LEAKS")"
    else ok "the helm diff version probe ($way) holds no decrypted descriptor"; fi
done
run helm panda secrets diff -C "$T/plain" -e prod  # not -q: the diff itself is checked
expect_rc 0 "secrets diff with a diff plugin"
# --output diff --no-color always (HELM_DIFF_OUTPUT / HELM_DIFF_COLOR cannot change what we parse)
expect_out '^args: upgrade --allow-unreleased --reset-values panda-secrets /dev/fd/[0-9]+ -f /dev/fd/[0-9]+ --output diff --no-color$' \
    "diff: helm diff upgrade --allow-unreleased --reset-values ... --output diff --no-color"
expect_out '^chart: secrets/\.helmignore secrets/Chart\.yaml .*secrets/values\.yaml' "diff: the plugin reads the in-memory chart"
expect_out '^values: [1-9][0-9]* lines$' "diff: the plugin reads the in-memory values"

# Ctrl-C during the helm-diff probe (issue 11): exit 130, not "the helm diff plugin is not
# installed". The helm found on PATH (HELM_BIN unset) hangs in `helm diff version`.
mkdir -p "$T/slowbin"
cat >"$T/slowbin/helm" <<EOS
#!/bin/sh
[ "\$1 \$2" = "diff version" ] && { echo started >"$T/probe.started"; sleep 30; }
exec "$HELM" "\$@"
EOS
chmod +x "$T/slowbin/helm"
rm -f "$T/probe.started"
env PATH="$T/slowbin:$PATH" "$HP_BIN" secrets diff -q -C "$T/plain" >"$T/out" 2>"$T/err" &
pid=$!
wait_until 60 test -e "$T/probe.started"
kill -INT $pid
wait $pid
RC=$?
expect_rc 130 "Ctrl-C during the helm diff probe: exit 130"
expect_err '^helm-panda: error: helm panda secrets diff: interrupted while checking for the helm diff plugin$' \
    "Ctrl-C during the probe: says interrupted"
grep -q 'not installed' "$T/err" && { not_ok "Ctrl-C during the probe is not 'not installed'"; show; } ||
    ok "Ctrl-C during the probe is not 'not installed'"
