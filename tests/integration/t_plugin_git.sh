# `helm plugin install <git URL>`, the way most users install: helm clones the repository and
# the install hook builds the binary. A local `git daemon` serves a clone of the committed
# tree (no network needed). helm 4 refuses a git source unless told --verify=false.
. "$HP_ROOT/tests/integration/lib.sh"
if ! git -C "$ROOT" rev-parse HEAD >/dev/null 2>&1; then
    ok "skipped: $ROOT is not a git checkout"
    exit 0
fi
git clone -q --bare "$ROOT" "$T/srv/helm-panda.git" || { not_ok "bare clone of $ROOT"; exit 1; }
# a free port: let the kernel pick one, then hand it to git daemon
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
git daemon --base-path="$T/srv" --export-all --reuseaddr --listen=127.0.0.1 --port="$port" \
    --pid-file="$T/daemon.pid" >"$T/daemon.log" 2>&1 &
daemon=$!
trap 'kill "$daemon" 2>/dev/null; hp_finish' EXIT
for _ in 1 2 3 4 5 6 7 8 9 10; do
    git ls-remote "git://127.0.0.1:$port/helm-panda.git" >/dev/null 2>&1 && break
    sleep 0.3
done
url=git://127.0.0.1:$port/helm-panda.git

if [ "$HELM_MAJOR" = 4 ]; then
    run helm plugin install "$url"
    [ "$RC" -ne 0 ] && ok "helm 4 refuses an unsigned git source by default" || not_ok "helm 4 installed without --verify=false"
    expect_err "verify=false" "helm 4 says to use --verify=false"
    run helm plugin install --verify=false "$url"
else
    run helm plugin install "$url"
fi
expect_rc 0 "helm plugin install $url"
expect_out "built .*/bin/helm-panda" "the install hook built the binary from the clone"
run helm panda version
expect_rc 0 "helm panda version after a git install"
expect_out '^helm-panda [0-9]+\.[0-9]+\.[0-9]+$' "the git-installed plugin prints its version"
run helm __complete panda ""
expect_out '^install$' "completion works for the git-installed plugin"
