# SOPS files through the plugin in real helm: the real sops 3.7.1 file, files we encrypt read
# by the independent npm sops-age, byte-identical round trips, tampering, the error cases.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
TD=$ROOT/testdata/sops
PEER="node $ROOT/tests/integration/sops_peer.mjs"
export HP_ROOT=$ROOT
cp "$TD/key.txt" "$T/key.txt" && chmod 600 "$T/key.txt"
export SOPS_AGE_KEY_FILE=$T/key.txt
R1=age1rh2xsjg8avja92j3jhtttuczgmqkz89lezxt4e3mmp5ukl5j4f9smvteju
# the npm peer is part of the test world (scripts/deps.sh --tests): without it the test fails, it never
# passes by leaving the peer's checks out
need_tools node
have_peer=1
[ -d "$ROOT/tools/npm/node_modules/sops-age" ] || { not_ok "the npm sops peer (tools/npm) is missing: run scripts/deps.sh --tests"; exit 1; }

# -- the real sops 3.7.1 file: MAC verified, values equal the independent plaintext
run helm panda secrets decrypt "$TD/secrets.age.yaml"
expect_rc 0 "decrypt the real sops 3.7.1 file"
cp "$T/out" "$T/real.yaml"
if [ $have_peer = 1 ]; then
    $PEER plain "$T/real.yaml" >"$T/ours.json" && $PEER plain "$TD/secrets.expected.json" >"$T/want.json"
    cmp -s "$T/ours.json" "$T/want.json" && ok "real file decrypts to secrets.expected.json" ||
        { not_ok "real file decrypts to secrets.expected.json"; diff "$T/ours.json" "$T/want.json" | head; }
fi

