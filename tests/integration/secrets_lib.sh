# Shared by the t_secrets_*.sh tests (sourced after lib.sh): the test chart, a fake helm that
# records whether it was called, and the encrypted variant of the chart built at test time.
SECRETS_SRC=$ROOT/testdata/secrets/chart
MARKER=HPSECRET

# new_root DIR: a deployment root with the plaintext test chart as DIR/secrets
new_root() {
    mkdir -p "$1"
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

# Whether this build can decrypt (the age and sops modules are linked in and `secrets
# encrypt` works): the encrypted variants are produced with our own encrypt command.
crypto_available() {
    printf 'a: HPSECRET-probe\n' >"$T/probe.yaml"
    "$HP_BIN" secrets encrypt --age "$AGE_RECIPIENT" -i "$T/probe.yaml" >/dev/null 2>&1 &&
        grep -q '^sops:' "$T/probe.yaml"
}

# A test identity, made by the real age-keygen.
age-keygen -o "$T/key.txt" 2>/dev/null
AGE_RECIPIENT=$(age-keygen -y "$T/key.txt")
age-keygen -o "$T/otherkey.txt" 2>/dev/null

# encrypt_root DIR: encrypts DIR/secrets in place, every way a user can: values.yaml and the
# CRIC JSON files as SOPS files (our encrypt), hostkey.pem as an age file by our encrypt
# (--format age) and hostcert.pem as an age file by the real age CLI.
encrypt_root() {
    s=$1/secrets
    for f in "$s/values.yaml" "$s/values-prod.yaml" "$s"/files/cric_jsons/*.json; do
        "$HP_BIN" secrets encrypt --age "$AGE_RECIPIENT" -i "$f" || return 1
    done
    "$HP_BIN" secrets encrypt --format age --age "$AGE_RECIPIENT" "$s/files/certs/hostkey.pem" \
        >"$s/files/certs/hostkey.pem.age" || return 1
    rm "$s/files/certs/hostkey.pem"
    age -r "$AGE_RECIPIENT" -o "$s/files/certs/hostcert.pem.age" "$s/files/certs/hostcert.pem" || return 1
    rm "$s/files/certs/hostcert.pem"
    # nothing readable is left behind
    ! grep -rq "$MARKER" "$s"
}
