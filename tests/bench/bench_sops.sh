# Decrypting a 5,000-key values file: helm-panda vs the npm sops-age package (node), end to end
# (process start, key discovery, parse, 5,000 AES-GCM values, MAC, output), same machine, same run.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
if [ ! -d "$HP_ROOT/tools/npm/node_modules/sops-age" ] || ! command -v node >/dev/null; then
    echo "bench_sops: skipped (no node or sops-age under tools/npm)"
    exit 0
fi
cp "$HP_ROOT/testdata/sops/key.txt" "$T/key.txt"
chmod 600 "$T/key.txt"
R=age1rh2xsjg8avja92j3jhtttuczgmqkz89lezxt4e3mmp5ukl5j4f9smvteju
# 50 services x 100 keys of mixed types
awk 'BEGIN { for (s = 0; s < 50; s++) { printf "service%02d:\n", s;
        for (k = 0; k < 100; k++) { if (k % 4 == 0) printf "    port%02d: %d\n", k, 1000 + k;
            else if (k % 4 == 1) printf "    enabled%02d: true\n", k;
            else printf "    secret%02d: value-%d-%d-abcdefghijklmnopqrstuvwxyz\n", k, s, k } } }' >"$T/values.yaml"
"$HP_BIN" secrets encrypt -r "$R" -o "$T/values.enc.yaml" "$T/values.yaml" || exit 1
keys=$(grep -c ': ENC\[' "$T/values.enc.yaml")
export SOPS_AGE_KEY_FILE=$T/key.txt HP_ROOT
"$HP_BIN" secrets decrypt "$T/values.enc.yaml" | cmp -s - "$T/values.yaml" || { echo "bench_sops: round trip failed"; exit 1; }
node "$HP_ROOT/tests/bench/bench_sops_peer.mjs" "$T/values.enc.yaml" "$T/key.txt" || { echo "bench_sops: sops-age failed"; exit 1; }
N=5
now() { date +%s%N; }
t0=$(now)
i=0; while [ $i -lt $N ]; do "$HP_BIN" secrets decrypt "$T/values.enc.yaml" >/dev/null || exit 1; i=$((i + 1)); done
t1=$(now)
i=0; while [ $i -lt $N ]; do node "$HP_ROOT/tests/bench/bench_sops_peer.mjs" "$T/values.enc.yaml" "$T/key.txt" || exit 1; i=$((i + 1)); done
t2=$(now)
ours=$(( (t1 - t0) / N / 1000000 )); peer=$(( (t2 - t1) / N / 1000000 ))
[ "$ours" -gt 0 ] || ours=1
echo "bench_sops: decrypt $keys encrypted values: helm-panda ${ours} ms, sops-age (node) ${peer} ms per run: $(awk "BEGIN { printf \"%.1f\", $peer / $ours }")x faster (target: 10x)"
