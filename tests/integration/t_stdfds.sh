# A closed stdin, stdout or stderr (`helm panda install ... >&-`, a daemon without a terminal):
# the plugin reopens fds 0, 1 and 2 on /dev/null first, so a decrypted values file (a memfile)
# never takes their place and helm is never handed `-f /dev/fd/1` (issue 23, item 7). The plugin
# is run by hand, as the README allows (it then finds helm on PATH): run by helm it never sees a
# closed descriptor, since helm, a Go program, reopens its own closed 0-2 on /dev/null before it
# starts a plugin (the mutant below passes through `helm panda`). The recording helm is "helm"
# first on PATH and checks every install with helm 4 `install --dry-run=client` of the same
# values, and logging what the plugin's own descriptors 0-2 are while helm runs. Mutant tried:
# std_fds_open not called (main.c): the closed descriptor is taken by whatever opens first (on
# 7040896 the memfile: helm got `-f /dev/fd/1`; now the signal self-pipe): the /dev/null check
# fails for each closed one.
. "$HP_ROOT/tests/integration/lib.sh"

cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
age-keygen -o "$T/key.txt" 2>/dev/null
recipient=$(grep -o 'age1[a-z0-9]*' "$T/key.txt")
"$HP_BIN" secrets encrypt -r "$recipient" -i "$R/helm/iam/values.yaml" || not_ok "encrypt iam's values.yaml"
mkdir -p "$T/recbin"
ln -s "$ROOT/tests/integration/helm_recorder.sh" "$T/recbin/helm"
export PATH="$T/recbin:$PATH"
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm SOPS_AGE_KEY_FILE=$T/key.txt
export HP_REC_PARENT_FDS=1

# fds_of: the /dev/fd/N numbers iam's helm call was handed
fds_of() { grep -P '^A \d+\tupgrade\t--install\ttest-iam\t' "$T/rec.log" | grep -oP '/dev/fd/\K\d+' | tr '\n' ' '; }
# parent_fd N: what the plugin's descriptor N was while iam's helm ran
parent_fd() { awk -v k="$1" '$1 == "P" {print $(3 + k); exit}' "$T/rec.log"; }
# each case: the descriptors it closes, then the redirection
for c in '1:>&-' '2:2>&-' '0:<&-' '1 2:>&- 2>&-'; do
    fds_closed=${c%%:*}
    closed=${c#*:}
    rm -f "$T/rec.log" "$T/rec.log.count" "$T/rec.log.lock"
    # (on 7040896 helm hung reading /dev/fd/1, a pipe: hence the timeout)
    eval "timeout 60 \"\$HP_BIN\" install -C \"\$R\" -c iam -q $closed"
    RC=$?
    expect_rc 0 "install with $closed: exit 0 (helm 4 install --dry-run=client took the values)"
    fds=$(fds_of)
    if [ -n "$fds" ] && ! printf '%s\n' $fds | grep -qx '[012]'; then
        ok "install with $closed: the decrypted values are /dev/fd/${fds% }, not 0, 1 or 2"
    else
        not_ok "install with $closed: helm got /dev/fd/${fds:-(none)}"
        grep -v '^A' "$T/rec.log"
    fi
    for k in $fds_closed; do
        t=$(parent_fd "$k")
        [ "$t" = /dev/null ] && ok "install with $closed: the plugin's fd $k is /dev/null" ||
            { not_ok "install with $closed: the plugin's fd $k is ${t:-unknown}"; grep -v '^A' "$T/rec.log"; }
    done
done
