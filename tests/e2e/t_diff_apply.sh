# helm panda diff and apply (issue 15) against a real API server, through the real helm-diff
# plugin (built by scripts/e2e-cluster.sh, installed with `helm plugin install`):
#   - a first diff shows every release new (--detailed-exitcode: 2);
#   - after install, every release unchanged, --detailed-exitcode exits 0;
#   - one values file changed (panda's): exactly that release changed, exit 2; apply upgrades
#     only it (helm list: panda revision 2, the others 1), the others "unchanged, skipped";
#   - a SOPS-encrypted value changed (iam's, rendered into a Secret): iam changed, the value
#     masked (neither the old nor the new plaintext in the output), and under strace -f no
#     write of the plaintext reaches a file (only the memfd helm reads as /dev/fd/N); no file
#     written during the run holds it either; apply then upgrades iam only.
# Mutants tried here, against the real cluster: helm list ignored (apply.c installed_at always
# "unknown"): helm-diff 3.13 prints no "not present" banner, so the first diff shows "changed",
# not "new"; before --disable-validation (diff.c), every helm 4 diff failed (helm-diff 3.13's
# --validate); before `helm list` without --all under helm 4, the same "new" rows failed.
# The selection, cascade, masking and memfd mutants are caught by the same assertions in
# tests/integration/t_diff.sh (listed there).
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
if helm plugin install "$HELM_DIFF_PLUGIN" >"$T/diff-install.log" 2>&1; then
    ok "helm-diff installed with helm plugin install"
else
    not_ok "helm plugin install helm-diff"; cat "$T/diff-install.log"; exit 1
fi
ns=$(new_ns diff) || exit 1
D=$T/deploy
deploy_copy "$D"
COMPONENTS="msgsvc iam panda harvester idds bigmon"
e2e_values "$D" e2e panda 'readyDelay: "1s"'

# iam renders a Secret from a SOPS-encrypted value (helm-diff masks Secret data)
e2e_secret "$D"
old=HPSECRET; old=${old}-e2e-old-4d1f # built here: this script's text must not match
new=HPSECRET; new=${new}-e2e-new-9c2b
secret_value() {
    printf 'e2e:\n  readyDelay: "1s"\ne2eSecret:\n  password: %s\n' "$1" >"$D/helm/iam/values/values-e2e.yaml"
    "$HP_BIN" secrets encrypt -r "$recipient" -i "$D/helm/iam/values/values-e2e.yaml" ||
        not_ok "encrypting iam's values-e2e.yaml"
}
mkdir -p "$D/helm/iam/values"
secret_value "$old"
grep -q HPSECRET "$D/helm/iam/values/values-e2e.yaml" && not_ok "iam's values-e2e.yaml is plaintext" ||
    ok "iam's values-e2e.yaml is SOPS-encrypted"

# --- nothing installed: every release new ---
run helm -n "$ns" panda diff -C "$D" -e e2e --detailed-exitcode
expect_rc 2 "first diff: --detailed-exitcode exits 2"
for c in $COMPONENTS; do
    expect_out "^test-$c +$c +new +[1-9][0-9]* +0 +0 *\$" "first diff: test-$c new"
done
expect_out '^6 of 6 would change \(6 new, 0 changed\), 0 unchanged$' "first diff: six new"
[ -z "$(helm list -n "$ns" -q)" ] && ok "diff installed nothing" || not_ok "diff installed: $(helm list -n "$ns" -q)"

# --- installed: every release unchanged, exit 0 ---
run helm -n "$ns" panda install -C "$D" -e e2e --timeout 3m
expect_rc 0 "install"
run helm -n "$ns" panda diff -C "$D" -e e2e --detailed-exitcode
expect_rc 0 "after install: --detailed-exitcode exits 0"
for c in $COMPONENTS; do
    expect_out "^test-$c +$c +unchanged +0 +0 +0 *\$" "after install: test-$c unchanged"
done

# --- one values file changed: that release alone, exit 2; apply upgrades it alone ---
e2e_values "$D" e2e panda 'readyDelay: "2s"'
run helm -n "$ns" panda diff -C "$D" -e e2e --detailed-exitcode
expect_rc 2 "panda's values changed: --detailed-exitcode exits 2"
expect_out '^test-panda +panda +changed +0 +[1-9][0-9]* +0 *$' "panda changed"
[ "$(grep -cE '^test-[a-z]+ +[a-z]+ +unchanged ' "$T/out")" -eq 5 ] && ok "exactly one release changed" ||
    { not_ok "exactly one release changed"; show; }
