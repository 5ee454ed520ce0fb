# What you diffed is what you apply (issue 23): `helm panda apply` decrypts each values file
# once per run and upgrades from the very memfiles its diffs read, through the recording helm
# (helm_recorder.sh: HP_REC_SUM logs the checksum of what each upgrade was given) and the
# stand-in helm-diff (its "C NAME <cksum>" lines: what each diff compared). Another operator
# re-encrypts the values file with a new secret while the diff runs (HP_DIFF_HOOK): the upgrade
# still gets the bytes the diff compared, and the file was decrypted once (--debug counts).
# An OCI chart is pulled once and that package file is what helm diffs and installs: a registry
# whose tag is moved during apply's diff (HP_DIFF_HOOK pushes another chart as 0.1.0, one that
# renders a marker) still deploys the chart pulled, checked and diffed (the recorder keeps the
# manifests helm 4 rendered for the upgrade, HP_REC_OUT_DIR).
# Mutants caught: deploy_values_prepare decrypting on every call (values.c values_once without
# its early return, as before): the upgrade's checksum differs from the diff's and the file is
# decrypted twice; the reference with --version instead of the package (plan_argv.c
# add_oci_flags without its package branch, as before): the upgrade renders the moved chart.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
# the recording helm is HELM_BIN for the runs that count calls: helm sets HELM_BIN to itself for
# a plugin, so those run the plugin's binary directly (as t_diff does); the others go through
# `helm panda`

diff_world
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
# the kept memfiles are memory only: under strace, the plaintext goes into a memfd and nowhere
# else, for the diff and the upgrade alike (the mutant HELM_PANDA_MEMFILE=tmpfs fails this)
ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0" HP_REC_SUM=1 \
    strace -f -y -s 100000 -e trace=openat,creat,write -o "$T/strace.log" "$HP_BIN" apply -C "$R" -c iam -e sec \
    >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "apply under strace"
grep -P '^\d+ +write\(\d+</memfd:' "$T/strace.log" | grep -q "$new" && ok "strace sees the plaintext go into a memfd" ||
    not_ok "strace saw no plaintext write at all"
leaks=$(grep -P '^\d+ +write\(\d+</' "$T/strace.log" | grep -F "$new" | grep -vP 'write\(\d+</memfd:' | head -3)
[ -z "$leaks" ] && ok "apply writes the decrypted value to no file" || not_ok "plaintext written to a file: $leaks"

# --- one pull per chart: the tag moved during the run is not what gets installed ---
. "$ROOT/tests/integration/registry_lib.sh"
registry_start open || exit 0
REPO=oci://127.0.0.1:$REGISTRY_PORT/charts
registry_push "$REPO" "$ROOT/testdata/deploy/helm/msgsvc"
[ "$PUSHED" -eq 1 ] && ok "msgsvc 0.1.0 pushed" || not_ok "msgsvc push"
pushed_manifest=$(sed -n 's/^Digest: //p' "$T/push.out")
pushed_sum=$(sha256sum "$T/pkgs/msgsvc-0.1.0.tgz" | cut -d' ' -f1)
# the other chart under the same tag: msgsvc 0.1.0 plus a ConfigMap named moved-tag-marker
mkdir -p "$T/moved" "$T/movedpkg"
cp -r "$ROOT/testdata/deploy/helm/msgsvc" "$T/moved/"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: moved-tag-marker\n' >"$T/moved/msgsvc/templates/moved.yaml"
helm package "$T/moved/msgsvc" -d "$T/movedpkg" >/dev/null || not_ok "package the moved chart"
S=$T/site
mkdir -p "$S"
cp -r "$R/secrets" "$S/"
printf 'charts:\n  repository: %s\n  version: 0.1.0\n  plainHttp: true\n' "$REPO" >"$S/helm-panda.yaml"
mkdir -p "$T/manifests"
move="mkdir '$T/hook.done' 2>/dev/null && '$HELM' push '$T/movedpkg/msgsvc-0.1.0.tgz' '$REPO' --plain-http >'$T/move.out' 2>&1 || true"
reset_logs
run env HP_REC_CHECK=1 HP_REC_OUT_DIR="$T/manifests" HP_DIFF_HOOK="$move" "$HP_BIN" apply -C "$S" -c msgsvc -e lsst
expect_rc 0 "apply from the registry"
rm -rf "$T/now" && mkdir -p "$T/now"
helm pull "$REPO/msgsvc" --version 0.1.0 --plain-http --untar -d "$T/now" >/dev/null 2>&1
[ -d "$T/hook.done" ] && [ -f "$T/now/msgsvc/templates/moved.yaml" ] &&
    ok "the tag was moved during the diff (the registry now serves the other chart as 0.1.0)" ||
    { not_ok "the tag was not moved"; cat "$T/move.out"; }
