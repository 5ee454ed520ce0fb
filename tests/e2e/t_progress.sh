# What a wait is waiting for, on the real control plane (kwok stages, scripts/e2e/kwok-stages.yaml):
#  1. a release whose pods become Ready only after 30 s: while helm waits, the progress lines name
#     its Deployment (kind/name ready/desired) at least twice before the release is deployed.
#  2. a pod whose container crash-loops (never Ready): the failure's summary names the pod, its
#     reason (CrashLoopBackOff) and its last events (kwok records the kubelet's BackOff event).
#  3. an image that cannot be pulled, with -o json: the release's "diagnosis" names the pod,
#     ImagePullBackOff and the Failed event.
#  4. without kubectl on PATH: the progress lines still come, the pod's reason still shows (it is
#     helm's view), and the summary says once that kubectl would add the events.
# Container logs: kwok serves none here (no kubelet server), so the log lines are not tested.
# Mutants caught (one run, helm 4): progress lines never printed -> 1 and 4's progress checks;
# kubectl's events never fetched (diagnose.c) -> 2's event and 3's JSON; the missing kubectl never
# said -> 4's "said once".
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
D=$T/deploy
deploy_copy "$D"
e2e_values "$D" slow msgsvc 'readyDelay: "30s"'
e2e_values "$D" crash iam 'fault: CrashLoopBackOff'
e2e_values "$D" pull msgsvc 'fault: ImagePullBackOff'

# 1. progress while helm waits
ns=$(new_ns progress) || exit 1
run helm -n "$ns" panda install -C "$D" -c msgsvc -e slow --timeout 3m
expect_rc 0 "slow msgsvc: deployed"
n=$(awk '/deployed +test-msgsvc/ { exit } /waiting +test-msgsvc: .*Deployment\/test-msgsvc-msgsvc-e2e-web 0\/1 for [0-9]+s/ { n++ } END { print n + 0 }' "$T/err")
[ "$n" -ge 2 ] && ok "progress named the unready Deployment $n times before the release was deployed" ||
    { not_ok "progress named the Deployment $n times before deployed"; show; }

# 2. a crash-looping container: the summary says which pod, why, and what the cluster recorded
ns=$(new_ns crash) || exit 1
run helm -n "$ns" panda install -C "$D" -c iam -e crash --timeout 15s
expect_rc 1 "crash-looping iam: exit 1"
expect_err '^test-iam +iam +failed ' "summary: iam failed"
expect_err '^  test-iam: not ready: Deployment/test-iam-iam-e2e-web 0/1' "why: the unready Deployment"
expect_err '^    pod test-iam-iam-e2e-web-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff \(container web, 4 restarts\)' \
    "why: the pod, its reason and its container"
expect_err '^      event [0-9TZ:.-]+ Warning BackOff: Back-off restarting failed container' "why: the pod's last event"
n=$(grep -c 'kubectl is not on PATH' "$T/err")
[ "$n" = 0 ] && ok "kubectl on PATH: no note about it" || not_ok "kubectl note with kubectl on PATH"

# 3. an image pull failure, in -o json
ns=$(new_ns pull) || exit 1
run helm -n "$ns" panda install -C "$D" -c msgsvc -e pull --timeout 15s -o json
expect_rc 1 "image pull failure: exit 1"
check_py "json: msgsvc's diagnosis names the pod, ImagePullBackOff and the Failed event" '
(lambda r: r["result"] == "failed" and any(
  p["name"].startswith("test-msgsvc-msgsvc-e2e-web-") and p["reason"] == "ImagePullBackOff"
  and "registry.invalid/panda/msgsvc:e2e" in p["message"]
  and any(e["type"] == "Warning" and e["reason"] == "Failed" for e in p["events"])
  for p in r["diagnosis"]["pods"]) and r["diagnosis"]["notReady"][0]["kind"] == "Deployment")(
 json.load(open(sys.argv[1]))["releases"][0])' "$T/out"

# 4. no kubectl on PATH: helm alone
mkdir -p "$T/nokubectl"
ln -s "$HELM" "$T/nokubectl/helm"
ns=$(new_ns nokubectl) || exit 1
run env PATH="$T/nokubectl" helm -n "$ns" panda install -C "$D" -c iam -e crash --timeout 15s
expect_rc 1 "no kubectl: crash-looping iam: exit 1"
expect_err 'waiting +test-iam: .*Deployment/test-iam-iam-e2e-web 0/1' "no kubectl: progress lines still come"
expect_err '^    pod test-iam-iam-e2e-web-[a-z0-9]+-[a-z0-9]+: CrashLoopBackOff' "no kubectl: the pod's reason (helm's view)"
n=$(grep -c 'kubectl is not on PATH: with it, this diagnosis would add the events' "$T/err")
[ "$n" = 1 ] && ok "no kubectl: said once" || { not_ok "no kubectl: said $n times"; show; }
grep -Eq '^      event ' "$T/err" && { not_ok "no kubectl: events shown"; show; } || ok "no kubectl: no events"
