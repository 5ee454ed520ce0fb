# age interoperability with the real age CLI (Debian's age 1.1): files we encrypt must
# decrypt with `age -d`, and files `age` encrypts must decrypt with ours, byte for byte,
# binary and armored, X25519 and ssh-ed25519, at the chunk-size edges.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
cd "$T" || exit 1

age-keygen -o id.txt 2>/dev/null
R=$(age-keygen -y id.txt)
ssh-keygen -q -t ed25519 -N '' -C test@example -f ssh_id
SSHR=$(cat ssh_id.pub)

# empty, 1 byte, 64 KiB - 1, exactly 64 KiB, 64 KiB + 1, two chunks exactly, 3 MiB + 7; then
# the edges of our 48-chunk (3 MiB) batches (AGE_STREAM_BATCH), which are en/decrypted in parallel
sizes="0 1 65535 65536 65537 131072 3145735 3145727 3145728 3145729 6291456"
for n in $sizes; do
    head -c "$n" /dev/urandom >"p$n"
done

roundtrip() { # KIND ARMOR N: ours -> age, age -> ours
    kind=$1 arm=$2 n=$3
    if [ "$kind" = x25519 ]; then rflag="-r $R" idf=id.txt; else rflag="-R ssh_id.pub" idf=ssh_id; fi
    aflag=""; [ "$arm" = armor ] && aflag="-a"
    # shellcheck disable=SC2086
    run "$HP_BIN" secrets encrypt --format age $rflag $aflag -o "c$n" "p$n"
    if [ "$RC" -eq 0 ] && age -d -i "$idf" "c$n" 2>"$T/err" | cmp -s - "p$n"; then
        ok "ours -> age -d: $kind $arm $n bytes"
    else
        not_ok "ours -> age -d: $kind $arm $n bytes"; show
    fi
    if [ "$arm" = armor ]; then
        head -1 "c$n" | grep -qx -- '-----BEGIN AGE ENCRYPTED FILE-----' && ok "armored output has the BEGIN line ($n)" ||
            not_ok "armored output has the BEGIN line ($n)"
    fi
    # shellcheck disable=SC2086
    age $rflag $aflag -o "a$n" "p$n"
    run "$HP_BIN" secrets decrypt --identity "$idf" -o "d$n" "a$n"
    if [ "$RC" -eq 0 ] && cmp -s "d$n" "p$n"; then
        ok "age -> ours: $kind $arm $n bytes"
    else
        not_ok "age -> ours: $kind $arm $n bytes"; show
    fi
}

for n in $sizes; do
    roundtrip x25519 binary "$n"
done
for n in 0 65536 65537; do
    roundtrip x25519 armor "$n"
    roundtrip ssh binary "$n"
done
roundtrip ssh armor 3145735

# several recipients: each identity alone opens the file; the ssh line given with -r too
age-keygen -o id2.txt 2>/dev/null
R2=$(age-keygen -y id2.txt)
run "$HP_BIN" secrets encrypt --format age -r "$R" -r "$R2" -r "$SSHR" -o multi.age p65537
expect_rc 0 "encrypt to three recipients"
for idf in id.txt id2.txt ssh_id; do
    age -d -i "$idf" multi.age | cmp -s - p65537 && ok "age -d opens the multi-recipient file with $idf" ||
        not_ok "age -d opens the multi-recipient file with $idf"
done

# decryption from stdin and to stdout, through helm itself
age -r "$R" -o small.age p1
run sh -c "cat small.age | helm panda secrets decrypt --identity id.txt -"
if [ "$RC" -eq 0 ] && cmp -s "$T/out" p1; then ok "helm panda secrets decrypt from stdin"; else not_ok "stdin decrypt"; show; fi

# an identity file with comments, CRLF line ends and several keys (age-keygen's format + more)
{ cat id2.txt; printf '# another\r\n\r\n'; grep AGE-SECRET id.txt | tr -d '\n'; printf '\r\n'; } >ids.txt
chmod 600 ids.txt
run "$HP_BIN" secrets decrypt --identity ids.txt small.age
expect_rc 0 "identity file with comments, CRLF and several keys"

