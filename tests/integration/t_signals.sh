# Interruptions and closed standard descriptors as users meet them (issue 23, "Do no harm"):
# `helm panda ...` through helm from PATH with the plugin installed by `helm plugin install`, and
# the recording helm as "helm" first on PATH (helm hands the plugin HELM_BIN=helm, which finds it).
# A CI job cancelled sends SIGTERM, a closed terminal SIGHUP, Ctrl-C SIGINT (to helm and the
# plugin alike); the plugin's exit status is what helm exits with.
# Mutants tried (each caught here):
#   a run started after a signal is not refused (runner.c, the hp_interrupt_signal() check at
#   runner_run's start): apply goes on after an interrupted `helm list` and upgrades (exit 0);
#   SIGHUP not caught (interrupt.c): the plugin dies of it, helm's status is 255 not 129, and the
#   helm it ran is never told (no "I" line);
#   SIGHUP forwarded as SIGHUP (runner.c handle_signals): the recorder logs SIGHUP, not SIGTERM;
#   the old 10 s SIGKILL after the first Ctrl-C (kill_after 0 meaning 10 s): the 12 s rollback
#   is killed (no "R" line); a second signal not killing (handle_signals' signals >= 2): the
#   rollback runs to its end;
#   128 + signal not used (main.c interrupted_exit returning 130): the 143 and 129 checks fail;
#   fds 0-2 not reopened (main.c std_fds_open): with stdout closed helm is handed -f /dev/fd/1.
. "$HP_ROOT/tests/integration/lib.sh"

install_plugin || exit 0
helm plugin install "$ROOT/tests/integration/helm-diff-standin" >/dev/null 2>&1 || not_ok "stand-in helm-diff install"
cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
mkdir -p "$T/recbin" "$T/state" "$T/listed"
ln -s "$ROOT/tests/integration/helm_recorder.sh" "$T/recbin/helm"
export PATH="$T/recbin:$PATH"
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm HP_REC_CHECK=0
export HP_DIFF_STATE=$T/state HP_DIFF_LOG=$T/diff.log
reset_log() { rm -f "$T/rec.log" "$T/rec.log.count" "$T/rec.log.lock" "$T/diff.log"; }
. "$HP_ROOT/tests/integration/bg_lib.sh" # start, wait_for, finish
# (fields counted from the end: before the recorder stamped with bash's own clock, one hit by the
# forwarded Ctrl-C while `date` ran wrote an empty time, which shifted the columns)
upgrades() { grep -P '^S ' "$T/rec.log" 2>/dev/null | awk '$(NF-1) == "upgrade" && $NF !~ /-panda-snapshots$/ {print $NF}' | tr '\n' ' '; }
check_log() { if grep -Eq -- "$1" "$T/rec.log"; then ok "$2"; else not_ok "$2"; grep -v '^A' "$T/rec.log"; show; fi; }
check_no_log() { if grep -Eq -- "$1" "$T/rec.log"; then not_ok "$2"; grep -v '^A' "$T/rec.log"; show; else ok "$2"; fi; }
# last_line ERE DESC: the plugin's last line (helm adds its own "Error: plugin ... exited" after it)
last_line() {
    l=$(grep -v '^Error: plugin "panda" exited with error$' "$T/err" | tail -n 1)
    if printf '%s\n' "$l" | grep -Eq -- "$1"; then ok "$2"; else not_ok "$2 (last line: $l)"; show; fi
}

# --- SIGTERM (a cancelled CI job) during apply's `helm list`: an answer, not "no answer" ---
echo "extra: changed" >>"$R/helm/iam/values.yaml"
touch "$T/listed/test-iam"
start HP_REC_SLEEP_RELEASE=list:300 HP_REC_LIST_DIR="$T/listed" helm panda apply -C "$R" -c msgsvc,iam
wait_for '^S .* list list$' && kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM during apply's helm list: helm panda exits 143"
check_log '^I .* list list SIGTERM$' "the running helm list got the SIGTERM"
[ -z "$(upgrades)" ] && ok "SIGTERM during helm list: nothing upgraded" || { not_ok "upgraded after SIGTERM: $(upgrades)"; show; }
check_no_log '^S .* diff upgrade' "SIGTERM during helm list: no diff started either"
last_line '^helm-panda: error: interrupted by SIGTERM: stopped before changing anything further' \
    "SIGTERM: the last line says it stopped and what it did not do"