# -- files we encrypt: sops-age reads them; our decryption gives the input back byte for byte
mkdir -p "$T/w/sub"
cp "$TD/values.yaml" "$TD/values.json" "$T/w/sub/"
printf 'creation_rules:\n  - path_regex: regex\\.yaml$\n    encrypted_regex: ^(password|certificate|slots)$\n    age: %s\n  - path_regex: .*\n    age: >-\n      %s\n' "$R1" "$R1" >"$T/w/.sops.yaml"
cp "$TD/values.yaml" "$T/w/sub/regex.yaml"
for f in values.yaml values.json regex.yaml; do
    run helm panda secrets encrypt -i "$T/w/sub/$f"
    expect_rc 0 "encrypt -i $f (recipients from .sops.yaml)"
    grep -q 'ENC\[AES256_GCM,data:' "$T/w/sub/$f" && ok "$f is encrypted in place" || not_ok "$f is encrypted in place"
    grep -q 's3cr3t' "$T/w/sub/$f" && not_ok "$f leaks a secret" || ok "$f holds no plaintext secret"
    if [ $have_peer = 1 ]; then
        $PEER decrypt "$T/w/sub/$f" "$T/key.txt" >"$T/peer.json" 2>"$T/peer.err"
        $PEER plain "$TD/${f#regex.yaml}" >"$T/want.json" 2>/dev/null || $PEER plain "$TD/values.yaml" >"$T/want.json"
        [ "$f" = regex.yaml ] && $PEER plain "$TD/values.yaml" >"$T/want.json"
        cmp -s "$T/peer.json" "$T/want.json" && ok "sops-age decrypts our $f to the input's values" ||
            { not_ok "sops-age decrypts our $f to the input's values"; diff "$T/peer.json" "$T/want.json" | head; cat "$T/peer.err" | head -5; }
    fi
    src=$TD/values.${f##*.}
    run helm panda secrets decrypt "$T/w/sub/$f"
    cmp -s "$T/out" "$src" && ok "our decryption of $f is byte-identical to the input" ||
        { not_ok "our decryption of $f is byte-identical to the input"; diff "$T/out" "$src" | head; }
done
grep -q '^        host: db.example.org$' "$T/w/sub/regex.yaml" && ok "encrypted_regex leaves other keys in clear" ||
    not_ok "encrypted_regex leaves other keys in clear"
grep -q '^        password: ENC\[' "$T/w/sub/regex.yaml" && ok "encrypted_regex encrypts matching keys" ||
    not_ok "encrypted_regex encrypts matching keys"
grep -qF 'encrypted_regex: ^(password|certificate|slots)$' "$T/w/sub/regex.yaml" && ok "the rule is recorded in sops metadata" ||
    not_ok "the rule is recorded in sops metadata"
grep -q '    public_unencrypted: visible' "$T/w/sub/values.yaml" && ok "_unencrypted keys stay in clear" ||
    not_ok "_unencrypted keys stay in clear"

# -- binary store: a certificate-like file
head -c 3000 /dev/urandom | base64 >"$T/w/cert.pem"
run helm panda secrets encrypt -r "$R1" -o "$T/w/cert.enc" "$T/w/cert.pem"
expect_rc 0 "encrypt a binary file with -r"
grep -q '"data": "ENC\[AES256_GCM' "$T/w/cert.enc" && ok "binary file is one data value" || not_ok "binary file is one data value"
run helm panda secrets decrypt "$T/w/cert.enc"
cmp -s "$T/out" "$T/w/cert.pem" && ok "binary round trip" || not_ok "binary round trip"

# -- tampering: any ENC field, the MAC, lastmodified
tamper() { # FILE SED DESC
    sed "$2" "$1" >"$T/tampered.yaml"
    cmp -s "$1" "$T/tampered.yaml" && { not_ok "$3 (sed changed nothing)"; return; }
    run helm panda secrets decrypt "$T/tampered.yaml"
    if [ "$RC" -ne 0 ] && [ ! -s "$T/out" ] && [ "$(grep -c '^helm-panda:' "$T/err")" -eq 1 ]; then ok "$3"; else not_ok "$3"; show; fi
}
tamper "$TD/secrets.age.yaml" 's/port: ENC\[AES256_GCM,data:RPI=/port: ENC[AES256_GCM,data:RPA=/' "tampered data fails"
tamper "$TD/secrets.age.yaml" 's/iv:Hwx1/iv:Hwx2/' "tampered iv fails"
tamper "$TD/secrets.age.yaml" 's/tag:82Mz/tag:82Ma/' "tampered tag fails"
tamper "$TD/secrets.age.yaml" 's/type:int]/type:bool]/' "a wrong type fails"
tamper "$TD/secrets.age.yaml" 's/mac: ENC\[AES256_GCM,data:X2Gq/mac: ENC[AES256_GCM,data:X2Gr/' "tampered MAC fails"
tamper "$TD/secrets.age.yaml" 's/2021-11-05T00:56:57Z/2021-11-05T00:56:58Z/' "tampered lastmodified fails"
grep -v '^global_secret:' "$TD/secrets.age.yaml" >"$T/removed.yaml"
run helm panda secrets decrypt "$T/removed.yaml"
[ "$RC" -ne 0 ] && [ ! -s "$T/out" ] && ok "a removed value fails the MAC" || not_ok "a removed value fails the MAC"
expect_err 'removed.yaml: MAC mismatch' "the MAC mismatch is named"
sed 's/iv:Hwx1/iv:Hwx2/' "$TD/secrets.age.yaml" >"$T/bad.yaml"
run helm panda secrets decrypt "$T/bad.yaml"
expect_err 'bad.yaml: value at service:port: authentication failed' "the error names the file and the key path"
# a value replaced by one from another file with the same key: only the MAC catches it
run helm panda secrets encrypt -r "$R1" "$T/w/cert.pem"
expect_rc 0 "encrypt to stdout"

# -- --ignore-mac
sed 's/2021-11-05T00:56:57Z/2021-11-05T00:56:58Z/' "$TD/secrets.age.yaml" >"$T/lm.yaml"
run helm panda secrets decrypt --ignore-mac "$T/lm.yaml"
expect_rc 0 "--ignore-mac decrypts despite a MAC mismatch"
cmp -s "$T/out" "$T/real.yaml" && ok "--ignore-mac output is the plaintext" || not_ok "--ignore-mac output is the plaintext"

# -- errors: not sops, no identity (lists recipients), malformed ENC, wrong type
printf 'a: 1\n' >"$T/plain.yaml"
run helm panda secrets decrypt "$T/plain.yaml"
[ "$RC" -ne 0 ] && [ ! -s "$T/out" ] && ok "a plain file is refused" || not_ok "a plain file is refused"
expect_err 'plain.yaml: not a sops file' "not a sops file is named"
printf '\377\376a\000:\000 \0001\000\n\000' >"$T/u16.yaml"
cp "$T/u16.yaml" "$T/u16.orig"
run helm panda secrets encrypt -r "$R1" -i "$T/u16.yaml"
expect_rc 1 "UTF-16 YAML: exit 1"
expect_err '^helm-panda: error: .*u16.yaml: UTF-16 YAML is not supported' "UTF-16 YAML is refused by name"
cmp -s "$T/u16.yaml" "$T/u16.orig" && ok "UTF-16 YAML: the file is left as it was" || not_ok "UTF-16 file changed"
age-keygen -o "$T/other.txt" 2>/dev/null
SOPS_AGE_KEY_FILE=$T/other.txt run helm panda secrets decrypt "$TD/secrets.age.yaml"
[ "$RC" -ne 0 ] && [ ! -s "$T/out" ] && ok "a wrong identity is refused" || not_ok "a wrong identity is refused"
expect_err "no identity matches any of the file's age recipients: $R1" "the error lists the recipients"
sed 's/port: ENC\[AES256_GCM,data:RPI=,/port: ENC[AES256_GCM,data:R!I=,/' "$TD/secrets.age.yaml" >"$T/mal.yaml"
run helm panda secrets decrypt "$T/mal.yaml"
expect_err 'value at service:port: ENC value has malformed base64 data' "malformed ENC names the key path"
sed 's/type:int]/type:wat]/' "$TD/secrets.age.yaml" >"$T/type.yaml"
run helm panda secrets decrypt "$T/type.yaml"
expect_err 'value at service:port: ENC value has unknown type "wat"' "unknown type is named"

# -- view, --key, -o, --in-place decrypt
run helm panda secrets view "$TD/secrets.age.yaml" --key service.port
[ "$(cat "$T/out")" = 92 ] && ok "view --key prints one value" || { not_ok "view --key prints one value"; show; }
run helm panda secrets decrypt -o "$T/dec.yaml" "$TD/secrets.age.yaml"
cmp -s "$T/dec.yaml" "$T/real.yaml" && ok "decrypt -o writes the plaintext" || not_ok "decrypt -o writes the plaintext"
[ "$(stat -c %a "$T/dec.yaml")" = 600 ] && ok "decrypt -o output is 0600" || not_ok "decrypt -o output is 0600"
cp "$TD/secrets.age.yaml" "$T/ip.yaml"
run helm panda secrets decrypt --in-place "$T/ip.yaml"
cmp -s "$T/ip.yaml" "$T/real.yaml" && ok "decrypt --in-place" || not_ok "decrypt --in-place"

# -- edit: same data key, values changed, private copy wiped; editor failure leaves the file
cp "$T/w/sub/values.yaml" "$T/e.yaml"
cat >"$T/editor.sh" <<'EOS'
#!/bin/sh
echo "$1" >"$EDIT_SEEN"
stat -c %a "$1" >>"$EDIT_SEEN"; stat -c %a "$(dirname "$1")" >>"$EDIT_SEEN"
sed -i 's/host: db.example.org/host: db2.example.org/' "$1"
EOS
chmod +x "$T/editor.sh"
EDIT_SEEN=$T/seen EDITOR=$T/editor.sh run helm panda secrets edit "$T/e.yaml"
expect_rc 0 "edit with \$EDITOR"
run helm panda secrets view "$T/e.yaml" --key panda.database.host
[ "$(cat "$T/out")" = db2.example.org ] && ok "edit changed the value" || { not_ok "edit changed the value"; show; }
[ "$(sed -n 2p "$T/seen")$(sed -n 3p "$T/seen")" = 600700 ] && ok "edit copy is 0600 in a 0700 folder" || not_ok "edit copy is 0600 in a 0700 folder"
[ ! -e "$(head -1 "$T/seen")" ] && ok "edit copy removed" || not_ok "edit copy removed"
a=$(grep -A3 'recipient:' "$T/w/sub/values.yaml" | tail -1); b=$(grep -A3 'recipient:' "$T/e.yaml" | tail -1)
[ "$a" = "$b" ] && ok "edit keeps the data key" || not_ok "edit keeps the data key"
p1=$(grep ' password: ' "$T/w/sub/values.yaml"); p2=$(grep ' password: ' "$T/e.yaml")
h1=$(grep ' host: ' "$T/w/sub/values.yaml"); h2=$(grep ' host: ' "$T/e.yaml")
[ "$p1" = "$p2" ] && [ "$h1" != "$h2" ] && ok "edit keeps the ciphertext of unchanged values (IVs reused as sops does)" ||
    not_ok "edit keeps the ciphertext of unchanged values (IVs reused as sops does)"
# where the copy goes: a tmpfs $XDG_RUNTIME_DIR first, else /dev/shm (tmpfs), never a disk
# folder named by $XDG_RUNTIME_DIR. Mutants caught: the copy always in /dev/shm (first check),
# a disk $XDG_RUNTIME_DIR taken without checking it is a tmpfs (second check).
rt=$(mktemp -d /dev/shm/hp-sops-rt.XXXXXX)
at_exit "rm -rf '$rt'"
XDG_RUNTIME_DIR=$rt EDIT_SEEN=$T/seen-rt EDITOR=$T/editor.sh run helm panda secrets edit "$T/e.yaml"
case $(head -1 "$T/seen-rt") in "$rt"/helm-panda-edit.*) ok "edit copy in a tmpfs \$XDG_RUNTIME_DIR" ;;
*) not_ok "edit copy in a tmpfs \$XDG_RUNTIME_DIR: $(head -1 "$T/seen-rt")" ;; esac
mkdir -p "$T/disk-rt" && chmod 700 "$T/disk-rt"
XDG_RUNTIME_DIR=$T/disk-rt EDIT_SEEN=$T/seen-disk EDITOR=$T/editor.sh run helm panda secrets edit "$T/e.yaml"
case $(head -1 "$T/seen-disk") in /dev/shm/helm-panda-edit.*) ok "a disk \$XDG_RUNTIME_DIR is passed over for /dev/shm" ;;
*) not_ok "a disk \$XDG_RUNTIME_DIR is passed over for /dev/shm: $(head -1 "$T/seen-disk")" ;; esac
cp "$T/e.yaml" "$T/e.before"
EDITOR=false run helm panda secrets edit "$T/e.yaml"
[ "$RC" -ne 0 ] && cmp -s "$T/e.yaml" "$T/e.before" && ok "editor failure leaves the file as it was" || not_ok "editor failure leaves the file as it was"
printf '#!/bin/sh\necho "a: [" >"$1"\n' >"$T/bad-editor.sh"; chmod +x "$T/bad-editor.sh"
EDITOR=$T/bad-editor.sh run helm panda secrets edit "$T/e.yaml"
[ "$RC" -ne 0 ] && cmp -s "$T/e.yaml" "$T/e.before" && ok "invalid edited YAML leaves the file as it was" || not_ok "invalid edited YAML leaves the file as it was"
printf '#!/bin/sh\nprintf "new: value\\n" >"$1"\n' >"$T/new-editor.sh"; chmod +x "$T/new-editor.sh"
SOPS_AGE_RECIPIENTS=$R1 EDITOR=$T/new-editor.sh run helm panda secrets edit "$T/new.yaml"
expect_rc 0 "edit creates a new file"
run helm panda secrets decrypt "$T/new.yaml"
[ "$(cat "$T/out")" = "new: value" ] && ok "the new file decrypts" || { not_ok "the new file decrypts"; show; }

