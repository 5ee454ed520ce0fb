# Sourced by the tests that signal a running `helm panda` (t_signals, t_snapshot_safety), after
# lib.sh and after they define reset_log (what a fresh run's recorder log needs cleared).
#   start [VAR=VALUE...] helm panda ARGS...  in the background; $hpid is helm, $plug the plugin
#   wait_for ERE                             until the recorder's log has such a line (<= 120 s)
#   finish                                   waits for helm; RC is its exit status
start() {
    reset_log
    env "$@" >"$T/out" 2>"$T/err" &
    hpid=$!
    plug=""
    wait_until 60 plugin_started || not_ok "the plugin process under helm was not found"
}
plugin_started() {
    plug=$(pgrep -P "$hpid" -f 'bin/helm-panda' | head -1)
    [ -n "$plug" ]
}
# (the recorder's sleeps that a test interrupts last 300 s: longer than any wait here, so a slow
# machine cannot let one end before its signal comes)
wait_for() {
    wait_until 120 grep -Eq -- "$1" "$T/rec.log" 2>/dev/null && return 0
    not_ok "timed out waiting for /$1/ in the recorder's log"
    return 1
}
finish() {
    wait "$hpid"
    RC=$?
}
