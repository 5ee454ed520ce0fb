# Sourced by the tests that need an OCI registry (integration and e2e t_oci): Debian's
# docker-registry on a loopback port of its own, plain HTTP, its store under $T, stopped at exit.
#   registry_start NAME [USER PASSWORD]   starts registry NAME (a store shared by every registry
#                 of the test, so a second one serves the same charts); with USER and PASSWORD
#                 it wants a login (htpasswd, bcrypt). Sets REGISTRY_PORT; returns 1 (after a
#                 not_ok) if it does not answer.
#   registry_push REPO CHART-DIR...       helm package (into $T/pkgs, kept) + helm push
#                 --plain-http of each chart; sets PUSHED to how many made it
REGISTRY=${HP_DOCKER_REGISTRY:-/usr/bin/docker-registry}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

# registry_answers PORT CODE: GET /v2/ gives HTTP CODE (200 open, 401 wants a login)
registry_answers() {
    python3 -c "import sys, urllib.request as u, urllib.error as e
try: u.urlopen('http://127.0.0.1:$1/v2/'); sys.exit('$2' != '200')
except e.HTTPError as x: sys.exit(str(x.code) != '$2')
except OSError: sys.exit(1)" 2>/dev/null
}

registry_start() {
    local name=$1 user=${2:-} pass=${3:-} code=200 pid
    if [ ! -x "$REGISTRY" ]; then
        not_ok "docker-registry missing ($REGISTRY): run scripts/deps.sh --tests"
        return 1
    fi
    REGISTRY_PORT=$(free_port)
    mkdir -p "$T/registry"
    printf 'version: 0.1\nlog:\n  level: error\nstorage:\n  filesystem:\n    rootdirectory: %s\nhttp:\n  addr: 127.0.0.1:%s\n' \
        "$T/registry/store" "$REGISTRY_PORT" >"$T/registry/$name.yml"
    if [ -n "$user" ]; then
        # bcrypt, as the registry wants: Python's crypt (Debian 12's 3.11), else apache2-utils
        local hash
        hash=$(python3 -W ignore -c "import crypt; print(crypt.crypt('$pass', crypt.mksalt(crypt.METHOD_BLOWFISH)))" 2>/dev/null ||
            htpasswd -Bbn "$user" "$pass" 2>/dev/null | cut -d: -f2)
        [ -n "$hash" ] || { not_ok "registry $name: no bcrypt (python3 crypt or htpasswd)"; return 1; }
        printf '%s:%s\n' "$user" "$hash" >"$T/registry/$name.htpasswd"
        printf 'auth:\n  htpasswd:\n    realm: hp-test\n    path: %s\n' "$T/registry/$name.htpasswd" >>"$T/registry/$name.yml"
        code=401
    fi
    "$REGISTRY" serve "$T/registry/$name.yml" >"$T/registry/$name.log" 2>&1 &
    pid=$!
    at_exit "kill $pid 2>/dev/null; wait $pid 2>/dev/null"
    wait_until 60 registry_answers "$REGISTRY_PORT" "$code" && return 0
    not_ok "registry $name does not answer on 127.0.0.1:$REGISTRY_PORT: $(head -c 300 "$T/registry/$name.log")"
    return 1
}

registry_push() {
    local repo=$1 c
    shift
    PUSHED=0
    mkdir -p "$T/pkgs"
    for c in "$@"; do
        helm package "$c" -d "$T/pkgs" >"$T/push.out" 2>&1 &&
            helm push "$(sed -n 's/^Successfully packaged chart and saved it to: //p' "$T/push.out")" "$repo" \
                --plain-http >>"$T/push.out" 2>&1 &&
            PUSHED=$((PUSHED + 1)) || cat "$T/push.out"
    done
}
