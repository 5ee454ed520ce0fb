# The secrets commands' safety rules (issue 11): flags that would do nothing are refused,
# low-order recipients are refused instead of looping, a killed decrypt leaves no plaintext on
# disk, core dumps are off while plaintext is held, and YAML strings stay strings for a YAML 1.2
# reader. Runs the binary directly: helm adds nothing to these paths.
. "$HP_ROOT/tests/integration/lib.sh"
cd "$T" || exit 1

age-keygen -o id.txt 2>/dev/null
R=$(age-keygen -y id.txt)
printf 'PLAINTEXT-MARKER\n' >p
age -r "$R" -o p.age p
cp p.age p.age.orig

# ---- 7. SOPS-only flags on an age file: a usage error before anything is decrypted ----
for flags in "-i" "--in-place" "--extract a" "--ignore-mac"; do
    # shellcheck disable=SC2086
    run "$HP_BIN" secrets decrypt --identity id.txt $flags p.age
    expect_rc 2 "decrypt $flags on an age file is a usage error"
    expect_err "^helm-panda: error: .*$(echo "$flags" | sed 's/ .*//; s/^-*//').* applies to SOPS documents only; p.age is an age file" \
        "decrypt $flags on an age file names the flag"
    [ "$(grep -c 'error' "$T/err")" -eq 1 ] && ok "decrypt $flags: one error line" || { not_ok "decrypt $flags: one error line"; show; }
    grep -q PLAINTEXT-MARKER "$T/out" "$T/err" && not_ok "decrypt $flags printed the plaintext" ||
        ok "decrypt $flags printed no plaintext"
    cmp -s p.age p.age.orig && ok "decrypt $flags left the file alone" || not_ok "decrypt $flags left the file alone"
done

# ---- 3. A low-order X25519 recipient (the all-zero key) is refused at once, not looped on ----
ZERO=age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z
run timeout 20 "$HP_BIN" secrets encrypt --format age -r "$ZERO" -o z.age p
expect_rc 1 "encrypt --format age to the all-zero key fails (124 = the old endless loop)"
expect_err '^helm-panda: error: -r: X25519 recipient "age1q+5cu47z": low order point$' "the low-order recipient is named"
expect_lines "$T/err" 1 "low-order recipient: one error line"
[ ! -e z.age ] && ok "no output for a low-order recipient" || not_ok "no output for a low-order recipient"
printf 'age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z\n' >zero.txt
run timeout 20 "$HP_BIN" secrets encrypt --format age -R zero.txt p
expect_rc 1 "encrypt -R with the all-zero key fails"
expect_err 'zero.txt: line 1.*low order point' "the low-order line of -R is named"
mkdir -p sopsdir
printf 'creation_rules:\n  - age: %s,%s\n' "$R" "$ZERO" >sopsdir/.sops.yaml
printf 'password: PLAINTEXT-MARKER\n' >sopsdir/v.yaml
cp sopsdir/v.yaml sopsdir/v.yaml.orig
run timeout 20 "$HP_BIN" secrets encrypt -i sopsdir/v.yaml
expect_rc 1 "SOPS encrypt through .sops.yaml with the all-zero key fails"
expect_err 'low order point' "SOPS: the low-order recipient is named"
expect_lines "$T/err" 1 "SOPS low-order recipient: one error line"
cmp -s sopsdir/v.yaml sopsdir/v.yaml.orig && ok "SOPS: the file is left alone" || not_ok "SOPS: the file is left alone"