# --- diff asks helm-diff's and helm's versions at once (two helm starts side by side, not in
# series before the first diff): `diff version` answers only once `version` has started ---
reset_log
HP_REC_DIFF_VERSION_WAITS=1 HP_REC_LIST_DIR="$T/listed" helm panda diff -C "$R" -c msgsvc >"$T/out" 2>"$T/err"
RC=$?
expect_rc 0 "diff with the probes at once: exit 0"
if awk '/^V / { v = NR } / diff version 0$/ && /^E / { e = NR } END { exit !(v && e && v < e) }' "$T/rec.log"; then
    ok "diff: helm version started before helm diff version ended (asked at once)"
else
    not_ok "diff: helm version started before helm diff version ended (asked at once)"; grep -v '^A' "$T/rec.log"
fi

# --- SIGTERM while diff's two probes run: both stopped, nothing else starts, exit 143 ---
start HP_REC_SLEEP_VERSION=300 HP_REC_LIST_DIR="$T/listed" helm panda diff -C "$R" -c msgsvc
wait_for '^V ' && wait_for '^E .* diff version 0$' && sleep 0.3 && kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM during diff's version probes: exit 143"
check_log '^I .* version version SIGTERM$' "diff's helm version probe got the SIGTERM"
check_no_log '^S .* list list$' "SIGTERM during diff's probes: no helm list started"
check_no_log '^S .* diff upgrade' "SIGTERM during diff's probes: no diff started"
last_line '^helm-panda: error: interrupted by SIGTERM: ' "SIGTERM during diff's probes: the last line says so"

# --- SIGTERM during install's `helm version` probe: nothing starts, exit 143 (was 130) ---
start HP_REC_SLEEP_VERSION=300 helm panda install -C "$R" -c msgsvc
wait_for '^V ' && sleep 0.3 && kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM during the version probe: exit 143"
check_log '^I .* version version SIGTERM$' "the probe got the SIGTERM"
check_no_log '^S ' "SIGTERM during the probe: no release started"
last_line '^helm-panda: error: interrupted by SIGTERM: ' "SIGTERM during the probe: the last line says so"

# --- SIGHUP (a lost terminal) during the upgrades: helm gets SIGTERM, waited for, exit 129 ---
start HP_REC_SLEEP=300 helm panda install -C "$R" -c msgsvc,iam,panda
wait_for '^S .* upgrade test-iam$' && wait_for '^S .* upgrade test-msgsvc$' && kill -HUP "$plug"
finish
expect_rc 129 "SIGHUP during the upgrades: exit 129"
check_log '^I .* upgrade test-msgsvc SIGTERM$' "SIGHUP: the running helm gets SIGTERM (helm would die of a SIGHUP at once)"
expect_err '^test-iam +iam +interrupted +[0-9.]+s +exit 130' "SIGHUP: the plugin waited for helm's end (its exit status)"
last_line '^helm-panda: error: interrupted by SIGHUP: ' "SIGHUP: the last line says so"
check_no_log '^S .* upgrade test-panda$' "SIGHUP: panda (needs msgsvc, iam) never started"
expect_err '^test-panda +panda +not started' "SIGHUP: the summary says panda was not started"
sleep 0.2
pgrep -f "$T/recbin" >/dev/null && { not_ok "a helm was left running"; pgrep -af "$T/recbin"; } || ok "SIGHUP: no helm left running"