if grep -q '^kind: ConfigMap' "$T/manifests/test-msgsvc.yaml" 2>/dev/null &&
    ! grep -q moved-tag-marker "$T/manifests/test-msgsvc.yaml"; then
    ok "the upgrade installed the chart pulled and diffed, not the one the tag points to now"
else
    not_ok "the upgrade installed the moved tag's chart"
    head -40 "$T/manifests/test-msgsvc.yaml"
fi
n=$(grep -cP '^A \d+\tpull\t' "$T/rec.log")
[ "$n" -eq 1 ] && ok "one pull for the run" || { not_ok "$n pulls (want 1)"; cat "$T/rec.log"; }
grep -P '^A \d+\tupgrade\t--install\ttest-msgsvc\t/dev/fd/\d+\t' "$T/rec.log" >/dev/null &&
    ok "helm upgrade gets the package file (/dev/fd/N)" || { not_ok "upgrade argv"; cat "$T/rec.log"; }
grep -P '^A\t--allow-unreleased\t--reset-values\ttest-msgsvc\t/dev/fd/\d+\t' "$T/diff.log" >/dev/null &&
    ok "helm diff gets the package file (/dev/fd/N)" || { not_ok "diff argv"; cat "$T/diff.log"; }
expect_err "^chart $REPO/msgsvc version 0.1.0: msgsvc-0.1.0.tgz sha256:$pushed_sum \(manifest $pushed_manifest\)$" \
    "the summary names the package by the pushed .tgz's sha256 and manifest digest"
run env HP_REC_CHECK=1 "$HP_BIN" apply -C "$S" -c msgsvc -o json
python3 -c '
import json, sys
r = json.load(open(sys.argv[1]))["releases"][0]
sys.exit(not (r["package"]["file"] == "msgsvc-0.1.0.tgz" and len(r["package"]["sha256"]) == 64))' "$T/out" &&
    ok "apply -o json: each release's package" || { not_ok "apply -o json: package"; show; }

# --- a digest reference: the manifest helm pulled must be the reference's ---
mkdir -p "$T/dig"
cp -r "$R/secrets" "$T/dig/"
printf 'components:\n  msgsvc:\n    chart: "%s/msgsvc@%s"\ncharts: {plainHttp: true}\n' "$REPO" "$pushed_manifest" >"$T/dig/helm-panda.yaml"
run env -u HELM_BIN helm panda install --dry-run -C "$T/dig" -c msgsvc
expect_rc 0 "a digest reference (to the first push, since moved from the tag)"
expect_out "^#   package: msgsvc[-@.a-z0-9]*\.tgz sha256:$pushed_sum \(manifest $pushed_manifest\)" \
    "a digest reference: the package pulled by that digest"
# a helm whose pull reports another manifest than the one asked for
zeros=sha256:$(printf '0%.0s' $(seq 64))
cat >"$T/liarhelm" <<EOS
#!/bin/bash
[ "\$1" = pull ] || exec "$HELM" "\$@"
out=\$("$HELM" "\$@" 2>&1); rc=\$?
printf '%s\n' "\$out" | sed 's/^Digest: sha256:.*/Digest: $zeros/' >&2
exit \$rc
EOS
chmod +x "$T/liarhelm"
run env HELM_BIN="$T/liarhelm" "$HP_BIN" install --dry-run -C "$T/dig" -c msgsvc
expect_rc 1 "a pull that reports another manifest than the digest reference's: exit 1"
expect_err "^helm-panda: error: component msgsvc: cannot pull $REPO/msgsvc@$pushed_manifest: helm pulled the manifest $zeros, not $pushed_manifest$" \
    "one line naming the component, the reference and both digests"
expect_lines "$T/err" 1 "one line"
