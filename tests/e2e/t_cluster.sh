# The harness itself (no helm involved, so it runs in the helm 3 round only): the kwok stages do
# what the other tests rely on. A pod is Ready only after its annotated delay; a never-ready pod
# stays unready; a Job's pod completes (helm hooks); a StatefulSet's volume claim is Bound by the
# default StorageClass. Mutants caught: pod-ready stage without the delay (Ready at once), without
# the never-ready selector, no pod-complete stage, controller manager without
# --enable-hostpath-provisioner (claims stay Pending).
. "$HP_ROOT/tests/e2e/lib.sh"
[ "$HELM_MAJOR" = 3 ] || exit 0
[ "${HP_E2E_EXTERNAL:-0}" = 0 ] || exit 0 # kwok's stages: only on our control plane
ns=$(new_ns cluster) || exit 1

kubectl -n "$ns" apply -f - >/dev/null <<'YAML'
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: slow}
spec:
  serviceName: slow
  replicas: 1
  selector: {matchLabels: {app: slow}}
  template:
    metadata:
      labels: {app: slow}
      annotations: {e2e.helm-panda.io/ready-delay: "4s"}
    spec: {containers: [{name: c, image: registry.invalid/x}]}
  volumeClaimTemplates:
  - metadata: {name: data}
    spec: {accessModes: [ReadWriteOnce], resources: {requests: {storage: 1Gi}}}
---
apiVersion: v1
kind: Pod
metadata:
  name: stuck
  annotations: {e2e.helm-panda.io/never-ready: "true"}
spec: {containers: [{name: c, image: registry.invalid/x}]}
---
apiVersion: batch/v1
kind: Job
metadata: {name: hook}
spec:
  backoffLimit: 0
  template:
    spec: {restartPolicy: Never, containers: [{name: c, image: registry.invalid/x}]}
YAML

if kubectl -n "$ns" wait --for=condition=Ready pod/slow-0 --timeout 60s >/dev/null 2>&1; then
    ok "StatefulSet pod becomes Ready"
else not_ok "StatefulSet pod becomes Ready"; kubectl -n "$ns" get pods,pvc -o wide; fi
kubectl -n "$ns" get pod slow-0 -o json >"$T/pod.json"
py 'import json, sys, datetime as d
p = json.load(open(sys.argv[1]))
t = lambda s: d.datetime.fromisoformat(s.replace("Z", "+00:00"))
sched = [c for c in p["status"]["conditions"] if c["type"] == "PodScheduled"][0]["lastTransitionTime"]
ready = [c for c in p["status"]["conditions"] if c["type"] == "Ready"][0]["lastTransitionTime"]
gap = (t(ready) - t(sched)).total_seconds()
print("scheduled -> Ready: %.0f s" % gap)
sys.exit(0 if gap >= 3 else 1)' "$T/pod.json" >"$T/gap" 2>&1 &&
    ok "ready-delay 4s: $(cat "$T/gap")" || { not_ok "ready-delay not honoured: $(cat "$T/gap")"; }

phase=$(kubectl -n "$ns" get pvc data-slow-0 -o 'jsonpath={.status.phase} {.spec.storageClassName}')
[ "$phase" = "Bound standard" ] && ok "volume claim Bound through the default StorageClass" ||
    not_ok "volume claim: '$phase', wanted 'Bound standard'"

if kubectl -n "$ns" wait --for=condition=Complete job/hook --timeout 60s >/dev/null 2>&1; then
    ok "Job completes"
else not_ok "Job completes"; kubectl -n "$ns" get jobs,pods -o wide; fi

ready=$(kubectl -n "$ns" get pod stuck -o 'jsonpath={.spec.nodeName} {.status.conditions[?(@.type=="Ready")].status}')
case $ready in
kwok-node-*" True") not_ok "never-ready pod became Ready" ;;
kwok-node-*) ok "never-ready pod scheduled but not Ready (${ready#* })" ;;
*) not_ok "never-ready pod not scheduled: '$ready'" ;;
esac