# -- rotate: new data key, same values; updatekeys: recipients from .sops.yaml
cp "$T/w/sub/values.yaml" "$T/w/sub/rot.yaml"
run helm panda secrets rotate "$T/w/sub/rot.yaml"
expect_rc 0 "rotate to stdout"
cmp -s "$T/w/sub/rot.yaml" "$T/w/sub/values.yaml" && grep -q 'mac: ENC' "$T/out" && ok "rotate without -i leaves FILE alone" ||
    not_ok "rotate without -i leaves FILE alone"
run helm panda secrets rotate -i "$T/w/sub/rot.yaml"
expect_rc 0 "rotate -i"
cmp -s "$T/w/sub/rot.yaml" "$T/w/sub/values.yaml" && not_ok "rotate changed the file" || ok "rotate changed the file"
run helm panda secrets decrypt "$T/w/sub/rot.yaml"
cmp -s "$T/out" "$TD/values.yaml" && ok "rotated file decrypts to the same plaintext" || not_ok "rotated file decrypts to the same plaintext"
R2=$(age-keygen -y "$T/other.txt")
printf 'creation_rules:\n  - age: %s,%s\n' "$R1" "$R2" >"$T/w/.sops.yaml"
run helm panda secrets updatekeys "$T/w/sub/rot.yaml"
expect_rc 0 "updatekeys"
expect_err "\\+\\+\\+ $R2" "updatekeys lists the added recipient"
SOPS_AGE_KEY_FILE=$T/other.txt run helm panda secrets decrypt "$T/w/sub/rot.yaml"
cmp -s "$T/out" "$TD/values.yaml" && ok "the added recipient can decrypt" || { not_ok "the added recipient can decrypt"; show; }

