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
