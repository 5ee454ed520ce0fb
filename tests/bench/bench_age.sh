#!/bin/sh
# age encryption and decryption against Go's age (tools/go/bin/age, the pinned reference build;
# else the age on PATH), in the same run on the same files: 1 GiB by default (HP_BENCH_AGE_MB),
# median of 5 interleaved runs (HP_BENCH_AGE_RUNS; tests/bench/runstat.py), wall and CPU
# (user+sys). Per direction: wall ratio, CPU per byte ours/age (goal <= 1.1), and our parallel
# efficiency, CPU / (cores x wall) (goal >= 0.9; only meaningful when the load is below the
# cores). Decryption to a file (`decrypt -o FILE` vs `age -d -o FILE`, goal <= 1.0; also against
# age followed by `sync FILE`, the same durability as ours, and dd conv=fsync) too. Then
# our peak RSS at a small and the big size, to show memory stays flat.
# Prints ratios only; asserts nothing about timings (the machine may be shared).
set -u
: "${HP_BIN:?}"
big=${HP_BENCH_AGE_MB:-1024}
small=16
runs=${HP_BENCH_AGE_RUNS:-5}
AGE=${HP_ROOT:-.}/tools/go/bin/age
KEYGEN=${HP_ROOT:-.}/tools/go/bin/age-keygen
[ -x "$AGE" ] || AGE=$(command -v age) || { echo "bench_age: no age (scripts/go-peers.sh or scripts/deps.sh)"; exit 1; }
[ -x "$KEYGEN" ] || KEYGEN=$(command -v age-keygen)
[ -x /usr/bin/time ] || { echo "bench_age: /usr/bin/time is missing (apt-get install time)"; exit 1; }
d=$(mktemp -d "${TMPDIR:-/tmp}/hp-bench-age.XXXXXX")
trap 'rm -rf "$d"' EXIT
"$KEYGEN" -o "$d/id.txt" 2>/dev/null
R=$("$KEYGEN" -y "$d/id.txt")
head -c $((big << 20)) /dev/urandom >"$d/p$big"
head -c $((small << 20)) /dev/urandom >"$d/p$small"

stat() { python3 "$HP_ROOT/tests/bench/runstat.py" "$runs" "$@"; }
ratio() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1 / $2; else print \"inf\" }"; }
cores=$(nproc)
eff() { awk "BEGIN{ if ($2 > 0) printf \"%.2f\", $1 / ($cores * $2); else print \"n/a\" }"; }

echo "load average $(cut -d' ' -f1 /proc/loadavg) on $cores cores; peer $AGE ($("$AGE" --version));" \
    "median of $runs runs (wall ratios and efficiency mean little when load > cores; cpu ratios hold)"
"$HP_BIN" secrets encrypt --format age -r "$R" -o "$d/ours.age" "$d/p$big"
"$AGE" -r "$R" -o "$d/age.age" "$d/p$big"
cat "$d/ours.age" "$d/age.age" >/dev/null # warm the page cache

# decrypt to stdout (/dev/null); encrypt to stdout
stat -- "$HP_BIN" secrets decrypt --identity "$d/id.txt" "$d/age.age" -- "$AGE" -d -i "$d/id.txt" "$d/age.age" \
    -- "$HP_BIN" secrets encrypt --format age -r "$R" "$d/p$big" -- "$AGE" -r "$R" "$d/p$big" >"$d/stat" || exit 1
# decrypt to a file: ours makes the file durable (fsync) before it takes its name, age leaves
# it in the page cache; so age is also timed followed by `sync FILE` (the same durability),
# and dd with conv=fsync shows what writing the GiB durably costs on this disk alone. Every
# run starts with no output file and nothing dirty (--before).
stat --before "rm -f '$d'/out.*; sync" \
    -- "$HP_BIN" secrets decrypt --identity "$d/id.txt" -o "$d/out.ours" "$d/age.age" \
    -- "$AGE" -d -i "$d/id.txt" -o "$d/out.age" "$d/age.age" \
    -- sh -c '"$1" -d -i "$2" -o "$3" "$4" && sync "$3"' sh "$AGE" "$d/id.txt" "$d/out.agesync" "$d/age.age" \
    -- dd if="$d/p$big" of="$d/out.dd" bs=4M conv=fsync status=none >"$d/statf" || exit 1
"$HP_BIN" secrets decrypt --identity "$d/id.txt" -o "$d/out.ours" "$d/age.age" # --before removed the timed ones
cmp -s "$d/out.ours" "$d/p$big" || { echo "bench_age: decrypt -o wrote something else"; exit 1; }
{
    read -r ow oc orss; read -r aw ac _
    read -r ew ec _; read -r xw xc _
} <"$d/stat"
{ read -r fw fc _; read -r gw gc _; read -r sw sc _; read -r dw dc _; } <"$d/statf"
echo "decrypt $big MiB: ours ${ow}s (cpu ${oc}s), age ${aw}s (cpu ${ac}s): wall ours/age $(ratio "$ow" "$aw")," \
    "cpu per byte ours/age $(ratio "$oc" "$ac") (goal <= 1.1), parallel efficiency $(eff "$oc" "$ow") (goal >= 0.9)"
echo "decrypt $big MiB -o FILE: ours ${fw}s (cpu ${fc}s), age ${gw}s (cpu ${gc}s): wall ours/age $(ratio "$fw" "$gw") (goal <= 1.0);" \
    "age then sync FILE ${sw}s: ours/(age+sync) $(ratio "$fw" "$sw"); dd conv=fsync of the plaintext ${dw}s: ours/dd $(ratio "$fw" "$dw")"
echo "encrypt $big MiB: ours ${ew}s (cpu ${ec}s), age ${xw}s (cpu ${xc}s): wall ours/age $(ratio "$ew" "$xw")," \
    "cpu per byte ours/age $(ratio "$ec" "$xc"), parallel efficiency $(eff "$ec" "$ew")"

"$HP_BIN" secrets encrypt --format age -r "$R" -o "$d/small.age" "$d/p$small"
runs=1
set -- $(stat -- "$HP_BIN" secrets decrypt --identity "$d/id.txt" "$d/small.age" \
    -- "$HP_BIN" secrets encrypt --format age -r "$R" "$d/p$small" -- "$HP_BIN" secrets encrypt --format age -r "$R" "$d/p$big")
srss=$3 sersss=$6 bersss=$9
echo "peak RSS of ours: decrypt ${small} MiB ${srss} KB vs ${big} MiB ${orss} KB;" \
    "encrypt ${small} MiB ${sersss} KB vs ${big} MiB ${bersss} KB (ratio big/small: $(ratio "$orss" "$srss"), $(ratio "$bersss" "$sersss"))"
