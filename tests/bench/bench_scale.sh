#!/bin/bash
# make bench, scale: a generated deployment (tests/bench/scale_tree.py: N tiny charts, needs in
# five stages, three sites) of 10, 30 and 100 releases through template, install --dry-run,
# gitops --all-sites (3 sites: 3N Applications) and diff (helm-diff's stand-in from the
# integration tests). Medians of interleaved runs (tests/bench/runstat.py). Two helms:
#  - the real helm 4 for template and diff: what an operator waits for;
#  - a stub helm (sh + cat of one rendered manifest) for our own CPU and peak RSS: the process
#    tree's peak RSS is then ours (the stub's is smaller), and a quadratic step of ours is not
#    hidden under helm's time.
# Prints a table and, per command, the cost per release at 100 against 10 (1.0 = linear) and
# peak RSS at 100 / at 10 (goal <= 1.5). Asserts nothing about timings.
set -u
bin=${HP_BIN:?}
root=${HP_ROOT:?}
helm=$root/tools/helm4/helm
runs=${HP_BENCH_SCALE_RUNS:-3}
sizes=${HP_BENCH_SCALE_SIZES:-10 30 100}
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
export HELM_DATA_HOME=$t/helm/data HELM_CONFIG_HOME=$t/helm/config HELM_CACHE_HOME=$t/helm/cache
unset HELM_PLUGINS HELM_NAMESPACE HELM_KUBECONTEXT KUBECONFIG
export KUBECONFIG=$t/no-cluster # diff's helm list fails fast: the stand-in's banner decides "new"
"$helm" plugin install "$root/tests/integration/helm-diff-standin" >/dev/null 2>&1 ||
    { echo "bench_scale: cannot install the helm-diff stand-in"; exit 1; }
export HP_DIFF_STATE=$t/diffstate
mkdir -p "$HP_DIFF_STATE"

printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: stub\ndata:\n  k: v\n' >"$t/manifest.yaml"
cat >"$t/stub-helm" <<EOS
#!/bin/sh
[ "\$1" = version ] && { echo v4.1.4+g0; exit 0; }
exec cat "$t/manifest.yaml"
EOS
chmod +x "$t/stub-helm"

stat() { python3 "$root/tests/bench/runstat.py" "$runs" -- "$@"; }
declare -A W C R
for n in $sizes; do
    d=$t/n$n
    python3 "$root/tests/bench/scale_tree.py" "$n" "$d" || exit 1
    gitops=(sh -c 'rm -rf "$1/argocd-apps"; exec "$2" gitops -C "$1" --all-sites --repo https://example.org/x.git --revision main -o "$1/argocd-apps"' sh "$d" "$bin")
    set -- $(HELM_BIN=$helm stat "$bin" template -C "$d" -q); W[tpl,$n]=$1 C[tpl,$n]=$2
    set -- $(HELM_BIN=$t/stub-helm stat "$bin" template -C "$d" -q); C[tpls,$n]=$2 R[tpls,$n]=$3
    set -- $(HELM_BIN=$t/stub-helm stat "$bin" install -C "$d" --dry-run); C[dry,$n]=$2 R[dry,$n]=$3
    set -- $(HELM_BIN=$t/stub-helm stat "${gitops[@]}"); C[git,$n]=$2 R[git,$n]=$3
    set -- $(HELM_BIN=$helm stat "$bin" diff -C "$d" -q); W[diff,$n]=$1 C[diff,$n]=$2
done

echo "load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores; median of $runs runs"
printf '%-8s | %-22s | %-22s | %-22s | %-22s | %-22s\n' releases "template, helm 4" "template, stub helm" \
    "install --dry-run" "gitops --all-sites x3" "diff, helm 4+stand-in"
printf '%-8s | %-22s | %-22s | %-22s | %-22s | %-22s\n' "" "wall s / cpu s" "cpu s / peak RSS KB" \
    "cpu s / peak RSS KB" "cpu s / peak RSS KB" "wall s / cpu s"
for n in $sizes; do
    printf '%-8s | %-22s | %-22s | %-22s | %-22s | %-22s\n' "$n" "${W[tpl,$n]} / ${C[tpl,$n]}" \
        "${C[tpls,$n]} / ${R[tpls,$n]}" "${C[dry,$n]} / ${R[dry,$n]}" "${C[git,$n]} / ${R[git,$n]}" \
        "${W[diff,$n]} / ${C[diff,$n]}"
done
set -- $sizes
lo=$1 hi=${!#}
per() { awk "BEGIN { a = $1 / $lo; b = $2 / $hi; if (a > 0) printf \"%.2f\", b / a; else print \"n/a\" }"; }
rss() { awk "BEGIN { printf \"%.2f\", $2 / $1 }"; }
echo "cost per release at $hi / at $lo (1.0 = linear; a quadratic step shows as ~$((hi / lo)).0):" \
    "template wall $(per "${W[tpl,$lo]}" "${W[tpl,$hi]}"), cpu $(per "${C[tpl,$lo]}" "${C[tpl,$hi]}"), cpu with the stub $(per "${C[tpls,$lo]}" "${C[tpls,$hi]}")," \
    "install --dry-run cpu $(per "${C[dry,$lo]}" "${C[dry,$hi]}"), gitops cpu $(per "${C[git,$lo]}" "${C[git,$hi]}")," \
    "diff wall $(per "${W[diff,$lo]}" "${W[diff,$hi]}"), cpu $(per "${C[diff,$lo]}" "${C[diff,$hi]}")"
echo "peak RSS at $hi / at $lo (goal <= 1.5): template $(rss "${R[tpls,$lo]}" "${R[tpls,$hi]}")," \
    "install --dry-run $(rss "${R[dry,$lo]}" "${R[dry,$hi]}"), gitops $(rss "${R[git,$lo]}" "${R[git,$hi]}")"
