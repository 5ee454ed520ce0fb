# What a wait is waiting for, on the real control plane (kwok stages, scripts/e2e/kwok-stages.yaml):
#  1. a release whose pods become Ready only after 30 s: while helm waits, the progress lines name
#     its Deployment (kind/name ready/desired) at least twice before the release is deployed.
# Mutant caught: progress lines never printed (progress.c update): 0 lines before deployed.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
D=$T/deploy
deploy_copy "$D"
e2e_values "$D" slow msgsvc 'readyDelay: "30s"'

# 1. progress while helm waits
ns=$(new_ns progress) || exit 1
run helm -n "$ns" panda install -C "$D" -c msgsvc -e slow --timeout 3m
expect_rc 0 "slow msgsvc: deployed"
n=$(awk '/deployed +test-msgsvc/ { exit } /waiting +test-msgsvc: .*Deployment\/test-msgsvc-msgsvc-e2e-web 0\/1 for [0-9]+s/ { n++ } END { print n + 0 }' "$T/err")
[ "$n" -ge 2 ] && ok "progress named the unready Deployment $n times before the release was deployed" ||
    { not_ok "progress named the Deployment $n times before deployed"; show; }