# -- stdin: the store is chosen by content
run sh -c "helm panda secrets decrypt - <\"$TD/secrets.age.yaml\""
cmp -s "$T/out" "$T/real.yaml" && ok "decrypt - reads stdin" || { not_ok "decrypt - reads stdin"; show; }
# a pipe has no size: its guarded buffer grows in 64 KiB steps when full (a 300 KiB document)
awk 'BEGIN { for (i = 0; i < 4000; i++) printf "key%04d: value-%d-abcdefghijklmnopqrstuvwxyz0123456789\n", i, i }' >"$T/big.yaml"
"$HP_BIN" secrets encrypt -r "$R1" -o "$T/big.enc.yaml" "$T/big.yaml" || not_ok "encrypt a 4,000-key document"
[ "$(wc -c <"$T/big.enc.yaml")" -gt 200000 ] || not_ok "the 4,000-key document is over 200 KB encrypted"
run sh -c "cat \"$T/big.enc.yaml\" | helm panda secrets decrypt -"
cmp -s "$T/out" "$T/big.yaml" && ok "decrypt - reads a 300 KB document from a pipe" || { not_ok "decrypt - reads a 300 KB document from a pipe"; show; }

# -- edit killed by SIGTERM: the private plaintext copy is wiped and removed, the file untouched
cp "$T/e.yaml" "$T/k.yaml"
cat >"$T/kill-editor.sh" <<'EOS'
#!/bin/sh
echo "$1" >"$EDIT_SEEN"
p=$PPID
[ "$(cat /proc/$p/comm)" = helm-panda ] || p=$(awk '{print $4}' /proc/$p/stat)
kill -TERM "$p"
sleep 1
EOS
chmod +x "$T/kill-editor.sh"
EDIT_SEEN=$T/seen2 EDITOR=$T/kill-editor.sh run "$HP_BIN" secrets edit "$T/k.yaml"
[ "$RC" -ne 0 ] && ok "edit killed by SIGTERM fails" || not_ok "edit killed by SIGTERM fails"
[ -s "$T/seen2" ] && [ ! -e "$(cat "$T/seen2")" ] && [ ! -d "$(dirname "$(cat "$T/seen2")")" ] &&
    ok "SIGTERM wipes the private copy" || not_ok "SIGTERM wipes the private copy"
