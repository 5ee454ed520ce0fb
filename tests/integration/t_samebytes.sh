# What you diffed is what you apply (issue 23): `helm panda apply` decrypts each values file
# once per run and upgrades from the very memfiles its diffs read, through the recording helm
# (helm_recorder.sh: HP_REC_SUM logs the checksum of what each upgrade was given) and the
# stand-in helm-diff (its "C NAME <cksum>" lines: what each diff compared). Another operator
# re-encrypts the values file with a new secret while the diff runs (HP_DIFF_HOOK): the upgrade
# still gets the bytes the diff compared, and the file was decrypted once (--debug counts).
# Mutants caught: deploy_values_prepare decrypting on every call (values.c values_once without
# its early return, as before): the upgrade's checksum differs from the diff's and the file is
# decrypted twice.
. "$HP_ROOT/tests/integration/lib.sh"

cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
mkdir -p "$T/state"
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm HP_REC_CHECK=0
export HELM_BIN=$ROOT/tests/integration/helm_recorder.sh
export HP_DIFF_STATE=$T/state HP_DIFF_LOG=$T/diff.log
reset_logs() { rm -rf "$T/rec.log" "$T/rec.log.count" "$T/rec.log.lock" "$T/diff.log" "$T/hook.done"; }
helm plugin install "$ROOT/tests/integration/helm-diff-standin" >/dev/null 2>&1 && ok "stand-in helm-diff installed" ||
    not_ok "stand-in helm-diff install"

# --- one decryption per run: a values file re-encrypted during the diff ---
age-keygen -o "$T/key.txt" 2>/dev/null
recipient=$(grep -o 'age1[a-z0-9]*' "$T/key.txt")
export SOPS_AGE_KEY_FILE=$T/key.txt
old=HPSECRET; old=${old}-before-1 # built here: this script's own text must not match
new=HPSECRET; new=${new}-after-2
sec=$R/helm/iam/values/values-sec.yaml
printf 'db:\n  password: %s\n' "$old" >"$sec"
"$HP_BIN" secrets encrypt -r "$recipient" -i "$sec" || not_ok "encrypt values-sec.yaml"
# the other operator's edit, made while the diff of test-iam runs (once)
printf 'db:\n  password: %s\n' "$new" >"$T/next.yaml"
"$HP_BIN" secrets encrypt -r "$recipient" -o "$T/next.enc.yaml" "$T/next.yaml" || not_ok "encrypt the next version"
rm "$T/next.yaml"
hook="mkdir '$T/hook.done' 2>/dev/null && cp '$T/next.enc.yaml' '$sec' || true"

reset_logs
run env HP_REC_SUM=1 HP_DIFF_HOOK="$hook" HELM_DEBUG=true "$HP_BIN" apply -C "$R" -c iam -e sec
expect_rc 0 "apply with an encrypted values file"
[ -d "$T/hook.done" ] && cmp -s "$sec" "$T/next.enc.yaml" && ok "the values file was re-encrypted during the diff" ||
    not_ok "the hook did not change the values file"
diffsum=$(awk '$1 == "C" && $2 == "test-iam" {print $3}' "$T/diff.log")
upsum=$(awk '$1 == "F" && $3 == "test-iam" {print $4}' "$T/rec.log")
if [ -n "$diffsum" ] && [ "$diffsum" = "$upsum" ]; then
    ok "the upgrade got the values the diff compared (checksum $diffsum), not the file as changed since"
else
    not_ok "the upgrade's values differ from the diff's (diff $diffsum, upgrade $upsum)"
    show
fi
n=$(grep -c "values-sec.yaml: decrypted in memory" "$T/err")
[ "$n" -eq 1 ] && ok "the values file was decrypted once for the diff and the upgrade" ||
    { not_ok "the values file was decrypted $n times (want 1)"; show; }
grep -q "$old\|$new" "$T/out" "$T/err" && not_ok "a decrypted value is in the output" ||
    ok "no decrypted value in the output"
grep -P "^A \d+\tupgrade\t--install\ttest-iam\t.*\t-f\t/dev/fd/\d+\t" "$T/rec.log" >/dev/null &&
    ok "the upgrade reads the values through /dev/fd/N" || { not_ok "upgrade argv"; cat "$T/rec.log"; }
# the next run reads the file as it is now: the new secret is a change
reset_logs
run env HP_REC_SUM=1 HP_DIFF_SAVE=1 "$HP_BIN" apply -C "$R" -c iam -e sec
expect_rc 0 "the next apply"
diffsum2=$(awk '$1 == "C" && $2 == "test-iam" {print $3}' "$T/diff.log")
[ -n "$diffsum2" ] && [ "$diffsum2" != "$diffsum" ] && ok "the next run decrypts the file afresh (the new secret)" ||
    not_ok "the next run compared the same values ($diffsum2)"