# ---- 10. Strings stay strings for YAML 1.1 and 1.2 readers (node's yaml, PyYAML) ----
# Every value below is a string that some reader would take as a number, bool, null or date
# if written plain; `secrets decrypt` must write each one so that it reads back unchanged.
{
    echo 'strings:'
    i=0
    for v in 1e3895 -1e3895 +1_000 1_000 0x1F 0o17 0b101 0777 08 1:20 1:20.5 190:20:30 1e5 1.0e+5 . e5 .5 \
        .inf -.Inf .NaN y n Yes NO on Off TRUE false null '~' '' 2001-12-14 2001-12-14t21:59:43.10-05:00 \
        '<<' = 1__0 +_1 0x_ 1.2.3 v1.2 0.1.0; do
        printf '  k%s: "%s"\n' "$i" "$v"
        i=$((i + 1))
    done
} >strings.yaml
run "$HP_BIN" secrets encrypt -r "$R" --format yaml -o strings.enc.yaml strings.yaml
expect_rc 0 "SOPS-encrypt the tricky strings"
run "$HP_BIN" secrets decrypt --identity id.txt -o strings.dec.yaml strings.enc.yaml
expect_rc 0 "SOPS-decrypt the tricky strings"
YAML_PKG=$ROOT/tools/npm/node_modules/yaml
if command -v node >/dev/null && [ -d "$YAML_PKG" ]; then
    run node "$ROOT/tests/integration/yaml_strings.mjs" "$YAML_PKG" strings.yaml strings.dec.yaml
    expect_rc 0 "node's yaml (1.2 core and 1.1) reads every decrypted string back as that string"
else
    not_ok "node or node's yaml (tools/npm) missing: run scripts/deps.sh --tests"
fi
if python3 -c 'import yaml' 2>/dev/null; then
    run python3 -c '
import sys, yaml
want = yaml.safe_load(open(sys.argv[1]))["strings"]
got = yaml.safe_load(open(sys.argv[2]))["strings"]
bad = [k for k in want if got.get(k) != want[k]]
for k in bad: print("PyYAML: %s: wrote %r, read back %r" % (k, want[k], got.get(k)))
sys.exit(1 if bad else 0)' strings.yaml strings.dec.yaml
    expect_rc 0 "PyYAML (YAML 1.1) reads every decrypted string back as that string"
else
    not_ok "PyYAML missing (Debian package python3-yaml): run scripts/deps.sh --tests"
fi

# ---- 6. Core dumps are off while plaintext is held ----
# The binary reads its own state back from the kernel (prctl PR_GET_DUMPABLE, getrlimit) and
# prints it with HELM_DEBUG; and, from outside, /proc/PID/limits of a decrypt that is stalled
# mid-input (a FIFO we hold open) shows a core size limit of 0.
run env HELM_DEBUG=true "$HP_BIN" secrets decrypt --identity id.txt p.age
expect_rc 0 "decrypt with HELM_DEBUG"
expect_err 'debug: core dumps: dumpable=0, RLIMIT_CORE=0/0$' "decrypt: not dumpable, core limit 0 (read back)"
run env HELM_DEBUG=true "$HP_BIN" secrets view sopsdir/v.yaml.orig
expect_err 'debug: core dumps: dumpable=0, RLIMIT_CORE=0/0$' "view: not dumpable, core limit 0"
mkfifo stall.fifo
"$HP_BIN" secrets decrypt --identity id.txt -o stalled.out stall.fifo 2>/dev/null &
pid=$!
exec 3>stall.fifo
head -c 100 p.age >&3 # part of the header: the decrypt waits for the rest
core=""
core_limit() { core=$(awk '/^Max core file size/ {print $5 " " $6}' "/proc/$pid/limits" 2>/dev/null); [ -n "$core" ]; }
wait_until 60 core_limit
[ "$core" = "0 0" ] && ok "/proc/PID/limits of a running decrypt: core size 0 0" ||
    not_ok "/proc/PID/limits of a running decrypt: core size 0 0 (got '$core')"
exec 3>&-
wait $pid # the cut input fails: that is not what this checks
[ ! -e stalled.out ] && ok "the failed decrypt wrote no output" || not_ok "the failed decrypt wrote no output"

