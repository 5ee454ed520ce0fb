# No plaintext on disk: `helm panda secrets template` on an encrypted chart, run under
# strace -f through real helm, creates or writes no file outside the helm cache, and afterwards
# no file under the temp dirs, the helm homes or the tmpfs places holds a secret marker; the
# same after a failing helm call and after Ctrl-C (SIGINT to the whole process group).
. "$HP_ROOT/tests/integration/lib.sh"
. "$HP_ROOT/tests/integration/secrets_lib.sh"
install_plugin || exit 1
command -v strace >/dev/null || { not_ok "strace missing (scripts/deps.sh --tests installs it)"; exit 1; }
cd "$T" || exit 1
# LeakSanitizer cannot run under ptrace (strace): in the ASan round leaks are checked by the
# other tests, not these
export ASAN_OPTIONS="${ASAN_OPTIONS:+$ASAN_OPTIONS:}detect_leaks=0"
export SOPS_AGE_KEY_FILE=$T/key.txt
# markers: HPSECRET in the test chart, global_age in the real SOPS file's plaintext
MARKERS='HPSECRET|global_age'

# The chart, every secret encrypted: values.yaml is the real SOPS 3.7.1 file, the certificates
# and the CRIC JSON files are age files (our encrypt and the age CLI).
new_root "$T/enc"
s=$T/enc/secrets
cp "$ROOT/testdata/sops/secrets.age.yaml" "$s/values.yaml"
rm "$s/values-prod.yaml"
encrypt_age_files "$T/enc"
for f in "$s"/files/cric_jsons/*.json; do
    age -r "$AGE_RECIPIENT" -o "$f.age" "$f" && rm "$f"
done
if grep -rEq "$MARKERS" "$T/enc"; then not_ok "test chart still holds plaintext"; else ok "test chart holds no plaintext"; fi

# The tmpfs fallback writes under $XDG_RUNTIME_DIR when it is a tmpfs, else /dev/shm. Every run
# here has a private one, so that the checks below see only this test's files: /dev/shm is
# shared with every other run on the machine (the same markers, from the same test data), and a
# concurrent run's live files are not our leftovers. The /dev/shm fallback itself is case 5.
RT=$(mktemp -d /dev/shm/hp-nodisk.XXXXXX) || { not_ok "no private directory under /dev/shm"; exit 1; }
export XDG_RUNTIME_DIR=$RT
trap 'rm -rf "$RT"; hp_finish' EXIT
shm_before=$(ls -d "$RT"/helm-panda.* 2>/dev/null | sort)

# check_trace LOG DESC [ALLOWED]: no file created, written, renamed, linked or removed outside the helm
# cache (the tmpfs fallback's private directory is allowed: it is RAM, and checked below)
check_trace() {
    grep -E '(open|openat|openat2|creat)\(' "$1" | grep -E 'O_WRONLY|O_RDWR|O_CREAT|O_TRUNC|creat\(' \
        >"$T/writes" || true
    grep -E '(rename|renameat|renameat2|unlink|unlinkat|mkdir|mkdirat|link|linkat|symlink|symlinkat|truncate)\(' "$1" |
        grep -v ' = -1 ' >>"$T/writes" || true
    # (under HP_VALGRIND=1 valgrind's own logs, vgdb pipes and /proc stand-ins are not ours)
    grep -vE "\"($HELM_CACHE_HOME/|/dev/null\"|/dev/tty\"|$RT/helm-panda\.|[^\"]*/vg\.[0-9]+\.log\"|/tmp/vgdb-pipe|/tmp/valgrind_proc_)" \
        "$T/writes" | grep -vE "${3:-^$}" >"$T/bad-writes" || true
    if [ -s "$T/bad-writes" ]; then
        not_ok "$2: files written outside the helm cache"
        head -20 "$T/bad-writes"
    else
        ok "$2: no file created or written outside the helm cache (strace -f)"
    fi
}
# check_no_plaintext DESC: no marker in any file of the temp dir (helm homes included) or the
# private tmpfs place; no tmpfs directory left behind
check_no_plaintext() {
    found=$(grep -rlE "$MARKERS" "$T" "$RT" 2>/dev/null | grep -v "^$T/enc-plain/")
    if [ -n "$found" ]; then not_ok "$1: plaintext found in: $found"; else ok "$1: no file holds a secret marker"; fi
    shm_after=$(ls -d "$RT"/helm-panda.* 2>/dev/null | sort)
    [ "$shm_after" = "$shm_before" ] && ok "$1: no tmpfs directory left behind" ||
        not_ok "$1: tmpfs leftovers: $shm_after"
}

# the plaintext check itself must see a planted marker
echo "HPSECRET-planted" >"$T/helmhome/planted"
grep -rlE "$MARKERS" "$T" | grep -q planted && ok "plaintext check finds a planted marker" || not_ok "plaintext check is blind"
rm "$T/helmhome/planted"

trace="strace -f -qq -e signal=none -e trace=open,openat,creat,rename,renameat,renameat2,unlink,unlinkat,mkdir,mkdirat,link,linkat,symlink,symlinkat,truncate"

# 1. success, each in-memory way; the render goes to a pipe, never to a file
for way in memfd tmpfs; do
    n=$(HELM_PANDA_MEMFILE=$way $trace -o "$T/trace-$way.log" helm panda secrets template -q -C "$T/enc" 2>"$T/err" |
        grep -cE "$MARKERS")
    [ "$n" -gt 0 ] && ok "render ($way) holds the decrypted secrets" || { not_ok "render ($way) empty"; cat "$T/err"; }
    [ -s "$T/err" ] && { not_ok "success ($way): stderr not empty"; cat "$T/err"; }
    check_trace "$T/trace-$way.log" "success ($way)"
    check_no_plaintext "success ($way)"
