# helm panda secrets install/upgrade/diff against a real API server, with SOPS-encrypted values
# and files (tests/integration/secrets_lib.sh's chart: values.yaml, values-prod.yaml, CRIC JSON
# and a raw file SOPS-encrypted, both certificates age-encrypted):
#   - the cluster holds Secrets whose decoded data equal `helm template` of the plaintext chart;
#   - secrets diff, through the real helm-diff plugin (built from the Go module proxy, installed
#     with `helm plugin install`), shows a changed value's Secret as changed and masks the
#     contents (neither the old nor the new plaintext appears);
#   - secrets upgrade then puts the new value in the cluster (revision 2).
# Mutants tried: the values memfd not handed to helm (helm gets the encrypted file): the Secret
# holds ENC[...] and the comparison fails; diff run without --allow-unreleased or on the wrong
# release: no change shown.
. "$HP_ROOT/tests/e2e/lib.sh"
. "$HP_ROOT/tests/integration/secrets_lib.sh"
install_plugin || exit 1
export SOPS_AGE_KEY_FILE=$T/key.txt
ns=$(new_ns secrets) || exit 1

new_root "$T/plain"
new_root "$T/enc"
encrypt_sops_files "$T/enc" && encrypt_age_files "$T/enc" || { not_ok "encrypting the test chart"; exit 1; }
grep -rq "$MARKER" "$T/enc/secrets/values.yaml" "$T/enc/secrets/files" && not_ok "plaintext left in the encrypted chart" ||
    ok "test chart encrypted (values and files)"

run helm -n "$ns" panda secrets install -C "$T/enc" -e prod
expect_rc 0 "secrets install of the encrypted chart"
helm template panda-secrets "$T/plain/secrets" -n "$ns" -f "$T/plain/secrets/values-prod.yaml" >"$T/want.yaml"
kubectl -n "$ns" get secrets,configmaps -l '!owner' -o json >"$T/got.json"

cat >"$T/cmp.py" <<'PY'
import base64, json, sys
# the plaintext render, read without a YAML library: helm's output is one object per document
# and our chart's data are flat `key: value` maps, so kubectl converts it for us instead
want = json.load(open(sys.argv[1]))
got = {(o["kind"], o["metadata"]["name"]): o for o in json.load(open(sys.argv[2]))["items"]}
def data(o):
    d = {k: base64.b64decode(v).decode() for k, v in (o.get("data") or {}).items()} if o["kind"] == "Secret" else dict(o.get("data") or {})
    d.update(o.get("stringData") or {})
    return d
bad = 0
for o in want["items"]:
    k = (o["kind"], o["metadata"]["name"])
    if k not in got:
        print("missing in the cluster:", k); bad += 1; continue
    w, g = data(o), data(got[k])
    if w != g:
        bad += 1
        for key in sorted(set(w) | set(g)):
            if w.get(key) != g.get(key):
                print(k, key, "differs:", repr(g.get(key, ""))[:80])
    if "HPSECRET" not in "".join(g.values()) and k[0] == "Secret":
        print(k, "holds no decrypted marker"); bad += 1
sys.exit(1 if bad or not want["items"] else 0)
PY
kubectl create --dry-run=client -o json -f "$T/want.yaml" >"$T/want.json" 2>"$T/conv.err" ||
    not_ok "reading the reference render: $(head -c 300 "$T/conv.err")"
if python3 "$T/cmp.py" "$T/want.json" "$T/got.json" >"$T/cmp.out" 2>&1; then
    ok "cluster Secrets hold the decrypted values and files (same as helm template of the plaintext)"
else
    not_ok "cluster Secrets differ from the plaintext render"; cat "$T/cmp.out"
fi
got=$(kubectl -n "$ns" get secret panda-secrets-passwords -o 'jsonpath={.data.db}' | base64 -d)
[ "$got" = "HPSECRET-db-3f9a1c" ] && ok "Secret panda-secrets-passwords: db decrypted" || not_ok "db is '$got'"

# a changed value: diff through the real helm-diff shows it, masked
if helm plugin install "$HELM_DIFF_PLUGIN" >"$T/diff-install.log" 2>&1; then
    ok "helm-diff $HELM_DIFF_VERSION installed with helm plugin install"
else
    not_ok "helm plugin install helm-diff"; cat "$T/diff-install.log"
fi
EDITOR="sed -i s/HPSECRET-db-3f9a1c/HPSECRET-db-changed-42/" run helm panda secrets edit "$T/enc/secrets/values.yaml"
expect_rc 0 "secrets edit changes the encrypted db password"
run helm -n "$ns" panda secrets diff -C "$T/enc" -e prod
expect_rc 0 "secrets diff"
expect_out 'panda-secrets-passwords, Secret \(v1\) has changed' "diff: the passwords Secret has changed"
grep -q 'panda-secrets-files' "$T/out" && not_ok "diff: unchanged files Secret shown as changed" || ok "diff: only the changed Secret"
grep -qE 'HPSECRET-db-(3f9a1c|changed-42)' "$T/out" "$T/err" && not_ok "diff shows the secret value in clear" ||
    ok "diff masks the secret contents"
expect_out '^[-+] +db: .*(\+\+\+\+|\*\*\*\*|-------- # |REDACTED|changed)' "diff: the db key is listed, masked"

run helm -n "$ns" panda secrets upgrade -C "$T/enc" -e prod
expect_rc 0 "secrets upgrade"
got=$(kubectl -n "$ns" get secret panda-secrets-passwords -o 'jsonpath={.data.db}' | base64 -d)
[ "$got" = "HPSECRET-db-changed-42" ] && ok "after upgrade the cluster holds the new value" || not_ok "db is '$got' after upgrade"
rev=$(helm -n "$ns" list -o json | python3 -c 'import json,sys; print([str(r["revision"]) for r in json.load(sys.stdin) if r["name"] == "panda-secrets"])')
[ "$rev" = "['2']" ] && ok "panda-secrets at revision 2" || not_ok "panda-secrets revision: $rev"
