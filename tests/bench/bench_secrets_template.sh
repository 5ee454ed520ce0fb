#!/bin/sh
# helm panda secrets template on an encrypted secrets chart with big files under files/ (a
# 4 MiB age file and a 1 MiB SOPS binary file: decrypted in memory, archived by libarchive,
# read by helm from a memfd) against plain `helm template` on the same chart in plaintext.
# Prints the ratio of wall times measured in this run; asserts nothing about time.
set -eu
helm=$HP_ROOT/tools/helm4/helm
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
mkdir -p "$t/plain/helm" "$t/enc/helm"
cp -r "$HP_ROOT/testdata/secrets/chart" "$t/plain/secrets"
head -c 3145728 /dev/urandom | base64 >"$t/plain/secrets/files/raw/big.txt"   # ~4 MiB text
head -c 786432 /dev/urandom | base64 >"$t/plain/secrets/files/raw/mid.txt"    # ~1 MiB text
cp -r "$t/plain/secrets" "$t/enc/secrets"
age-keygen -o "$t/key.txt" 2>/dev/null
r=$(age-keygen -y "$t/key.txt")
age -r "$r" -o "$t/enc/secrets/files/raw/big.txt.age" "$t/enc/secrets/files/raw/big.txt"
rm "$t/enc/secrets/files/raw/big.txt"
"$HP_BIN" secrets encrypt -r "$r" -i "$t/enc/secrets/files/raw/mid.txt"
now() { date +%s.%N; }
runs=3
a=$(now)
for _ in $(seq $runs); do "$helm" template panda-secrets "$t/plain/secrets" >/dev/null; done
b=$(now)
for _ in $(seq $runs); do
    SOPS_AGE_KEY_FILE=$t/key.txt HELM_BIN=$helm "$HP_BIN" secrets template -q -C "$t/enc" >/dev/null
done
c=$(now)
awk -v a="$a" -v b="$b" -v c="$c" -v n=$runs 'BEGIN {
    p = (b - a) / n; s = (c - b) / n
    printf "secrets template (encrypted, 5 MiB of files): %.2fs vs helm template (plaintext): %.2fs: ratio %.2f\n", s, p, s / p
}'