expect_out 'test-panda-panda-e2e, StatefulSet \(apps\) has changed:' "the StatefulSet of panda has changed"
# helm-diff's own variables in the operator's shell change what the real helm-diff prints
# (HELM_DIFF_OUTPUT=dyff/json: no unified diff for our counts) and compares: on 7040896 every
# release was then "unchanged" and apply upgraded nothing, exit 0 (issue 23, item 2). Mutant
# caught: the argv and environment of 7040896 (no `--output diff` in deploy_diff_flags_argv,
# src/deploy/plan/plan_argv.c, and deploy_diff_env_neutralise, src/deploy/ops/diff.c, a no-op).
export HELM_DIFF_OUTPUT=dyff HELM_DIFF_OUTPUT_CONTEXT=0 HELM_DIFF_NORMALIZE_MANIFESTS=true
run helm -n "$ns" panda diff -C "$D" -e e2e --detailed-exitcode
expect_rc 2 "HELM_DIFF_OUTPUT=dyff in the shell: the real helm-diff still counted, exit 2"
expect_out '^test-panda +panda +changed +0 +[1-9][0-9]* +0 *$' "HELM_DIFF_OUTPUT=dyff: panda still changed"
export HELM_DIFF_OUTPUT=json
run helm -n "$ns" panda apply -C "$D" -e e2e --timeout 3m
unset HELM_DIFF_OUTPUT HELM_DIFF_OUTPUT_CONTEXT HELM_DIFF_NORMALIZE_MANIFESTS
expect_rc 0 "apply (HELM_DIFF_OUTPUT=json in the shell)"
expect_err '^test-panda +panda +changed \+0 ~[1-9][0-9]* -0 +upgraded ' "apply: panda upgraded"
expect_err '^test-harvester +harvester +unchanged +unchanged, skipped ' "apply: harvester (needs panda) unchanged, skipped"
helm list -n "$ns" -o json --filter '^test-[a-z]+$' >"$T/list.json" # (not the snapshot release)
check_py "after apply: panda at revision 2, the others at 1" '
{r["name"]: int(r["revision"]) for r in json.load(open(sys.argv[1]))} ==
{"test-msgsvc": 1, "test-iam": 1, "test-panda": 2, "test-harvester": 1, "test-idds": 1, "test-bigmon": 1}' "$T/list.json"
# (panda itself still differs: the e2e workload annotates .Release.Revision, which a render
# never knows; that is the fixture, not a change of ours)
run helm -n "$ns" panda diff -C "$D" -e e2e
[ "$(grep -cE '^test-[a-z]+ +[a-z]+ +unchanged ' "$T/out")" -eq 5 ] && ok "after apply: the five others still unchanged" ||
    { not_ok "after apply: five unchanged"; show; }

# --- a SOPS-encrypted value changed: changed, masked, never in a file ---
secret_value "$new"
touch "$T/stamp"
sleep 0.01
strace -f -y -s 100000 -e trace=openat,creat,write,mkdir,mkdirat -o "$T/strace.log" \
    helm -n "$ns" panda diff -C "$D" -e e2e --detailed-exitcode >"$T/out" 2>"$T/err"
RC=$?
expect_rc 2 "the encrypted value changed: exit 2 (under strace)"
expect_out '^test-iam +iam +changed +0 +1 +0 *$' "iam changed: one resource (its Secret)"
expect_out 'test-iam-e2e-secret, Secret \(v1\) has changed:' "the Secret has changed"
grep -qE "$old|$new" "$T/out" "$T/err" && not_ok "the secret value is in the diff's output" ||
    ok "the secret value is masked (neither old nor new plaintext in the output)"
grep -P '^\d+ +write\(\d+</memfd:' "$T/strace.log" | grep -qF "$new" &&
    ok "strace sees the plaintext written to a memfd (the check sees writes)" || not_ok "strace saw no plaintext write"
leaks=$(grep -P '^\d+ +write\(\d+</' "$T/strace.log" | grep -E "$old|$new" | grep -vP 'write\(\d+</memfd:' | head -3)
[ -z "$leaks" ] && ok "strace: the plaintext is written to no file" || not_ok "plaintext written to a file: $leaks"
# every file helm or the real helm-diff created during the diff (helm-diff writes the old and new
# values it compares to temporary files) is in the plugin's private tmpfs TMPDIR, none on a disk
created=$(grep -P '^\d+ +(openat|creat)\(' "$T/strace.log" | grep O_CREAT |
    sed -n 's/^[0-9]* *[a-z]*([^"]*"\([^"]*\)".*/\1/p' | sort -u)
ondisk=$(printf '%s\n' "$created" | grep -E "^(/tmp|/var/tmp|${TMPDIR:-/tmp})/" |
    grep -vE "^$T/(helmhome|home)/|/hp-e2e\.[^/]*/cluster/" | head -3)
[ -z "$ondisk" ] && ok "strace: no file created in /tmp, /var/tmp or \$TMPDIR during the diff" ||
    not_ok "created on disk during the diff: $ondisk"
# control: the trace sees the plugin make its private tmpfs folder (helm and helm-diff's TMPDIR),
# so a file they created anywhere would be in it too
grep -qP '^\d+ +mkdir(at)?\(.*"[^"]*/helm-panda\.[^/"]+"' "$T/strace.log" &&
    ok "strace: the plugin made its private tmpfs TMPDIR (the trace sees the process tree's files)" ||
    not_ok "strace saw no private TMPDIR made"
# (the cluster's own etcd files hold the Secret the install put there: not ours to check)
files=$(find "$T" "$HOME" "${TMPDIR:-/tmp}" -xdev -type f -newer "$T/stamp" ! -path "$T/strace.log" ! -path '*/hp-e2e.*/cluster/*' 2>/dev/null |
    xargs -r grep -lE "$old|$new" 2>/dev/null | head -3)
[ -z "$files" ] && ok "no file written during the diff holds the plaintext" || not_ok "plaintext in: $files"
run helm -n "$ns" panda apply -C "$D" -e e2e --timeout 3m
expect_rc 0 "apply of the secret change"
helm list -n "$ns" -o json >"$T/list.json"
check_py "after the second apply: iam at revision 2, msgsvc/harvester/idds/bigmon still 1" '
(lambda r: r["test-iam"] == 2 and r["test-panda"] >= 2 and all(r[n] == 1 for n in
 ("test-msgsvc", "test-harvester", "test-idds", "test-bigmon")))(
{r["name"]: int(r["revision"]) for r in json.load(open(sys.argv[1]))})' "$T/list.json"
got=$(kubectl -n "$ns" get secret test-iam-e2e-secret -o 'jsonpath={.data.password}' | base64 -d)
[ "$got" = "$new" ] && ok "the cluster holds the new secret value" || not_ok "secret value in the cluster"