# --- the first Ctrl-C waits for helm's rollback as long as it takes (12 s > the old 10 s) ---
start HP_REC_SLEEP=300 HP_REC_ROLLBACK=12 helm panda install -C "$R" -c msgsvc
wait_for '^S .* upgrade test-msgsvc$' && kill -INT "$plug"
finish
expect_rc 130 "Ctrl-C: exit 130"
check_log '^R .* upgrade test-msgsvc$' "Ctrl-C: helm's 12 s rollback ran to its end (no SIGKILL after 10 s)"
[ "$(grep -c 'waiting for helm to finish: test-msgsvc' "$T/err")" = 1 ] && ok "Ctrl-C: says once that it waits for test-msgsvc" \
    || { not_ok "the waiting line, once, naming the release"; show; }
expect_err '^helm-panda: warning: SIGINT: starting nothing more; waiting for helm to finish: test-msgsvc \(it may be rolling back' \
    "Ctrl-C: the waiting line"

# --- a second Ctrl-C kills helm ---
start HP_REC_SLEEP=300 HP_REC_ROLLBACK=300 helm panda install -C "$R" -c msgsvc
wait_for '^S .* upgrade test-msgsvc$' && kill -INT "$plug" && wait_for '^I .* upgrade test-msgsvc' && kill -INT "$plug"
t0=$(date +%s)
finish
expect_rc 130 "a second Ctrl-C: exit 130"
[ $(($(date +%s) - t0)) -lt 60 ] && ok "a second Ctrl-C: helm killed at once (its rollback takes 300 s)" || not_ok "a second Ctrl-C did not kill helm"
check_no_log '^R ' "a second Ctrl-C: the rollback did not run to its end"

# --- Ctrl-C at a terminal: the whole foreground group (helm dies at once; the plugin carries on) ---
set -m
start HP_REC_SLEEP=300 HP_REC_ROLLBACK=2 helm panda install -C "$R" -c msgsvc
set +m
wait_for '^S .* upgrade test-msgsvc$' && kill -INT -- "-$hpid"
finish
wait_until 60 eval '! kill -0 "$plug" 2>/dev/null'
check_log '^I .* upgrade test-msgsvc SIGINT$' "terminal Ctrl-C: the plugin passed it to its helm"
check_log '^R .* upgrade test-msgsvc$' "terminal Ctrl-C: the plugin waited for helm's rollback"
expect_err '^0 of 1 deployed; interrupted' "terminal Ctrl-C: the plugin's summary"

# --- under nohup (SIGHUP ignored) a closed terminal does not stop the run ---
start HP_REC_SLEEP=2 nohup helm panda install -C "$R" -c msgsvc
wait_for '^S .* upgrade test-msgsvc$' && kill -HUP "$plug"
finish
expect_rc 0 "nohup: SIGHUP ignored, the install completes (exit 0)"
check_log '^E .* upgrade test-msgsvc 0$' "nohup: helm was not told to stop"

# --- SIGTERM during decryption (SOPS_AGE_KEY_CMD, the key command, would take 300 s: a prompt,
#     a hardware key waiting for a touch, a slow vault): the key command is stopped at once (its
#     TERM trap leaves a mark), nothing starts, exit 143 ---
cp -r "$ROOT/testdata/deploy" "$T/enc"
age-keygen -o "$T/key.txt" 2>/dev/null
"$HP_BIN" secrets encrypt -r "$(grep -o 'age1[a-z0-9]*' "$T/key.txt")" -i "$T/enc/helm/iam/values.yaml" ||
    not_ok "encrypt iam's values.yaml"
rm -f "$T/keycmd.started" "$T/keycmd.stopped"
start SOPS_AGE_KEY_CMD="trap 'touch \"$T/keycmd.stopped\"; kill \$! 2>/dev/null; exit 143' TERM; touch '$T/keycmd.started'; sleep 300 & wait \$!; cat '$T/key.txt'" \
    helm panda install -C "$T/enc" -c msgsvc,iam
wait_until 60 test -e "$T/keycmd.started" || not_ok "the key command never ran"
kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM during decryption: exit 143 (helm said 255 when the plugin died of it)"
[ -e "$T/keycmd.stopped" ] && ok "SIGTERM during decryption: the key command was stopped (SIGTERM), not waited for" ||
    not_ok "the key command was not stopped"
