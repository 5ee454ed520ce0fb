# `helm panda gitops adopt --write` racing a hand edit and another adopt, as users run it (helm
# from PATH, the plugin installed). adopt reads helm-panda.yaml first, then the Applications of
# DIR: one of them is a FIFO here, so the test decides when adopt's read of DIR ends, with no
# hook in the product. Once adopt has the FIFO open, it has read helm-panda.yaml (and, with
# --write, taken the lock).
# 1. a hand edit of helm-panda.yaml meanwhile: adopt writes nothing, says so in one line, exit 1,
#    and the hand edit stays;
# 2. a second adopt --write meanwhile waits for the first (the kernel lists it as a waiter of
#    the lock in /proc/locks), then appends its own site: both sites are in the file, each
#    reproduces its folder, and the file keeps its mode.
# Mutants tried (each caught here, see the commit message): the byte comparison before the
# replace removed; the lock not taken.
. "$HP_ROOT/tests/integration/lib.sh"
need_tools mkfifo stat
install_plugin || exit 1

tree=$T/tree
cp -r "$ROOT/testdata/deploy" "$tree"
cp -r "$ROOT/testdata/sites/helm/." "$tree/helm/"
cp "$ROOT/testdata/adopt/helm-panda.yaml" "$tree/helm-panda.yaml"
git -C "$tree" init -q -b main
git -C "$tree" remote add origin https://example.org/panda/sites.git
cp -r "$ROOT/testdata/adopt/argocd-apps" "$tree/"
profile=$tree/helm-panda.yaml
cp "$profile" "$T/profile-0.yaml"

# slow_dir NAME: testbed's Applications with ui.yaml a FIFO (what adopt waits on), in the
# tree's repository (the parent Application points into it)
slow_dir() {
    rm -rf "${tree:?}/argocd-apps/$1"
    mkdir -p "$tree/argocd-apps"
    cp -r "$ROOT/testdata/adopt/argocd-apps/testbed" "$tree/argocd-apps/$1"
    rm "$tree/argocd-apps/$1/ui.yaml"
    mkfifo "$tree/argocd-apps/$1/ui.yaml"
}
# opened NAME PID: fd 3 holds the FIFO open (read-write: no wait), then until a process other
# than this shell has it open too (adopt reading it: helm-panda.yaml was read before, and the
# lock taken), or PID has ended; at most 30 s
opened() {
    local fifo=$tree/argocd-apps/$1/ui.yaml f
    exec 3<>"$fifo"
    for _ in $(seq 600); do
        for f in /proc/[0-9]*/fd/*; do
            case $f in "/proc/$BASHPID/"*) continue ;; esac
            [ "$(readlink "$f" 2>/dev/null)" = "$fifo" ] && return 0
        done
        kill -0 "$2" 2>/dev/null || break
        sleep 0.05
    done
    not_ok "adopt never opened $fifo"
    return 1
}
# feed NAME: adopt's reads of ui.yaml end: the FIFO's name now holds the real file (adopt's
# later reads find it), and what adopt has open gets the content and end of file
feed() {
    cp "$ROOT/testdata/adopt/argocd-apps/testbed/ui.yaml" "$tree/argocd-apps/$1/ui.tmp"
    mv "$tree/argocd-apps/$1/ui.tmp" "$tree/argocd-apps/$1/ui.yaml"
    cat "$ROOT/testdata/adopt/argocd-apps/testbed/ui.yaml" >&3
    exec 3>&-
}

# --- 1. a hand edit while adopt reads DIR: nothing written ---
ls -A "$tree" >"$T/root-before"
slow_dir apps1
helm panda gitops adopt "$tree/argocd-apps/apps1" -C "$tree" --site testbed --write >"$T/out" 2>"$T/err" &
apid=$!
opened apps1 $apid
printf '# a hand edit while adopt was reading\n' >>"$profile"
cp "$profile" "$T/profile-edited.yaml"
feed apps1
wait $apid
RC=$?
expect_rc 1 "adopt --write after a hand edit of helm-panda.yaml: exit 1"
expect_err "helm-panda\.yaml changed while adopting; nothing written \($profile\)" \
    "the one line says helm-panda.yaml changed and nothing was written"
cmp -s "$profile" "$T/profile-edited.yaml" && ok "the hand edit is kept, nothing appended" ||
    { not_ok "helm-panda.yaml was written over the hand edit"; diff "$T/profile-edited.yaml" "$profile" | head; }
[ -z "$(find "$tree" -maxdepth 1 -name '.helm-panda.yaml.tmp*')" ] && ok "no temporary file left" || not_ok "temporary left"

# --- 2. two adopt --write at once: the second waits for the first ---
cp "$T/profile-0.yaml" "$profile"
chmod 0640 "$profile"
slow_dir apps2
helm panda gitops adopt "$tree/argocd-apps/apps2" -C "$tree" --site testbed --write >"$T/out" 2>"$T/err" &
apid=$!
opened apps2 $apid
# (without fd 3: a writer of the FIFO left open in the second would keep the first from its end)
helm panda gitops adopt "$tree/argocd-apps/doma" -C "$tree" --site doma --write >"$T/out2" 2>"$T/err2" 3>&- &
bpid=$!
# until the second is a waiter of the lock (or, without a lock, has ended)
waiting=0
for _ in $(seq 600); do
    if ! kill -0 $bpid 2>/dev/null; then break; fi
    ino=$(stat -c %i "$tree")
    if [ -n "$ino" ] && grep -Eq -- "-> FLOCK .*:$ino " /proc/locks; then waiting=1; break; fi
    sleep 0.05
done
[ $waiting = 1 ] && ok "the second adopt --write waits for the lock the first holds" ||
    not_ok "the second adopt --write did not wait for the first"
feed apps2
wait $apid
RC=$?
expect_rc 0 "the first adopt --write (testbed): exit 0"
wait $bpid
RC=$?
cp "$T/out2" "$T/out"
cp "$T/err2" "$T/err"
expect_rc 0 "the second adopt --write (doma): exit 0"
grep -q '^  testbed:$' "$profile" && grep -q '^  doma:$' "$profile" && ok "both sites are in helm-panda.yaml" ||
    { not_ok "both sites are in helm-panda.yaml"; cat "$profile"; }
[ "$(grep -c '^sites:$' "$profile")" = 1 ] && ok "one sites: key" || not_ok "one sites: key"
[ "$(stat -c %a "$profile")" = 640 ] && ok "helm-panda.yaml keeps its mode (0640)" ||
    not_ok "mode $(stat -c %a "$profile"), wanted 640"
# the site's checkout gets no file nobody asked for (a lock file, a temporary)
ls -A "$tree" >"$T/root-after"
cmp -s "$T/root-before" "$T/root-after" && ok "no new file in the deployment's folder (no lock file, no temporary)" ||
    not_ok "new files in the deployment's folder: $(diff "$T/root-before" "$T/root-after" | grep '^>' | tr '\n' ' ')"
run helm panda gitops -C "$tree" --site testbed --check "$tree/argocd-apps/testbed"
expect_rc 0 "testbed, adopted first: --check exits 0"
run helm panda gitops -C "$tree" --site doma --check "$tree/argocd-apps/doma"
expect_rc 0 "doma, adopted second: --check exits 0"