cmp -s "$T/k.yaml" "$T/e.yaml" && ok "SIGTERM leaves the file as it was" || not_ok "SIGTERM leaves the file as it was"

# -i is --in-place for decrypt too, as in sops (identities come with --identity)
printf 'token: s3cr3t-in-place\n' > "$T/ip.yaml"
keyfile=$T/ip-key.txt
"$HP_BIN" secrets keygen -o "$keyfile" >/dev/null 2>&1
pub=$(sed -n 's/^# public key: //p' "$keyfile")
run "$HP_BIN" secrets encrypt -r "$pub" -i "$T/ip.yaml"
expect_rc 0 "encrypt -i writes the SOPS file in place"
run "$HP_BIN" secrets decrypt --identity "$keyfile" -i "$T/ip.yaml"
expect_rc 0 "decrypt -i (in place)"
grep -qx 'token: s3cr3t-in-place' "$T/ip.yaml" && ok "decrypt -i restored the plaintext in place" || { not_ok "decrypt -i restored the plaintext in place"; cat "$T/ip.yaml"; }

# -- what we encrypt, we decrypt with the same command line (issue 23): every input format
# (YAML, JSON, a JSON of one "data" string, binary) x output name (.enc, .yaml, .yml, .json,
# <input>.enc) round trips through `secrets decrypt OUT`, the format read from the content; the
# two pairs whose name would read the output back in another format are refused when encrypting
# (exit 2, one line, nothing written): a JSON of one "data" string to a name sops reads as
# binary (x.enc, d.json.enc), a binary file to a .json/.yaml/.yml name
mkdir -p "$T/names"
cd "$T/names" || exit 1
cp "$TD/values.yaml" v.yaml
cp "$TD/values.json" v.json
printf '{\n\t"data": "only a data key"\n}\n' >d.json
head -c 300 /dev/urandom | base64 >c.pem
refused() { # IN OUT: the pairs encrypt refuses
    case "$1:$2" in
    d.json:*.json | d.json:*.yaml | d.json:*.yml) return 1 ;;
    d.json:*) return 0 ;;
    c.pem:*.json | c.pem:*.yaml | c.pem:*.yml) return 0 ;;
    esac
    return 1
}
n_trips=0 n_refused=0
for in in v.yaml v.json d.json c.pem; do
    for out in x.enc x.yaml x.yml x.json "$in.enc"; do
        rm -f "$out"
        run helm panda secrets encrypt -r "$R1" -o "$out" "$in"
        if refused "$in" "$out"; then
            if [ "$RC" -eq 2 ] && [ ! -e "$out" ] && [ "$(grep -c '^helm-panda:' "$T/err")" -eq 1 ] &&
                grep -q "^helm-panda: error: $out: .helm panda secrets decrypt $out. would read this encrypted" "$T/err"; then
                n_refused=$((n_refused + 1))
            else
                not_ok "encrypt -o $out $in is refused (nothing written)"; show
            fi
            continue
        fi
        [ "$RC" -eq 0 ] || { not_ok "encrypt -o $out $in"; show; continue; }
        run helm panda secrets decrypt "$out"
        if [ "$RC" -eq 0 ] && cmp -s "$T/out" "$in"; then n_trips=$((n_trips + 1)); else
            not_ok "encrypt -o $out $in -> decrypt $out gives $in back"; show; fi
    done
