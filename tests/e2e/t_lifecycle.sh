# The main job against a real API server: `helm -n NS panda install` of the bundled example
# deployment (testdata/deploy plus the e2e workload: StatefulSet with a volume claim, hook Jobs),
# then a second run (upgrade), status (table and JSON), and uninstall.
#   - every release deployed, in NS, named as the plan says (and nothing in "default");
#   - dependents' objects created only after their needs' pods were Ready, from the API's own
#     timestamps (needs get a kwok delay of 4 s, so a dependent started early shows it);
#   - a second run: revision 2 everywhere; status reads the real releases, CHART included (helm
#     list's, real helm's status has none), table and JSON;
#   - uninstall: dependents first (their pre-delete hook Jobs, which take ~2 s each, were created
#     before their needs'), no release left.
# Mutants tried: no --wait in the install argv (plan_argv.c add_wait a no-op): the timestamp
# check fails; the CHART from `helm status -o json` as before (the commit before the fix, and
# deploy_status_add_listed a no-op): every status-table CHART row and the -o json check fail
# (real helm's column was "-"); uninstall without the reversed needs (cmd_deploy.c jobs_for): the uninstall order
# check fails. Equivalent, survives: status without --namespace (helm's HELM_NAMESPACE, which
# helm sets for the plugin, reaches the child helm anyway).
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns life) || exit 1
D=$T/deploy
deploy_copy "$D"
for c in msgsvc iam; do e2e_values "$D" e2e "$c" 'readyDelay: "4s"'; done
e2e_values "$D" e2e panda 'readyDelay: "3s"'
COMPONENTS="msgsvc iam panda harvester idds bigmon"

# the plan's names
run helm -n "$ns" panda install -C "$D" -e e2e --dry-run -o json
py 'import json, sys
p = json.load(open(sys.argv[1]))
print(" ".join(r["name"] for r in p["releases"]))' "$T/out" >"$T/planned" 2>&1
[ "$(tr ' ' '\n' <"$T/planned" | sort | tr '\n' ' ')" = "test-bigmon test-harvester test-iam test-idds test-msgsvc test-panda " ] &&
    ok "plan: six releases test-<component>" || not_ok "plan names: $(cat "$T/planned")"

t0=$(date +%s)
run helm -n "$ns" panda install -C "$D" -e e2e --timeout 3m
expect_rc 0 "install of the example deployment"
echo "   install took $(($(date +%s) - t0)) s"
for c in $COMPONENTS; do
    expect_err "^test-$c +$c +deployed " "summary: test-$c deployed"
done

helm list -n "$ns" -o json --filter '^test-[a-z]+$' >"$T/list.json" # (not the snapshot release, t_rollback)
check_py "helm list: the planned releases, deployed, revision 1, in $ns" '
sorted((r["name"], r["namespace"], r["status"], str(r["revision"])) for r in json.load(open(sys.argv[1]))) ==
sorted((n, sys.argv[2], "deployed", "1") for n in open(sys.argv[3]).read().split())' "$T/list.json" "$ns" "$T/planned"
[ -z "$(helm list -n default -q)" ] && ok "nothing installed in namespace default" || not_ok "releases in default: $(helm list -n default -q)"
kubectl -n "$ns" get configmap test-panda-server -o name >/dev/null 2>&1 &&
    ok "objects named from global.deploymentName (configmap test-panda-server)" || not_ok "configmap test-panda-server missing"
pvcs=$(kubectl -n "$ns" get pvc -o 'jsonpath={range .items[*]}{.status.phase}{"\n"}{end}' | sort | uniq -c | tr -s ' ')
[ "$pvcs" = " 6 Bound" ] && ok "six volume claims Bound" || not_ok "volume claims: $pvcs"

# needs Ready before dependents' first object: creationTimestamp >= Ready lastTransitionTime
for k in pods configmaps services statefulsets deployments jobs; do
    kubectl -n "$ns" get "$k" -o json >"$T/$k.json"
done
cat >"$T/order.py" <<'PY'
import json, sys
d = sys.argv[1]
needs = {"panda": ["msgsvc", "iam"], "harvester": ["panda"], "idds": ["panda"], "bigmon": ["panda"]}
created, ready = {}, {}
for k in ["configmaps", "services", "statefulsets", "deployments", "jobs", "pods"]:
    for o in json.load(open(f"{d}/{k}.json"))["items"]:
        rel = o["metadata"].get("labels", {}).get("app.kubernetes.io/instance")
        if not rel:
            continue
        c = rel.removeprefix("test-")
        created[c] = min(created.get(c, "9"), o["metadata"]["creationTimestamp"])
        if k == "pods" and not any(r["kind"] == "Job" for r in o["metadata"].get("ownerReferences", [])):
            t = [x["lastTransitionTime"] for x in o["status"].get("conditions", []) if x["type"] == "Ready" and x["status"] == "True"]
            ready[c] = max([ready.get(c, "")] + t)