# ---- 4. A decrypt killed mid-way leaves no plaintext on disk ----
# A 16 MiB age file is fed through a FIFO that stalls after 8 MiB: the decrypt has written
# megabytes of plaintext for -o OUT when it gets SIGTERM or SIGINT. Nothing holding the marker
# may remain in OUT's folder, and the exit status is the signal's. Both ways of writing OUT
# are run: unnamed (O_TMPFILE, where the file system has it: nothing is ever visible) and the
# named fallback (HELM_PANDA_NO_O_TMPFILE=1: the temporary is visible, then removed by the
# signal handler).
awk 'BEGIN { for (i = 0; i < 280000; i++) printf "PLAINTEXT-MARKER line %08d of the big secret file\n", i }' >big
age -r "$R" -o big.age big
kill_mid_decrypt() { # NO_O_TMPFILE SIGNAL WANTED_STATUS
    rm -rf outdir stall2.fifo
    mkdir outdir
    mkfifo stall2.fifo
    # The decrypt keeps an ignored SIGINT ignored (as nohup would want), and a shell started in
    # the background (CI, `make ... &`) hands its children SIGINT ignored, which neither `set -m`
    # nor `trap` can undo: env resets it so the signal under test reaches the decrypt.
    set -m
    env --default-signal=INT,TERM,HUP HELM_DEBUG=true HELM_PANDA_NO_O_TMPFILE=$1 "$HP_BIN" secrets decrypt --identity id.txt -o outdir/plain.txt \
        stall2.fifo 2>kill.err &
    pid=$!
    set +m
    exec 4>stall2.fifo
    head -c 8388608 big.age >&4 # returns once the decrypt has read nearly all of it
    # the named temporary can be watched until plaintext is in it; an unnamed file cannot
    if [ -n "$1" ]; then
        wait_until 60 grep -rq PLAINTEXT-MARKER outdir 2>/dev/null
    else
        sleep 0.5
    fi
    during=$(ls -A outdir)
    leaked_during=$(grep -rl PLAINTEXT-MARKER outdir 2>/dev/null)
    kill -"$2" "$pid"
    # a decrypt that survives the signal must fail this test, not hang the suite (polled here:
    # a background watchdog subshell would carry lib.sh's EXIT trap, which removes $T)
    for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null
    wait "$pid"
    rc=$?
    exec 4>&-
    what="SIG$2, $([ -n "$1" ] && echo named fallback || echo default)"
    [ "$rc" -eq "$3" ] && ok "$what: exit $3" || { not_ok "$what: exit $rc, wanted $3"; cat kill.err; }
    left=$(grep -rl PLAINTEXT-MARKER outdir)
    [ -z "$left" ] && ok "$what: no file in OUT's folder holds the plaintext" ||
        not_ok "$what: plaintext left in: $left"
    [ -z "$(ls -A outdir)" ] && ok "$what: OUT's folder is empty" || not_ok "$what: left behind: $(ls -A outdir)"
    if [ -n "$1" ]; then
        # the fallback really ran, and had plaintext on disk when the signal came
        case "$during" in .plain.txt.tmp*) ok "$what: a named temporary was written" ;;
        *) not_ok "$what: no named temporary while running (saw '$during')" ;; esac
        [ -n "$leaked_during" ] && ok "$what: it held plaintext before the signal" ||
            not_ok "$what: the decrypt had written nothing yet"
    elif grep -q 'unnamed file (O_TMPFILE)' kill.err; then
        [ -z "$during" ] && ok "$what: nothing visible while writing (O_TMPFILE)" ||
            not_ok "$what: visible while writing: $during"
    else
        ok "# $what: no O_TMPFILE on this file system, the named fallback ran"
    fi
}
kill_mid_decrypt "" TERM 143
kill_mid_decrypt "" INT 130
kill_mid_decrypt 1 TERM 143
kill_mid_decrypt 1 INT 130
# and a complete decrypt still lands, with mode 0600
run "$HP_BIN" secrets decrypt --identity id.txt -o outdir/plain.txt big.age
expect_rc 0 "a complete decrypt -o succeeds"
cmp -s outdir/plain.txt big && ok "-o OUT holds the whole plaintext" || not_ok "-o OUT holds the whole plaintext"
[ "$(stat -c %a outdir/plain.txt)" = 600 ] && ok "-o OUT has mode 0600" || not_ok "-o OUT mode $(stat -c %a outdir/plain.txt)"