done
[ "$n_trips" -eq 15 ] && ok "every encrypt -o NAME -> decrypt NAME round trips, byte for byte (15 pairs)" ||
    not_ok "every encrypt -o NAME -> decrypt NAME round trips ($n_trips of 15)"
[ "$n_refused" -eq 5 ] && ok "the 5 pairs whose name would mislead decrypt are refused, nothing written" ||
    not_ok "the 5 pairs whose name would mislead decrypt are refused ($n_refused of 5)"
# the format from the issue: JSON written to a name sops reads as binary
run helm panda secrets encrypt -r "$R1" -o cric.json.enc v.json
run helm panda secrets decrypt cric.json.enc
expect_rc 0 "decrypt cric.json.enc (JSON content, a binary name)"
# --input-type / --output-type, as sops has them
run helm panda secrets decrypt --input-type json cric.json.enc
cmp -s "$T/out" v.json && ok "--input-type json" || { not_ok "--input-type json"; show; }
run helm panda secrets decrypt --input-type binary cric.json.enc
expect_rc 1 "--input-type binary on a JSON document fails"
expect_err 'cric.json.enc: no binary "data" value' "and says why"
run helm panda secrets decrypt --output-type yaml cric.json.enc
expect_rc 0 "--output-type yaml"
grep -q '^panda:$' "$T/out" && ! grep -q '^{' "$T/out" && ok "--output-type yaml writes YAML" ||
    { not_ok "--output-type yaml writes YAML"; show; }
run helm panda secrets decrypt --input-type toml cric.json.enc
expect_rc 2 "an unknown --input-type exits 2"
expect_err 'unknown type "toml"' "the unknown type is named"
"$HP_BIN" secrets encrypt --format age -r "$R1" -o c.age c.pem 2>/dev/null
run helm panda secrets decrypt --input-type yaml c.age
expect_rc 2 "--input-type on an age file exits 2"
expect_err "--input-type applies to SOPS documents only; c.age is an age file" "the age file is named"
cd "$T" || exit 1
