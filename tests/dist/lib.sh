# Sourced by tests/dist/t_*.sh after tests/integration/lib.sh: the release packages of
# `make dist` ($HP_DIST), served and signed as a release would be.
#   $DIST_VERSION     the packages' version (plugin.yaml)
#   dist_copy DIR     copies $HP_DIST to DIR (a test may tamper with its copy)
#   dist_key          a throwaway gpg key in $T/gnupg; signs $T/srv's helm 4 packages
#                     (scripts/dist/sign.sh) and exports the public key to $KEYRING
#   dist_serve DIR    serves DIR on 127.0.0.1 (tests/dist/serve.py); sets $URL, stopped at exit
DIST_VERSION=$(sed -n 's/^version: *"\{0,1\}\([^"]*\)"\{0,1\}/\1/p' "$ROOT/plugin.yaml")
: "${HP_DIST:?HP_DIST must name the make dist output}"
[ -f "$HP_DIST/SHA256SUMS" ] || { not_ok "no $HP_DIST/SHA256SUMS: run make dist"; exit 1; }

dist_copy() {
    mkdir -p "$1"
    cp "$HP_DIST"/* "$1/"
}

dist_key() {
    need_tools gpg
    export GNUPGHOME=$T/gnupg
    mkdir -p -m 700 "$GNUPGHOME"
    gpg --batch --quiet --passphrase '' --quick-gen-key 'helm-panda release test <dist@example.invalid>' \
        ed25519 sign never 2>"$T/gpg.err" || { not_ok "gpg key: $(cat "$T/gpg.err")"; exit 1; }
    KEYRING=$T/keyring.gpg
    gpg --batch --export 'helm-panda release test' >"$KEYRING"
    "$ROOT/scripts/dist/sign.sh" "$1" 'helm-panda release test' >"$T/sign.log" 2>&1 ||
        { not_ok "scripts/dist/sign.sh: $(cat "$T/sign.log")"; exit 1; }
}

dist_serve() {
    local pid
    python3 "$ROOT/tests/dist/serve.py" "$1" "$T/http.port" 2>"$T/http.err" &
    pid=$!
    at_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
    wait_until 60 test -s "$T/http.port"
    [ -s "$T/http.port" ] || { not_ok "http server: $(cat "$T/http.err")"; exit 1; }
    URL=http://127.0.0.1:$(cat "$T/http.port")
}

# plugin_listed NAME: helm plugin list's line for NAME (empty when not installed)
plugin_listed() { helm plugin list 2>/dev/null | awk -v n="$1" '$1 == n'; }

# dist_tamper PKG OUT: PKG repacked with one byte of a binary in it flipped: a package that
# still unpacks and names the same plugin, as an attacker's would
dist_tamper() {
    local d=$T/tamper.$$ f
    rm -rf "$d" && mkdir -p "$d"
    tar -xzf "$1" -C "$d"
    f=$(find "$d/bin" -type f -name helm-panda | LC_ALL=C sort | head -1)
    python3 -c "import sys; p=sys.argv[1]; b=bytearray(open(p,'rb').read()); b[len(b)//2]^=1; open(p,'wb').write(b)" "$f"
    tar -czf "$2" -C "$d" .
    rm -rf "$d"
}
