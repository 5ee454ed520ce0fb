# Sourced by every e2e test. The integration harness (tests/integration/lib.sh: helm as "helm"
# first on PATH, an isolated helm home, the plugin installed with `helm plugin install`, an
# unrelated working directory with trap helms, ok/not_ok/run/expect_*) plus the cluster:
#   KUBECONFIG         the e2e cluster's (run.sh started it; the only harness difference from
#                      real use: a kubeconfig file instead of a user's ~/.kube/config)
#   kubectl            the cluster's own kubectl, on PATH beside helm
#   new_ns NAME        a fresh namespace e2e-NAME-h<major>, deleted at exit; echoes its name
#   deploy_copy DIR    testdata/deploy copied to DIR, each component chart given the e2e
#                      workload (tests/e2e/fixtures/workload.yaml)
#   e2e_values DIR EXP COMP YAML-LINES...   values of COMP under `-e EXP`, e.g.
#                      e2e_values "$D" slow msgsvc 'readyDelay: "4s"'
#   py SCRIPT ARGS...  python3 -c SCRIPT (JSON checks)
#   e2e_secret DIR     iam's chart in DIR renders the Secret <deploymentName>-e2e-secret from
#                      the value e2eSecret.password (when set); a fresh age key in $T/key.txt is
#                      SOPS_AGE_KEY_FILE, its recipient in $recipient
: "${HP_TOOLS_CACHE:?run by tests/e2e/run.sh, which exports HP_TOOLS_CACHE}"
. "$HP_ROOT/tests/integration/lib.sh"
export KUBECONFIG=$HP_E2E_KUBECONFIG
. "$ROOT/scripts/versions.env"
# the control plane's kubectl; against another cluster (HP_E2E_EXTERNAL=1) the one on PATH
if [ -x "$HP_TOOLS_CACHE/e2e/$K8S_VERSION/bin/kubectl" ]; then
    ln -s "$HP_TOOLS_CACHE/e2e/$K8S_VERSION/bin/kubectl" "$T/bin/kubectl"
elif [ "${HP_E2E_EXTERNAL:-0}" = 0 ]; then
    not_ok "no kubectl in $HP_TOOLS_CACHE/e2e/$K8S_VERSION/bin: run scripts/e2e-cluster.sh build"
    exit 1
fi
# a folder or URL for `helm plugin install`
HELM_DIFF_PLUGIN=${HP_E2E_HELM_DIFF:-$HP_TOOLS_CACHE/e2e/helm-diff-$HELM_DIFF_VERSION}

# every release whatever its state: helm 3 lists only deployed/failed ones without -a; helm 4
# lists all and has no -a
LIST_ALL=""
[ "$HELM_MAJOR" = 4 ] || LIST_ALL=-a

E2E_NAMESPACES=""
e2e_finish() {
    # namespaces go in the background: the next test need not wait for their objects
    for ns in $E2E_NAMESPACES; do
        kubectl delete namespace "$ns" --wait=false >/dev/null 2>&1
    done
    hp_finish
}
trap e2e_finish EXIT

new_ns() {
    local ns="e2e-$1-h$HELM_MAJOR"
    kubectl delete namespace "$ns" --ignore-not-found --wait=true --timeout 60s >/dev/null 2>&1
    kubectl create namespace "$ns" >/dev/null || { not_ok "create namespace $ns"; return 1; }
    E2E_NAMESPACES="$E2E_NAMESPACES $ns"
    echo "$ns"
}

deploy_copy() {
    cp -r "$ROOT/testdata/deploy" "$1"
    for c in "$1"/helm/*/; do
        cp "$ROOT/tests/e2e/fixtures/workload.yaml" "$c/templates/e2e-workload.yaml"
        # on a cluster with kubelets (kind), an image that runs
        [ -z "${HP_E2E_IMAGE:-}" ] || printf 'e2e:\n  image: %s\n' "$HP_E2E_IMAGE" >>"$c/values.yaml"
    done
}

e2e_values() {
    local d=$1 exp=$2 comp=$3
    shift 3
    mkdir -p "$d/helm/$comp/values"
    { echo "e2e:"; for l in "$@"; do echo "  $l"; done; } >"$d/helm/$comp/values/values-$exp.yaml"
}

e2e_secret() {
    cat >"$1/helm/iam/templates/e2e-secret.yaml" <<'YAML'
{{- if .Values.e2eSecret }}
apiVersion: v1
kind: Secret
metadata:
  name: {{ .Values.global.deploymentName }}-e2e-secret
  labels:
    app.kubernetes.io/instance: {{ .Release.Name }}
data:
  password: {{ .Values.e2eSecret.password | b64enc | quote }}
{{- end }}
YAML
    age-keygen -o "$T/key.txt" 2>/dev/null
    recipient=$(grep -o 'age1[a-z0-9]*' "$T/key.txt")
    export SOPS_AGE_KEY_FILE=$T/key.txt
}

py() {
    local s=$1
    shift
    python3 -c "$s" "$@"
}

# argocd_crd: Argo CD's Application CRD (pinned in scripts/versions.env, fetched by
# scripts/e2e-cluster.sh build) created in the cluster and kept there (cluster-wide: both helm
# rounds and every test that needs it share it), then waited for until established. not_ok and
# 1 when it cannot be.
argocd_crd() {
    local crd=$HP_TOOLS_CACHE/e2e/argocd-$ARGOCD_VERSION/application-crd.yaml established=""
    [ -f "$crd" ] || { not_ok "no Argo CD Application CRD at $crd: run scripts/e2e-cluster.sh build"; return 1; }
    # create, not apply: client-side apply's last-applied annotation would pass the 256 KiB limit
    kubectl create -f "$crd" >/dev/null 2>"$T/crd.err" || grep -q AlreadyExists "$T/crd.err" ||
        { not_ok "create Argo CD's Application CRD: $(head -c 300 "$T/crd.err")"; return 1; }
    # polled: `kubectl wait --for condition=established` right after the create fails at once
    # while the CRD has no status.conditions yet (".status.conditions accessor error")
    for _ in $(seq 120); do
        established=$(kubectl get crd applications.argoproj.io \
            -o jsonpath='{.status.conditions[?(@.type=="Established")].status}' 2>/dev/null || true)
        [ "$established" = True ] && return 0
        sleep 0.5
    done
    not_ok "the Application CRD is not established within 60 s"
    return 1
}

# release_status NAME: helm's own status of the release in $ns, "none" when there is none
release_status() {
    helm -n "$ns" status "$1" -o json 2>/dev/null |
        python3 -c 'import json, sys; print(json.load(sys.stdin)["info"]["status"])' 2>/dev/null || echo none
}
# wait_status NAME STATUS SECONDS: until helm reports the release in STATUS (1 after SECONDS)
wait_status() {
    local i=0
    while [ "$(release_status "$1")" != "$2" ]; do
        i=$((i + 1))
        [ $i -lt $(($3 * 2)) ] || return 1
        sleep 0.5
    done
}

# check DESC PYTHON-EXPR ARGS...: ok when the python expression (with sys.argv) is true
check_py() {
    local desc=$1 expr=$2
    shift 2
    if python3 -c "import sys, json
sys.exit(0 if ($expr) else 1)" "$@" 2>"$T/py.err"; then ok "$desc"; else not_ok "$desc"; cat "$T/py.err"; show; fi
}
