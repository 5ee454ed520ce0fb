# The e2e cluster takes what the real panda-k8s charts render, with their own kinds of values:
# each component of a copy of testdata/deploy gets tests/e2e/fixtures/panda-k8s-shape.yaml (an
# Ingress chosen by semverCompare on the cluster version, an OpenShift Route, a StatefulSet
# requesting cpu/memory/ephemeral-storage with a default-class claim, a static hostPath volume of
# class "manual"), and `helm panda install` must deploy all six releases and have every pod Ready.
# Mutants caught: the control plane built without the version stamp (the API server says
# v0.0.0-master+$Format:%H$: every render fails "Invalid Semantic Version"); kwok nodes without
# ephemeral-storage (harvester's pod stays Pending: "Insufficient ephemeral-storage", install
# times out); no Route CRD ("no matches for kind Route"). Control: a Route with a termination
# OpenShift does not know is refused by the API server.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
[ "${HP_E2E_EXTERNAL:-0}" = 0 ] || exit 0 # the cluster's version and CRDs: only ours
ns=$(new_ns realcharts) || exit 1
D=$T/deploy
deploy_copy "$D"
for c in "$D"/helm/*/; do cp "$ROOT/tests/e2e/fixtures/panda-k8s-shape.yaml" "$c/templates/realchart.yaml"; done
# the experiment's values, as the real values-<experiment>.yaml set them: Routes on for the
# web-facing components, harvester's big ephemeral scratch space
for c in panda bigmon idds iam; do
    printf 'realchart:\n  route:\n    enabled: true\n' >"$D/helm/$c/values/values-real.yaml"
done
cat >"$D/helm/harvester/values/values-real.yaml" <<'YAML'
realchart:
  resources:
    requests: {cpu: "2", memory: 4Gi, ephemeral-storage: 30Gi}
    limits: {cpu: "4", memory: 8Gi, ephemeral-storage: 50Gi}
YAML

kubectl version -o json >"$T/version.json" 2>/dev/null
check_py "the API server reports its real version ($K8S_VERSION)" \
    'json.load(open(sys.argv[1]))["serverVersion"]["gitVersion"] == sys.argv[2]' "$T/version.json" "$K8S_VERSION"

run helm -n "$ns" panda install -C "$D" -e real --timeout 2m
expect_rc 0 "install of the panda-k8s-shaped charts"
for c in msgsvc iam panda harvester idds bigmon; do
    expect_err "^test-$c +$c +deployed " "summary: test-$c deployed"
done

v=$(kubectl -n "$ns" get ingress test-panda-panda-rc -o 'jsonpath={.metadata.labels.e2e\.helm-panda\.io/kube-version} {.spec.ingressClassName}' 2>&1)
[ "$v" = "$K8S_VERSION nginx" ] && ok "Ingress rendered for the cluster's version (networking.k8s.io/v1, ingressClassName)" ||
    not_ok "Ingress of test-panda: $v"
n=$(kubectl -n "$ns" get routes.route.openshift.io -o name 2>&1 | wc -l)
[ "$n" = 4 ] && ok "four OpenShift Routes (panda, bigmon, idds, iam)" || not_ok "Routes: $(kubectl -n "$ns" get routes.route.openshift.io 2>&1 | head -5)"
kubectl -n "$ns" get pod test-harvester-harvester-rc-0 -o json >"$T/harvester.json" 2>&1
check_py "harvester's pod asks for 30Gi of ephemeral storage and is Ready" '
(lambda p: p["spec"]["containers"][0]["resources"]["requests"]["ephemeral-storage"] == "30Gi" and
 any(c["type"] == "Ready" and c["status"] == "True" for c in p["status"]["conditions"]))(json.load(open(sys.argv[1])))' "$T/harvester.json"
kubectl -n "$ns" get pvc -o json >"$T/pvc.json"
check_py "every claim Bound: six of the default StorageClass, six static ones of class manual" '
sorted((i["spec"].get("storageClassName"), i["status"].get("phase")) for i in json.load(open(sys.argv[1]))["items"]
       if "-rc" in i["metadata"]["name"]) == sorted([("manual", "Bound")] * 6 + [("standard", "Bound")] * 6)' "$T/pvc.json"

# control: the Route CRD checks what OpenShift checks
run kubectl -n "$ns" create --validate=strict -f - <<'YAML'
apiVersion: route.openshift.io/v1
kind: Route
metadata: {name: bad-termination}
spec:
  to: {kind: Service, name: x}
  tls: {termination: terminate}
YAML
[ $RC != 0 ] && grep -q 'termination' "$T/err" && ok "a Route with an unknown TLS termination is refused" ||
    { not_ok "a bad Route was accepted (rc=$RC)"; show; }

run helm -n "$ns" panda uninstall -C "$D"
expect_rc 0 "uninstall"
