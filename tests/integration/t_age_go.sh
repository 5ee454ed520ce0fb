# age 1.3 interoperability with the reference Go age (tools/go/bin/age, the version pinned in
# scripts/versions.env, built by scripts/go-peers.sh): both ways, X25519, ssh-ed25519, scrypt
# passphrases and armor, at the STREAM chunk edges; age 1.3's post-quantum recipients
# (age1pq1..., mlkem768x25519 stanzas) give our "no identity matched" error naming the type; an
# identity file holding a post-quantum identity besides X25519 ones still works with those.
. "$HP_ROOT/tests/integration/lib.sh"
GOBIN=$ROOT/tools/go/bin
AGE=$GOBIN/age KEYGEN=$GOBIN/age-keygen
if [ ! -x "$AGE" ] || [ ! -x "$KEYGEN" ]; then
    not_ok "Go age 1.3 missing ($AGE): run scripts/deps.sh --tests (scripts/go-peers.sh builds it)"
    exit 0
fi
install_plugin || exit 1
cd "$T" || exit 1
"$AGE" --version | grep -q '^v1\.3\.' && ok "age is 1.3 ($("$AGE" --version))" || not_ok "age is 1.3 (got $("$AGE" --version))"

"$KEYGEN" -o id.txt 2>/dev/null
R=$("$KEYGEN" -y id.txt)
ssh-keygen -q -t ed25519 -N '' -C test@example -f ssh_id
# the chunk edges: empty, 1, 64 KiB - 1, 64 KiB, 64 KiB + 1, 3 MiB + 1 (past our first 48-chunk batch)
sizes="0 1 65535 65536 65537 3145729"
for n in $sizes; do head -c "$n" /dev/urandom >"p$n"; done

both() { # KIND ARMOR N
    kind=$1 arm=$2 n=$3
    case $kind in
    x25519) rflag="-r $R" idf=id.txt ;;
    ssh) rflag="-R ssh_id.pub" idf=ssh_id ;;
    esac
    aflag=""; [ "$arm" = armor ] && aflag="-a"
    # shellcheck disable=SC2086
    run "$HP_BIN" secrets encrypt --format age $rflag $aflag -o "c$kind$arm$n" "p$n"
    if [ "$RC" = 0 ] && "$AGE" -d -i "$idf" "c$kind$arm$n" 2>"$T/err" | cmp -s - "p$n"; then
        ok "ours -> age 1.3 -d: $kind $arm $n bytes"
    else
        not_ok "ours -> age 1.3 -d: $kind $arm $n bytes"; show
    fi
    # shellcheck disable=SC2086
    "$AGE" $rflag $aflag -o "a$kind$arm$n" "p$n"
    run "$HP_BIN" secrets decrypt --identity "$idf" -o "d$kind$arm$n" "a$kind$arm$n"
    if [ "$RC" = 0 ] && cmp -s "d$kind$arm$n" "p$n"; then
        ok "age 1.3 -> ours: $kind $arm $n bytes"
    else
        not_ok "age 1.3 -> ours: $kind $arm $n bytes"; show
    fi
}
for n in $sizes; do both x25519 binary "$n"; done
for n in 0 65536 3145729; do both x25519 armor "$n"; both ssh binary "$n"; done
both ssh armor 65537

# -- scrypt passphrases: age reads them from a terminal only, so it gets one (script(1))
printf 'correct horse battery\n' >pass.txt
for n in 0 65537; do
    run "$HP_BIN" secrets encrypt --format age --passphrase-file pass.txt -o "pw$n.age" "p$n"
    rm -f "pwout$n"
    printf 'correct horse battery\n' | script -qec "'$AGE' -d -o '$T/pwout$n' '$T/pw$n.age'" /dev/null >/dev/null 2>&1
    cmp -s "pwout$n" "p$n" && ok "ours (scrypt) -> age 1.3 -d with the passphrase: $n bytes" ||
        not_ok "ours (scrypt) -> age 1.3 -d with the passphrase: $n bytes"
    rm -f "apw$n.age"
    printf 'correct horse battery\ncorrect horse battery\n' |
        script -qec "'$AGE' -p -a -o '$T/apw$n.age' '$T/p$n'" /dev/null >/dev/null 2>&1
    if [ -s "apw$n.age" ]; then
        run "$HP_BIN" secrets decrypt --passphrase-file pass.txt -o "dpw$n" "apw$n.age"
        [ "$RC" = 0 ] && cmp -s "dpw$n" "p$n" && ok "age 1.3 -p -a -> ours with the passphrase: $n bytes" ||
            { not_ok "age 1.3 -p -a -> ours with the passphrase: $n bytes"; show; }
    else
        not_ok "age 1.3 -p wrote no file through script(1)"
    fi