check_no_log '^S ' "SIGTERM during decryption: no release started"
expect_err '^helm-panda: error: SOPS_AGE_KEY_CMD: stopped by SIGTERM$' "SIGTERM during decryption: one line says the key command was stopped"
last_line '^helm-panda: error: interrupted by SIGTERM: ' "SIGTERM during decryption: the last line says so"

# --- SIGTERM during an OCI pull (the chart of a site tree; the pull sleeps first): exit 143 ---
mkdir -p "$T/ocisite"
cp -r "$ROOT/testdata/deploy/secrets" "$T/ocisite/"
printf 'charts:\n  repository: oci://127.0.0.1:1/charts\n  version: 0.1.0\n  plainHttp: true\n' >"$T/ocisite/helm-panda.yaml"
start HP_REC_SLEEP=300 helm panda install -C "$T/ocisite" -c msgsvc
wait_for '^S .* pull oci://' && kill -TERM "$plug"
finish
expect_rc 143 "SIGTERM during an OCI pull: exit 143"
check_log '^I .* pull oci://127.0.0.1:1/charts/msgsvc SIGTERM$' "the pull got the SIGTERM"
check_no_log '^S .* upgrade ' "SIGTERM during the pull: no release started"
last_line '^helm-panda: error: interrupted by SIGTERM: ' "SIGTERM during the pull: the last line says so"

# --- SIGKILL (the OOM killer, kill -9, a CI runner's hard stop) runs no exit handler: the private
#     TMPDIR in /dev/shm stays while the helm it started still runs (that helm uses it), and the
#     next run removes it once nobody holds it (secrets/shmdir.c) ---
shm_dirs() { find /dev/shm -maxdepth 1 -name 'helm-panda.*' -user "$(id -u)" 2>/dev/null | sort; }
shm_dirs >"$T/shm.before"
start XDG_RUNTIME_DIR= HP_REC_SLEEP=15 helm panda install -C "$R" -c msgsvc
wait_for '^S .* upgrade test-msgsvc$'
# the run's folder: the TMPDIR its helm was given (not "the new folders in /dev/shm": another
# run on the machine may make one in the meantime)
# (its own variable: $hpid is the backgrounded helm that finish waits for)
upgrade_pid=$(awk '$1 == "S" && $4 == "upgrade" && $5 == "test-msgsvc" {print $3}' "$T/rec.log" | tail -n 1)
left=$(tr '\0' '\n' <"/proc/${upgrade_pid:-0}/environ" 2>/dev/null | sed -n 's/^TMPDIR=//p')
case "$left" in /dev/shm/helm-panda.*)
    [ -d "$left" ] && ! grep -qxF "$left" "$T/shm.before" && ok "SIGKILL: the run has its own private folder in /dev/shm" ||
        not_ok "SIGKILL: the helm's TMPDIR $left is not a new folder" ;;
*) not_ok "SIGKILL: the helm's TMPDIR is not a private folder in /dev/shm: '$left'" ;;
esac
kill -KILL "$plug"
finish
XDG_RUNTIME_DIR= helm panda install -C "$R" -c msgsvc >"$T/out2" 2>&1 || { not_ok "a run after SIGKILL"; cat "$T/out2"; }
[ -n "$left" ] && [ -d "$left" ] && ok "SIGKILL: the folder stays while the helm it started runs" ||
    not_ok "SIGKILL: the folder of a still-running helm was removed"
wait_until 60 eval '! pgrep -f "$T/recbin" >/dev/null'
XDG_RUNTIME_DIR= helm panda install -C "$R" -c msgsvc >"$T/out2" 2>&1 || { not_ok "a run after SIGKILL"; cat "$T/out2"; }
[ -n "$left" ] && [ ! -e "$left" ] && ok "SIGKILL: the next run removed the folder once nobody held it" ||
    not_ok "SIGKILL: $left is still there after the next run"
