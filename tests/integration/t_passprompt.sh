# The passphrase prompt of `helm panda secrets decrypt` (an age file encrypted to a passphrase,
# no --passphrase-file) on a real terminal (a pty), through helm from PATH with the plugin
# installed by `helm plugin install`, as an operator types it:
# 1. the passphrase typed at the prompt (echo off meanwhile): the plaintext on stdout, exit 0,
#    the terminal's echo back on;
# 2. Ctrl-C at the prompt (^C on the terminal: SIGINT to helm and the plugin): the run ends, the
#    terminal's echo is back on (a process that died with echo off left the operator's shell
#    typing blind), and no helm-panda is left reading the terminal.
# Mutant tried: the prompt without its signal handlers (as on 85cf137): after ^C the terminal's
# echo stays off (1 check).
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 0
printf 'secret line for the prompt test\n' >"$T/plain.txt"
printf 'correct horse battery\n' >"$T/pass.txt"
"$HP_BIN" secrets encrypt --format age --passphrase-file "$T/pass.txt" -o "$T/pw.age" "$T/plain.txt" ||
    not_ok "encrypt to a passphrase"

# pty_run MODE: runs `helm panda secrets decrypt pw.age` on a new pty; MODE "type" answers the
# prompt, "ctrl-c" sends ^C; prints "exit=<status> echo=<on|off> out=<what the terminal got>"
pty_run() {
    python3 - "$1" "$T/pw.age" <<'PY'
import os, pty, select, signal, sys, termios, time
mode, path = sys.argv[1], sys.argv[2]
pid, fd = pty.fork()
if pid == 0:
    # as a terminal's shell starts a foreground job: SIGINT, SIGTERM and SIGHUP at their
    # defaults (a test run in the background, as CI may run it, hands them down ignored)
    for s in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
        signal.signal(s, signal.SIG_DFL)
    os.execvp("helm", ["helm", "panda", "secrets", "decrypt", path])
def read_until(want, limit):
    got, end = b"", time.time() + limit
    while want not in got and time.time() < end:
        r, _, _ = select.select([fd], [], [], 0.2)
        if r:
            try:
                chunk = os.read(fd, 4096)
            except OSError:
                break
            if not chunk:
                break
            got += chunk
    return got
got = read_until(b"Enter passphrase", 60)
if b"Enter passphrase" not in got:
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
    print("exit=none echo=? out=no prompt: %r" % got)
    sys.exit(0)
time.sleep(0.3)  # the prompt is written before the read starts
os.write(fd, b"correct horse battery\n" if mode == "type" else b"\x03")
got += read_until(b"\0", 5)  # what follows, until the end
status = None
end = time.time() + 60
while time.time() < end:
    p, st = os.waitpid(pid, os.WNOHANG)
    if p == pid:
        status = os.waitstatus_to_exitcode(st)
        break
    time.sleep(0.1)
echo = "on" if termios.tcgetattr(fd)[3] & termios.ECHO else "off"
if status is None:  # still running: reported as such, then ended (not left behind)
    os.kill(pid, signal.SIGKILL)
    os.waitpid(pid, 0)
print("exit=%s echo=%s out=%r" % ("none" if status is None else status, echo, got.decode(errors="replace")))
PY
}

r=$(pty_run type)
case "$r" in *"exit=0 echo=on "*"secret line for the prompt test"*)
    ok "the passphrase typed at the prompt: plaintext, exit 0, echo back on" ;;
*) not_ok "typed passphrase: $r" ;;
esac
r=$(pty_run ctrl-c)
case "$r" in "exit=none"*) not_ok "Ctrl-C at the prompt: $r" ;; *) ok "Ctrl-C at the prompt: the run ended (${r%% echo=*})" ;; esac
case "$r" in *" echo=on "*) ok "Ctrl-C at the prompt: the terminal's echo is back on" ;;
*) not_ok "Ctrl-C at the prompt left the terminal's echo off: $r" ;; esac
sleep 0.5
pgrep -af "secrets decrypt $T/pw.age" | grep -v pgrep && not_ok "a helm-panda is still reading the terminal" ||
    ok "Ctrl-C at the prompt: no helm-panda left reading the terminal"
