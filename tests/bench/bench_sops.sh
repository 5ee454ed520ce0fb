# Decrypting a 5,000-key values file (YAML and JSON): helm-panda vs Go sops (tools/go/bin/sops,
# the tool it replaces), end to end (process start, key discovery, parse, 5,000 AES-GCM values,
# MAC, output), same files, same run, runs interleaved (tests/bench/runstat.py); median wall and CPU of each.
# Then a one-key file (start-up) and, under valgrind, our instructions per key. Prints ratios
# ours/sops (goal <= 0.05); asserts nothing about timings (the machine may be shared). Last, the
# one-key file and `version` through the static release binary, if there is one.
set -u
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
SOPS=$HP_ROOT/tools/go/bin/sops
[ -x "$SOPS" ] || { echo "bench_sops: skipped (no tools/go/bin/sops: scripts/go-peers.sh)"; exit 0; }
cp "$HP_ROOT/testdata/sops/key.txt" "$T/key.txt"
chmod 600 "$T/key.txt"
R=age1rh2xsjg8avja92j3jhtttuczgmqkz89lezxt4e3mmp5ukl5j4f9smvteju
# 50 services x 100 keys of mixed types
awk 'BEGIN { for (s = 0; s < 50; s++) { printf "service%02d:\n", s;
        for (k = 0; k < 100; k++) { if (k % 4 == 0) printf "    port%02d: %d\n", k, 1000 + k;
            else if (k % 4 == 1) printf "    enabled%02d: true\n", k;
            else printf "    secret%02d: value-%d-%d-abcdefghijklmnopqrstuvwxyz\n", k, s, k } } }' >"$T/values.yaml"
python3 -c 'import json, sys, yaml; json.dump(yaml.safe_load(open(sys.argv[1])), open(sys.argv[2], "w"), indent=4)' \
    "$T/values.yaml" "$T/values.json" || exit 1
echo 'password: hunter2' >"$T/one.yaml"
export SOPS_AGE_KEY_FILE=$T/key.txt
for f in values.yaml values.json one.yaml; do
    "$HP_BIN" secrets encrypt -r "$R" -o "$T/$f.enc" "$T/$f" || exit 1
    "$HP_BIN" secrets decrypt "$T/$f.enc" >"$T/ours.out" || exit 1
    "$SOPS" -d --input-type "${f##*.}" --output-type "${f##*.}" "$T/$f.enc" >"$T/sops.out" || exit 1
    cmp -s "$T/ours.out" "$T/sops.out" || { echo "bench_sops: $f: ours and sops decrypt differently"; exit 1; }
done
keys=$(grep -c ': ENC\[' "$T/values.yaml.enc")

N=${HP_BENCH_SOPS_RUNS:-9}
ratio() { awk "BEGIN { if ($2 > 0) printf \"%.3f\", $1 / $2; else print \"n/a\" }"; }

echo "load average $(cut -d' ' -f1 /proc/loadavg) on $(nproc) cores (wall ratios mean little when load > cores)"
for f in values.yaml values.json one.yaml; do
    fmt=${f##*.}
    set -- $(python3 "$HP_ROOT/tests/bench/runstat.py" "$N" -- "$HP_BIN" secrets decrypt "$T/$f.enc" \
        -- "$SOPS" -d --input-type "$fmt" --output-type "$fmt" "$T/$f.enc") || exit 1
    what="$keys keys"
    [ "$f" = one.yaml ] && what="1 key"
    echo "sops decrypt, $fmt, $what: ours ${1}s (cpu ${2}s), Go sops ${4}s (cpu ${5}s);" \
        "ours/sops wall $(ratio "$1" "$4"), cpu $(ratio "$2" "$5") (goal <= 0.05)"
done
if command -v valgrind >/dev/null; then
    for f in values.yaml values.json one.yaml; do
        valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$HP_BIN" secrets decrypt "$T/$f.enc" \
            >/dev/null 2>"$T/cg.err" || continue
        ir=$(sed -n 's/.*I *refs: *//p' "$T/cg.err" | tr -d ,)
        n=$keys
        [ "$f" = one.yaml ] && n=1
        echo "instructions (callgrind), $f: $ir in all, $((ir / n)) per key"
    done
    valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$HP_BIN" version >/dev/null 2>"$T/cg.err" &&
        echo "instructions (callgrind), helm-panda version (process start): $(sed -n 's/.*I *refs: *//p' "$T/cg.err")"
fi
# Start-up as users run it: the static release binary (HP_BENCH_STATIC_BIN, default the one
# scripts/dist/build.sh amd64 leaves in build-dist/) on the one-key file and `version` (goal
# <= 2 ms), beside /bin/true (what a bare fork and exec costs through runstat.py here).
static=${HP_BENCH_STATIC_BIN:-$HP_ROOT/build-dist/helm-panda-linux-amd64}
if [ -x "$static" ]; then
    set -- $(python3 "$HP_ROOT/tests/bench/runstat.py" "$((N * 5))" -- "$static" secrets decrypt "$T/one.yaml.enc" \
        -- "$static" version -- /bin/true) || exit 1
    echo "static binary ($static): one-key decrypt ${1}s (cpu ${2}s), version ${4}s (cpu ${5}s)," \
        "/bin/true ${7}s (cpu ${8}s) (goal <= 0.002 s)"
    if command -v valgrind >/dev/null &&
        valgrind --tool=callgrind --callgrind-out-file="$T/cg" "$static" secrets decrypt "$T/one.yaml.enc" \
            >/dev/null 2>"$T/cg.err"; then
        echo "instructions (callgrind), static binary, one-key decrypt: $(sed -n 's/.*I *refs: *//p' "$T/cg.err")"
    fi
else
    echo "static binary: skipped (no $static: scripts/dist/build.sh amd64 $static)"
fi
