# age interoperability with a second independent implementation: the npm package
# age-encryption (TypeScript). Both directions, binary and armored, passphrases, and files
# that also carry post-quantum mlkem768x25519 stanzas (which we skip, naming them when
# nothing else matches).
. "$HP_ROOT/tests/integration/lib.sh"
cd "$T" || exit 1
# No helm is involved: run once (with helm 4) to keep CI time down.
[ "$HELM_MAJOR" = 4 ] || { echo "# t_age_npm: runs with helm 4 only"; exit 0; }
export AGE_NPM=$ROOT/tools/npm/node_modules/age-encryption
[ -d "$AGE_NPM" ] || { not_ok "npm age-encryption missing (scripts/deps.sh --tests)"; exit 1; }
js() { node "$ROOT/tests/integration/age_npm.mjs" "$@"; }

age-keygen -o id.txt 2>/dev/null
R=$(age-keygen -y id.txt)
head -c 200001 /dev/urandom >p

for arm in "" -a; do
    run "$HP_BIN" secrets encrypt --format age -r "$R" $arm -o ours.age p
    if js decrypt -i id.txt ours.age out 2>"$T/err" && cmp -s out p; then
        ok "ours -> npm age-encryption ${arm:-binary}"
    else
        not_ok "ours -> npm age-encryption ${arm:-binary}"; show
    fi
    rm -f out
    js encrypt -r "$R" $arm p npm.age
    run "$HP_BIN" secrets decrypt --identity id.txt -o out npm.age
    if [ "$RC" -eq 0 ] && cmp -s out p; then ok "npm age-encryption -> ours ${arm:-binary}"; else
        not_ok "npm age-encryption -> ours ${arm:-binary}"; show; fi
    rm -f out
done

# passphrases both ways (npm writes work factor 12; we write age's 18)
printf 'tr0ub4dor&3\n' >pass.txt
js encrypt -p 'tr0ub4dor&3' p npmpw.age
run "$HP_BIN" secrets decrypt --passphrase-file pass.txt -o out npmpw.age
if [ "$RC" -eq 0 ] && cmp -s out p; then ok "npm passphrase file -> ours"; else not_ok "npm passphrase file -> ours"; show; fi
rm -f out
head -c 1000 p >small
run "$HP_BIN" secrets encrypt --format age --passphrase-file pass.txt -o ourpw.age small
if js decrypt -p 'tr0ub4dor&3' ourpw.age out 2>"$T/err" && cmp -s out small; then ok "our passphrase file -> npm"; else
    not_ok "our passphrase file -> npm"; show; fi

# a post-quantum hybrid recipient next to an X25519 one: our X25519 identity opens it
PQ=$(js keygen-hybrid pq.txt)
case $PQ in age1pq1*) ok "npm made a hybrid recipient" ;; *) not_ok "npm made a hybrid recipient ($PQ)" ;; esac
js encrypt -r "$PQ" -r "$R" p both.age
run "$HP_BIN" secrets decrypt --identity id.txt -o out both.age
if [ "$RC" -eq 0 ] && cmp -s out p; then ok "hybrid + X25519 file opens with the X25519 identity"; else
    not_ok "hybrid + X25519 file opens with the X25519 identity"; show; fi
js encrypt -r "$PQ" p pq.age
run "$HP_BIN" secrets decrypt --identity id.txt pq.age
expect_rc 1 "a hybrid-only file does not open with an X25519 identity"
expect_err 'pq.age: no identity matched any of the file.s recipients \(mlkem768x25519\)' "and the error names the hybrid type"
chmod 600 pq.txt
run "$HP_BIN" secrets decrypt --identity pq.txt pq.age
expect_err 'pq.txt: line 1: skipping a post-quantum \(mlkem768x25519\) identity' "a hybrid identity is skipped with a warning"
