# The secrets commands' safety rules (issue 11): flags that would do nothing are refused,
# low-order recipients are refused instead of looping, a killed decrypt leaves no plaintext on
# disk, core dumps are off while plaintext is held, and YAML strings stay strings for a YAML 1.2
# reader. Runs the binary directly: helm adds nothing to these paths.
. "$HP_ROOT/tests/integration/lib.sh"
cd "$T" || exit 1

age-keygen -o id.txt 2>/dev/null
R=$(age-keygen -y id.txt)
printf 'PLAINTEXT-MARKER\n' >p
age -r "$R" -o p.age p
cp p.age p.age.orig

# ---- 7. SOPS-only flags on an age file: a usage error before anything is decrypted ----
for flags in "-i" "--in-place" "--extract a" "--ignore-mac"; do
    # shellcheck disable=SC2086
    run "$HP_BIN" secrets decrypt --identity id.txt $flags p.age
    expect_rc 2 "decrypt $flags on an age file is a usage error"
    expect_err "^helm-panda: error: .*$(echo "$flags" | sed 's/ .*//; s/^-*//').* applies to SOPS documents only; p.age is an age file" \
        "decrypt $flags on an age file names the flag"
    [ "$(grep -c 'error' "$T/err")" -eq 1 ] && ok "decrypt $flags: one error line" || { not_ok "decrypt $flags: one error line"; show; }
    grep -q PLAINTEXT-MARKER "$T/out" "$T/err" && not_ok "decrypt $flags printed the plaintext" ||
        ok "decrypt $flags printed no plaintext"
    cmp -s p.age p.age.orig && ok "decrypt $flags left the file alone" || not_ok "decrypt $flags left the file alone"
done

# ---- 3. A low-order X25519 recipient (the all-zero key) is refused at once, not looped on ----
ZERO=age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z
run timeout 20 "$HP_BIN" secrets encrypt --format age -r "$ZERO" -o z.age p
expect_rc 1 "encrypt --format age to the all-zero key fails (124 = the old endless loop)"
expect_err '^helm-panda: error: -r: X25519 recipient "age1q+5cu47z": low order point$' "the low-order recipient is named"
expect_lines "$T/err" 1 "low-order recipient: one error line"
[ ! -e z.age ] && ok "no output for a low-order recipient" || not_ok "no output for a low-order recipient"
printf 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z\n' >zero.txt
run timeout 20 "$HP_BIN" secrets encrypt --format age -R zero.txt p
expect_rc 1 "encrypt -R with the all-zero key fails"
expect_err 'zero.txt: line 1.*low order point' "the low-order line of -R is named"
mkdir -p sopsdir
printf 'creation_rules:\n  - age: %s,%s\n' "$R" "$ZERO" >sopsdir/.sops.yaml
printf 'password: PLAINTEXT-MARKER\n' >sopsdir/v.yaml
cp sopsdir/v.yaml sopsdir/v.yaml.orig
run timeout 20 "$HP_BIN" secrets encrypt -i sopsdir/v.yaml
expect_rc 1 "SOPS encrypt through .sops.yaml with the all-zero key fails"
expect_err 'low order point' "SOPS: the low-order recipient is named"
expect_lines "$T/err" 1 "SOPS low-order recipient: one error line"
cmp -s sopsdir/v.yaml sopsdir/v.yaml.orig && ok "SOPS: the file is left alone" || not_ok "SOPS: the file is left alone"
