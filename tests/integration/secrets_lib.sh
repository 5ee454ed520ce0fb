# Shared by the t_secrets_*.sh tests (sourced after lib.sh): the test chart, a fake helm that
# records whether it was called, and the encrypted variant of the chart built at test time.
SECRETS_SRC=$ROOT/testdata/secrets/chart
MARKER=HPSECRET

# new_root DIR: a deployment root with the plaintext test chart as DIR/secrets
new_root() {
    mkdir -p "$1/helm" # a panda-k8s root has helm/ and secrets/
    cp -r "$SECRETS_SRC" "$1/secrets"
}

# A helm that only notes it was run: for checks that must fail before helm is called.
fake_helm() {
    cat >"$T/fakehelm" <<EOS
#!/bin/sh
echo called >>"$T/fakehelm.calls"
EOS
    chmod +x "$T/fakehelm"
    rm -f "$T/fakehelm.calls"
}
helm_was_called() { [ -e "$T/fakehelm.calls" ]; }

# A test identity, made by the real age-keygen; the keys file also holds the identity of the
# real SOPS 3.7.1 test file (testdata/sops), so one SOPS_AGE_KEY_FILE opens everything.
age-keygen -o "$T/key.txt" 2>/dev/null
AGE_RECIPIENT=$(age-keygen -y "$T/key.txt")
cat "$ROOT/testdata/sops/key.txt" >>"$T/key.txt"
age-keygen -o "$T/otherkey.txt" 2>/dev/null

# Whether our encrypt command writes SOPS files (checked, so a broken encrypt is a failure here too).
sops_encrypt_available() {
    printf 'a: HPSECRET-probe\n' >"$T/probe.yaml"
    "$HP_BIN" secrets encrypt -r "$AGE_RECIPIENT" -i "$T/probe.yaml" >/dev/null 2>&1 &&
        grep -q '^sops:' "$T/probe.yaml" && ! grep -q HPSECRET "$T/probe.yaml"
}

# encrypt_age_files DIR: the two certificates of DIR/secrets become age files, one written by
# our encrypt (--format age), one by the real age CLI; the plaintext is removed.
encrypt_age_files() {
    c=$1/secrets/files/certs
    "$HP_BIN" secrets encrypt --format age -r "$AGE_RECIPIENT" -o "$c/hostkey.pem.age" "$c/hostkey.pem" || return 1
    age -r "$AGE_RECIPIENT" -o "$c/hostcert.pem.age" "$c/hostcert.pem" || return 1
    rm "$c/hostkey.pem" "$c/hostcert.pem"
}

# encrypt_sops_files DIR: values files, CRIC JSON files and the raw file become SOPS files in
# place (YAML, JSON and binary stores), by our encrypt.
encrypt_sops_files() {
    s=$1/secrets
    for f in "$s/values.yaml" "$s/values-prod.yaml" "$s"/files/cric_jsons/*.json "$s/files/raw/keep.txt"; do
        "$HP_BIN" secrets encrypt -r "$AGE_RECIPIENT" -i "$f" || return 1
    done
}
