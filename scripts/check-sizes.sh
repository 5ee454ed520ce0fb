#!/bin/sh
# Size rule of ARCHITECTURE.md, checked: no function over 80 lines and no file over 600 lines in
# src/, unless scripts/size-exceptions.txt names it with a reason ("src/x/y.c name: why" or
# "src/x/y.c: why" for the whole file). A function is what clang-format leaves at column 0: its
# opening "{" line to its closing "}" line, both counted. Prints each offender; exit 1 if any.
set -eu
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
exceptions=scripts/size-exceptions.txt
[ -f "$exceptions" ] || exceptions=/dev/null
max_fn=${HP_MAX_FUNCTION_LINES:-80}
max_file=${HP_MAX_FILE_LINES:-600}
# a private temporary file (a fixed name in a shared /tmp could be anyone's, or a symlink)
report=$(mktemp "${TMPDIR:-/tmp}/hp-sizes.XXXXXX")
trap 'rm -f "$report"' EXIT
find src -name '*.c' -o -name '*.h' | sort | xargs awk -v max_fn="$max_fn" -v max_file="$max_file" '
    FNR == 1 { if (prev != "" && prev_n > max_file) print prev ": " prev_n " lines (file)"; name = ""; start = 0 }
    { prev = FILENAME; prev_n = FNR }
    /^[A-Za-z_].*\(/ { sig = $0; sub(/\(.*/, "", sig); n = split(sig, w, /[ *]+/); name = w[n] }
    /^\{$/ { start = FNR }
    /^\}/ && start { len = FNR - start + 1; if (len > max_fn) print FILENAME " " name ": " len " lines (function)"; start = 0 }
    END { if (prev_n > max_file) print prev ": " prev_n " lines (file)" }
' | while IFS= read -r line; do
    key=${line%%: *}
    if grep -qF "$key:" "$exceptions"; then continue; fi
    echo "$line"
done >"$report"
if [ -s "$report" ]; then
    echo "check-sizes: over the limit (${max_fn}-line functions, ${max_file}-line files): split it, or name it with a reason in scripts/size-exceptions.txt" >&2
    cat "$report" >&2
    exit 1
fi
echo "check-sizes: every function in src/ within $max_fn lines, every file within $max_file"
