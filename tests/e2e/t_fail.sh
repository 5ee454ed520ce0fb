# Failures against a real API server:
#  1. a release whose pods never become Ready (iam): it fails at --timeout, its dependents
#     (panda, then harvester, idds, bigmon) are skipped, the independent msgsvc finishes; exit 1
#     and a summary that says so; status shows iam failed.
#  2. --atomic (helm 4: --rollback-on-failure) on an upgrade that never becomes Ready: the failed
#     release is rolled back (helm history: revision 2 failed, revision 3 rolls back to 1) and
#     `helm panda status` shows it deployed at revision 3.
#  3. a chart the API server rejects (a ConfigMap with an invalid name in msgsvc): fails fast,
#     long before --timeout, with the server's message; nothing later starts.
# Mutants tried: --atomic dropped from the argv (plan_argv.c): iam stays "failed" at revision 3;
# fail-fast off (runner.c: a failure no longer stops new starts): iam runs after the rejected
# msgsvc; report_error_line without the multi-error item (the commit before the fix): msgsvc's
# note is only "exit 1: Error: 1 error occurred:" and the summary check fails under helm 3
# (helm 4.1 reports this rejection in one "Error:" line, which passed before too).
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
D=$T/deploy
deploy_copy "$D"
e2e_values "$D" stuck iam 'neverReady: true'
e2e_values "$D" bad msgsvc 'invalid: true'

# 1. never Ready
ns=$(new_ns never) || exit 1
t0=$(date +%s)
run helm -n "$ns" panda install -C "$D" -e stuck --timeout 15s
el=$(($(date +%s) - t0))
expect_rc 1 "never-ready iam: exit 1"
[ $el -ge 15 ] && [ $el -lt 90 ] && ok "failed at the timeout (${el} s for --timeout 15s)" || not_ok "took ${el} s for --timeout 15s"
expect_err '^test-msgsvc +msgsvc +deployed ' "summary: independent msgsvc deployed"
expect_err '^test-iam +iam +failed .*(context deadline exceeded|timed out|not ready)' "summary: iam failed at the timeout"
expect_err '^test-panda +panda +skipped .*test-iam' "summary: panda skipped (needs iam)"
for c in harvester idds bigmon; do
    expect_err "^test-$c +$c +skipped " "summary: $c skipped"
done
helm list -n "$ns" $LIST_ALL -o json >"$T/list.json"
check_py "cluster: msgsvc deployed, iam failed, nothing else installed" '
sorted((r["name"], r["status"]) for r in json.load(open(sys.argv[1]))) == [("test-iam", "failed"), ("test-msgsvc", "deployed")]' "$T/list.json"
run helm -n "$ns" panda status -C "$D"
expect_rc 1 "status: exit 1"
expect_out '^test-iam +iam +failed +1 ' "status: iam failed, revision 1"
expect_out '^test-panda +panda +not installed ' "status: panda not installed"

# 2. --atomic: an upgrade that never becomes Ready is rolled back
ns=$(new_ns atomic) || exit 1
run helm -n "$ns" panda install -C "$D" -c msgsvc,iam --timeout 2m
expect_rc 0 "atomic: first install of msgsvc and iam"
run helm -n "$ns" panda install -C "$D" -c msgsvc,iam -e stuck --timeout 15s --atomic
expect_rc 1 "atomic: upgrade with iam never Ready fails"
expect_err '^test-iam +iam +failed ' "atomic: summary says iam failed"
expect_err '^test-msgsvc +msgsvc +deployed ' "atomic: msgsvc upgraded"
run helm -n "$ns" panda status -C "$D" -c msgsvc,iam
expect_rc 0 "atomic: status exit 0 (iam rolled back to deployed)"
expect_out '^test-iam +iam +deployed +3 ' "atomic: status shows iam deployed at revision 3 (the rollback)"
expect_out '^test-msgsvc +msgsvc +deployed +2 ' "atomic: msgsvc at revision 2"
helm -n "$ns" history test-iam -o json >"$T/hist.json"
check_py "atomic: helm history: 2 failed, 3 = rollback to 1" '
(lambda h: h[2]["status"] == "failed" and h[3]["status"] == "deployed" and "Rollback to 1" in h[3]["description"])(
 {int(x["revision"]): x for x in json.load(open(sys.argv[1]))})' "$T/hist.json"

# 3. rejected by the API server: fail fast, nothing later starts. --parallel 1 so that iam, which
# does not need msgsvc, comes after it: only fail-fast (not a need) keeps it from starting.
ns=$(new_ns reject) || exit 1
t0=$(date +%s)
run helm -n "$ns" panda install -C "$D" -e bad --timeout 5m --parallel 1
el=$(($(date +%s) - t0))
expect_rc 1 "rejected manifest: exit 1"
[ $el -lt 60 ] && ok "fails fast (${el} s, --timeout 5m)" || not_ok "rejected manifest took ${el} s"
expect_err '^test-msgsvc +msgsvc +failed .*ConfigMap "test-msgsvc-msgsvc-Not_A_Valid_Name" is invalid' \
    "summary: msgsvc failed, its note names the rejected object (the first item of helm's multi-error)"
expect_err 'test-msgsvc \| .*ConfigMap "test-msgsvc-msgsvc-Not_A_Valid_Name" is invalid: metadata.name: Invalid value' \
    "the API server's rejection is shown, naming the object"
expect_err '^test-iam +iam +not started ' "summary: iam (independent) not started: fail-fast"
for c in panda harvester idds bigmon; do
    expect_err "^test-$c +$c +(skipped|not started)" "summary: $c did not run"
done
left=$(helm list -n "$ns" $LIST_ALL -q | grep -v -e '^test-msgsvc$')
[ -z "$left" ] && ok "no later release exists in the cluster" || not_ok "later releases exist: $left"
[ -z "$(kubectl -n "$ns" get all -l app.kubernetes.io/instance=test-panda -o name)" ] &&
    ok "no object of panda was created" || not_ok "panda objects exist"
