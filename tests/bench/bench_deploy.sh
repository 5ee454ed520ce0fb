#!/bin/bash
# make bench, deploy: ratios measured in this run (no timing is asserted).
#  (a) helm panda template of the whole system vs helm template of each component one by one
#      (goal: <= 0.8 from parallel rendering), and our own overhead per run (goal: < 5 ms):
#      helm panda template --dry-run (which runs no helm at all: template argv is the same for
#      helm 3 and 4, so no version probe) minus the start of our process (`helm-panda version`).
#  (b) install through a helm that sleeps 1 s per release: wall time vs the sequential sum
#      (goal: stages/releases, about 0.5 for six components in three stages).
set -u
bin=${HP_BIN:?}
root=${HP_ROOT:?}
helm=$root/tools/helm4/helm
tree=$root/testdata/deploy
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
now() { date +%s.%N; }
calc() { python3 -c "print(${1})"; }
comps="msgsvc iam panda harvester idds bigmon"

# (a)
rounds=3
s=$(now)
for _ in $(seq $rounds); do
    for c in $comps; do
        "$helm" template "test-$c" "$tree/helm/$c" -f "$tree/helm/$c/values.yaml" \
            --set "global.deploymentName=test-$c" --debug >/dev/null 2>&1
    done
done
seq_t=$(calc "($(now) - $s) / $rounds")
s=$(now)
for _ in $(seq $rounds); do HELM_BIN=$helm "$bin" template -C "$tree" -q >/dev/null; done
par_t=$(calc "($(now) - $s) / $rounds")
echo "template, whole system: helm-panda $(calc "round($par_t, 3)") s, helm one by one $(calc "round($seq_t, 3)") s, ratio $(calc "round($par_t / $seq_t, 2)") (goal <= 0.8)"

n=20
s=$(now)
for _ in $(seq $n); do "$bin" version >/dev/null; done
start_t=$(calc "($(now) - $s) / $n")
s=$(now)
for _ in $(seq $n); do HELM_BIN=$helm "$bin" template -C "$tree" --dry-run >/dev/null; done
dry_t=$(calc "($(now) - $s) / $n")
echo "own overhead per run (plan + argv: template --dry-run minus our process start): $(calc "round(max(0, $dry_t - $start_t) * 1000, 2)") ms (goal < 5 ms)"

# (b)
cat >"$t/sleepy-helm" <<EOS
#!/bin/sh
[ "\$1" = version ] && { echo v4.1.4; exit 0; }
sleep 1
EOS
chmod +x "$t/sleepy-helm"
s=$(now)
HELM_BIN=$t/sleepy-helm "$bin" install -C "$tree" -q
wall=$(calc "$(now) - $s")
echo "install, 6 releases x 1 s: wall $(calc "round($wall, 2)") s vs sequential 6 s, ratio $(calc "round($wall / 6, 2)") (goal ~0.5 = 3 stages / 6 releases)"