bad = 0
for c, ns in needs.items():
    for n in ns:
        if not ready.get(n) or created.get(c, "") < ready[n]:
            bad += 1
        print(f"{c} first object {created.get(c)} >= {n} Ready {ready.get(n)}")
sys.exit(1 if bad or len(created) != 6 else 0)
PY
if python3 "$T/order.py" "$T" >"$T/order.out" 2>&1; then
    ok "dependents created after their needs were Ready (API timestamps)"
else
    not_ok "a dependent was created before its needs were Ready"; cat "$T/order.out"
fi

# second run: an upgrade of every release
run helm -n "$ns" panda install -C "$D" -e e2e --timeout 3m
expect_rc 0 "second run"
helm list -n "$ns" -o json --filter '^test-[a-z]+$' >"$T/list.json"
check_py "second run: every release at revision 2, deployed" '
sorted((r["name"], r["status"], str(r["revision"])) for r in json.load(open(sys.argv[1]))) ==
sorted((n, "deployed", "2") for n in open(sys.argv[2]).read().split())' "$T/list.json" "$T/planned"

# status: table and JSON, from the real releases (and helm's own answer agrees)
run helm -n "$ns" panda status -C "$D"
expect_rc 0 "status: exit 0, all deployed"
# CHART: real helm's `status -o json` carries no chart (only the old integration stand-in printed
# one, so the column was "-" against a real cluster); it comes from one `helm list` call
for c in $COMPONENTS; do
    expect_out "^test-$c +$c +deployed +2 +$c-0\.1\.0 +20[0-9-]+T" "status table: test-$c deployed, revision 2, chart $c-0.1.0, updated"
done
run helm -n "$ns" panda status -C "$D" -o json
helm -n "$ns" status test-panda -o json >"$T/helm-status.json"
check_py "status -o json: six releases deployed at revision 2 with their chart and app version; panda's last_deployed is helm's own" '
(lambda s, h: len(s) == 6 and all(x["status"] == "deployed" and x["revision"] == 2 and x["chart"] == x["component"] + "-0.1.0"
                                  and x["appVersion"] == "1.0.0" for x in s.values())
 and s["test-panda"]["updated"] == h["info"]["last_deployed"])(
 {x["name"]: x for x in json.load(open(sys.argv[1]))["status"]}, json.load(open(sys.argv[2])))' "$T/out" "$T/helm-status.json"

# uninstall: dependents first; nothing left
t1=$(date +%s)
run helm -n "$ns" panda uninstall -C "$D" --timeout 3m
expect_rc 0 "uninstall"
echo "   uninstall took $(($(date +%s) - t1)) s"
# (the snapshot release stays: its history outlives an uninstall, t_rollback)
[ -z "$(helm list -n "$ns" $LIST_ALL -q | grep -v -- '-panda-snapshots$')" ] && ok "no release left (helm list)" || not_ok "releases left: $(helm list -n "$ns" $LIST_ALL -q)"
[ -z "$(kubectl -n "$ns" get secrets -l owner=helm -o name | grep -v -- '-panda-snapshots\.v[0-9]*$')" ] && ok "no helm release record left" ||
    not_ok "release records left: $(kubectl -n "$ns" get secrets -l owner=helm -o name)"
kubectl -n "$ns" get jobs -l e2e.helm-panda.io/hook=pre-delete -o json >"$T/predelete.json"
cat >"$T/unorder.py" <<'PY'
import json, sys
needs = {"panda": ["msgsvc", "iam"], "harvester": ["panda"], "idds": ["panda"], "bigmon": ["panda"]}
began = {o["metadata"]["labels"]["e2e.helm-panda.io/release"].removeprefix("test-"): o["metadata"]["creationTimestamp"]
         for o in json.load(open(sys.argv[1]))["items"]}
bad = len(began) != 6
for c, ns in needs.items():
    for n in ns:
        # strictly later: a dependent's uninstall takes >= 2 s (its pre-delete hook)
        if not (began.get(n, "") > began.get(c, "9")):
            bad = True
        print(f"uninstall of {n} began {began.get(n)} > {c} began {began.get(c)}")
sys.exit(1 if bad else 0)
PY
if python3 "$T/unorder.py" "$T/predelete.json" >"$T/unorder.out" 2>&1; then
    ok "uninstall: dependents first (pre-delete hook timestamps)"
else
    not_ok "uninstall order"; cat "$T/unorder.out"
fi