# keys from sops' places
run env SOPS_AGE_KEY_FILE="$T/id.txt" "$HP_BIN" secrets decrypt small.age
expect_rc 0 "SOPS_AGE_KEY_FILE"
run env SOPS_AGE_KEY="$(grep AGE-SECRET id.txt)" "$HP_BIN" secrets decrypt small.age
expect_rc 0 "SOPS_AGE_KEY"
run env SOPS_AGE_KEY_CMD="cat '$T/id.txt'" "$HP_BIN" secrets decrypt small.age
expect_rc 0 "SOPS_AGE_KEY_CMD"
run env SOPS_AGE_KEY_CMD="false" "$HP_BIN" secrets decrypt small.age
expect_rc 1 "a failing SOPS_AGE_KEY_CMD is an error"
expect_err 'SOPS_AGE_KEY_CMD: command failed' "a failing SOPS_AGE_KEY_CMD is named"
mkdir -p xdg/sops/age && cp id.txt xdg/sops/age/keys.txt
run env XDG_CONFIG_HOME="$T/xdg" "$HP_BIN" secrets decrypt small.age
expect_rc 0 "\$XDG_CONFIG_HOME/sops/age/keys.txt"
mkdir -p "$HOME/.config/sops/age" && cp id.txt "$HOME/.config/sops/age/keys.txt"
run env -u XDG_CONFIG_HOME "$HP_BIN" secrets decrypt small.age
expect_rc 0 "~/.config/sops/age/keys.txt"
rm -f "$HOME/.config/sops/age/keys.txt"
run env SOPS_AGE_SSH_PRIVATE_KEY_FILE="$T/ssh_id" "$HP_BIN" secrets decrypt c65537
expect_rc 0 "SOPS_AGE_SSH_PRIVATE_KEY_FILE"

# a group-readable identity file works but warns
cp id.txt open.txt && chmod 644 open.txt
run "$HP_BIN" secrets decrypt --identity open.txt small.age
expect_rc 0 "a group-readable identity file still works"
expect_err 'open.txt: identity file is readable by group or others' "and gets a warning"

# keygen: age-keygen's format, 0600, never overwrites, public key printed; age accepts it
run helm panda secrets keygen -o new.txt
expect_rc 0 "keygen -o"
expect_out '^age1[02-9ac-hj-np-z]{58}$' "keygen prints the public key"
PUB=$(cat "$T/out")
[ "$(stat -c %a new.txt)" = 600 ] && ok "keygen file mode 0600" || not_ok "keygen file mode 0600"
[ "$(age-keygen -y new.txt)" = "$PUB" ] && ok "age-keygen -y derives the same public key" ||
    not_ok "age-keygen -y derives the same public key"
grep -q "^# public key: $PUB\$" new.txt && ok "keygen writes the public key comment" || not_ok "public key comment"
cp new.txt new.bak
run "$HP_BIN" secrets keygen -o new.txt
expect_rc 1 "keygen refuses to overwrite"
expect_err 'new.txt: already exists' "keygen names the existing file"
cmp -s new.txt new.bak && ok "the existing identity is untouched" || not_ok "the existing identity is untouched"
age -r "$PUB" -o forpub.age p1 && run "$HP_BIN" secrets decrypt --identity new.txt forpub.age
expect_rc 0 "age encrypts to a keygen'd key and we decrypt it"

# passphrase (scrypt): our own round trip, and a CCTV scrypt file
printf 'correct horse\n' >pass.txt
run "$HP_BIN" secrets encrypt --format age --passphrase-file pass.txt -o pw.age p65537
expect_rc 0 "encrypt with a passphrase"
grep -aq '^-> scrypt ' pw.age && ok "passphrase file has an scrypt stanza" || not_ok "scrypt stanza"
run "$HP_BIN" secrets decrypt --passphrase-file pass.txt -o pw.out pw.age
if [ "$RC" -eq 0 ] && cmp -s pw.out p65537; then ok "decrypt with a passphrase"; else not_ok "passphrase decrypt"; show; fi
printf 'wrong\n' >bad.txt
run "$HP_BIN" secrets decrypt --passphrase-file bad.txt pw.age
expect_rc 1 "a wrong passphrase fails"
expect_err 'pw.age: incorrect passphrase' "a wrong passphrase is named"
run setsid "$HP_BIN" secrets decrypt pw.age </dev/null
expect_rc 1 "no terminal and no --passphrase-file"
expect_err 'no terminal to ask on: use --passphrase-file' "says to use --passphrase-file"