done
printf 'wrong\n' >bad.txt
run "$HP_BIN" secrets decrypt --passphrase-file bad.txt apw0.age
expect_err 'incorrect passphrase' "a wrong passphrase for age's scrypt file is named"

# -- age 1.3's post-quantum hybrid recipients (age-keygen -pq, age1pq1..., mlkem768x25519)
"$KEYGEN" -pq -o pq.txt 2>/dev/null
PQR=$("$KEYGEN" -y pq.txt)
case $PQR in age1pq1*) ok "age-keygen -pq gives an age1pq1... recipient" ;; *) not_ok "age-keygen -pq gives an age1pq1... recipient ($PQR)" ;; esac
"$AGE" -r "$PQR" -o pq.age p65537
STANZA=$(grep -a -m1 '^-> ' pq.age | cut -d' ' -f2)
[ "$STANZA" = mlkem768x25519 ] && ok "age 1.3 writes an mlkem768x25519 stanza" || not_ok "stanza type of a PQ file: $STANZA"
run "$HP_BIN" secrets decrypt --identity id.txt pq.age
expect_rc 1 "a file for a PQ recipient does not decrypt with an X25519 identity"
expect_err "pq.age: no identity matched any of the file's recipients \\($STANZA\\)" "the error names the stanza type"
[ "$(wc -l <"$T/err")" = 1 ] && [ ! -s "$T/out" ] && ok "one error line, nothing on stdout" || { not_ok "one error line, nothing on stdout"; show; }
run "$HP_BIN" secrets decrypt --identity pq.txt pq.age
expect_rc 1 "our PQ identity is skipped, so the PQ file is not ours to open"
expect_err "pq.txt: line [0-9]+: skipping a post-quantum \\(mlkem768x25519\\) identity" "the skipped PQ identity is named"
expect_err "no identity (matched|to decrypt with)" "and nothing else matched"
# an identity file with the PQ identity first, then X25519 ones: those still work (age too)
{ cat pq.txt; cat id.txt; } >mixed.txt && chmod 600 mixed.txt
"$AGE" -r "$R" -o x.age p65537
"$AGE" -d -i mixed.txt x.age | cmp -s - p65537 && ok "age 1.3 reads the mixed identity file (control)" || not_ok "age 1.3 reads the mixed identity file"
run "$HP_BIN" secrets decrypt --identity mixed.txt -o x.out x.age
[ "$RC" = 0 ] && cmp -s x.out p65537 && ok "a PQ identity beside X25519 ones: the X25519 ones still work" ||
    { not_ok "a PQ identity beside X25519 ones: the X25519 ones still work"; show; }
expect_err 'skipping a post-quantum \(mlkem768x25519\) identity' "with a warning naming the skipped identity"
run env SOPS_AGE_KEY_FILE="$T/mixed.txt" "$HP_BIN" secrets decrypt -o x2.out x.age
[ "$RC" = 0 ] && cmp -s x2.out p65537 && ok "the same through SOPS_AGE_KEY_FILE" || { not_ok "the same through SOPS_AGE_KEY_FILE"; show; }
# encrypting to a PQ recipient: refused by name (we cannot write the hybrid stanza yet)
run "$HP_BIN" secrets encrypt --format age -r "$PQR" -o nope.age p1
expect_rc 1 "encrypt to an age1pq1... recipient is refused"
expect_err 'post-quantum recipients \(age1pq1\.\.\., mlkem768x25519\) are not supported yet' "and the refusal names the type"
[ ! -e nope.age ] && ok "no output file is left" || not_ok "no output file is left"

# -- ours -> age with several recipients (X25519 + ssh), each identity alone
"$KEYGEN" -o id2.txt 2>/dev/null
run "$HP_BIN" secrets encrypt --format age -r "$R" -r "$("$KEYGEN" -y id2.txt)" -R ssh_id.pub -o multi.age p65537
for idf in id.txt id2.txt ssh_id; do
    "$AGE" -d -i "$idf" multi.age 2>/dev/null | cmp -s - p65537 && ok "age 1.3 opens our 3-recipient file with $idf" ||
        not_ok "age 1.3 opens our 3-recipient file with $idf"
done