done

# 2. a failing helm call (a template that fails)
printf '{{ fail "boom" }}\n' >"$s/templates/broken.yaml"
HELM_PANDA_MEMFILE=tmpfs $trace -o "$T/trace-fail.log" helm panda secrets template -C "$T/enc" >/dev/null 2>"$T/err"
rc=$?
[ "$rc" -ne 0 ] && ok "broken template: exit $rc" || not_ok "broken template succeeded"
grep -Eq 'failed +panda-secrets' "$T/err" && ok "broken template: says helm failed" || not_ok "no failure line"
check_trace "$T/trace-fail.log" "failed helm call"
check_no_plaintext "failed helm call"
rm "$s/templates/broken.yaml"

# 3. Ctrl-C: SIGINT to the process group while helm runs (a helm wrapper that waits first; it
# is HELM_BIN itself, so it names the real helm by its absolute path)
cat >"$T/slowhelm" <<EOS
#!/bin/sh
echo started >"$T/slowhelm.started"
sleep 30
exec "$HELM" "\$@"
EOS
chmod +x "$T/slowhelm"
rm -f "$T/slowhelm.started"
# setsid: helm-panda leads its own process group (strace stays outside it, as a terminal's
# Ctrl-C reaches only the foreground job)
HELM_BIN=$T/slowhelm HELM_PANDA_MEMFILE=tmpfs $trace -o "$T/trace-int.log" \
    setsid sh -c 'echo $$ >"$0/pgid"; exec "$1" secrets template -C "$0/enc"' "$T" "$HP_BIN" >/dev/null 2>"$T/err" &
tracer=$!
wait_until 60 test -e "$T/slowhelm.started"
[ -e "$T/slowhelm.started" ] && ok "helm was running when interrupted" || not_ok "helm never started"
ls -d "$RT"/helm-panda.* >/dev/null 2>&1 && ok "tmpfs fallback in use while helm runs" || not_ok "no tmpfs dir while running"
kill -INT -- "-$(cat "$T/pgid")"
wait "$tracer"
rc=$?
[ "$rc" -eq 130 ] && ok "Ctrl-C: exit 130" || { not_ok "Ctrl-C: exit $rc"; cat "$T/err"; }
grep -Eq 'interrupted +panda-secrets' "$T/err" && ok "Ctrl-C: says so" || { not_ok "Ctrl-C message"; cat "$T/err"; }
# the test's own bookkeeping files (the process group id, the wrapper's "started" note) aside
check_trace "$T/trace-int.log" "Ctrl-C" "\"$T/(pgid|slowhelm\.started)\""
check_no_plaintext "Ctrl-C"

# 4. Ctrl-C while the secrets are still being decrypted (the key command would take 300 s): the
# key command is stopped at once, we stop before helm is started, exit 130, and leave nothing
fake_helm
rm -f "$T/keycmd.started" "$T/keycmd.stopped"
SOPS_AGE_KEY_CMD="trap 'touch \"$T/keycmd.stopped\"; kill \$! 2>/dev/null; exit 143' TERM; echo started >'$T/keycmd.started'; sleep 300 & wait \$!; cat '$T/key.txt'" HELM_BIN=$T/fakehelm \
    HELM_PANDA_MEMFILE=tmpfs "$HP_BIN" secrets template -C "$T/enc" >/dev/null 2>"$T/err" &
pid=$!
wait_until 60 test -e "$T/keycmd.started"
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] && ok "Ctrl-C while decrypting: exit 130" || { not_ok "Ctrl-C while decrypting: exit $rc"; cat "$T/err"; }
grep -q '^helm-panda: error: .*SOPS_AGE_KEY_CMD: stopped by SIGINT$' "$T/err" && ok "Ctrl-C while decrypting: says so" ||
    { not_ok "Ctrl-C while decrypting: message"; cat "$T/err"; }
[ -e "$T/keycmd.stopped" ] && ok "Ctrl-C while decrypting: the key command was stopped, not waited for" ||
    not_ok "Ctrl-C while decrypting: the key command was not stopped"
helm_was_called && not_ok "helm started after Ctrl-C" || ok "Ctrl-C while decrypting: helm never started"
check_no_plaintext "Ctrl-C while decrypting"

# 5. the /dev/shm fallback (no $XDG_RUNTIME_DIR): the directories this run made there, read from
# its own trace (other runs may have theirs there at the same time), are gone afterwards
n=$(env -u XDG_RUNTIME_DIR HELM_PANDA_MEMFILE=tmpfs $trace -o "$T/trace-shm.log" helm panda secrets template -q -C "$T/enc" 2>"$T/err" |
    grep -cE "$MARKERS")
[ "$n" -gt 0 ] && ok "render (/dev/shm) holds the decrypted secrets" || { not_ok "render (/dev/shm) empty"; cat "$T/err"; }
check_trace "$T/trace-shm.log" "success (/dev/shm)" '"/dev/shm/helm-panda\.'
made=$(grep -oE 'mkdir(at)?\((AT_FDCWD, )?"/dev/shm/helm-panda\.[^"]*"' "$T/trace-shm.log" | grep -oE '/dev/shm/helm-panda\.[^"]*')
[ -n "$made" ] && ok "without \$XDG_RUNTIME_DIR the tmpfs files go to /dev/shm" || not_ok "no directory made under /dev/shm"
left=""
for d in $made; do [ -e "$d" ] && left="$left $d"; done
[ -z "$left" ] && ok "/dev/shm: the run's directories are gone" || not_ok "/dev/shm leftovers:$left"
