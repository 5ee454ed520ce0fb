# Sourced (POSIX sh) by scripts/go-peers.sh and scripts/e2e-cluster.sh: one answer to "which go
# builds our Go test world", so both find the same one on a fresh Debian 12 machine.
#   go_setup    sets and exports GO (a go command of version 1.21 or newer) and GOTOOLCHAIN=auto
#               (HP_GOTOOLCHAIN overrides), installing Go when there is none that new: Debian's
#               golang-go is 1.19 and cannot fetch toolchains, so bookworm-backports' newest
#               golang-1.2x-go is installed (it lives in /usr/lib/go-1.2x/bin, off PATH: found
#               here by that path). From 1.21 on, GOTOOLCHAIN=auto lets the go command take the
#               toolchain a module's go.mod asks for from the module proxy (golang.org/toolchain).
#               The backports source is added only on Debian 12 (bookworm), as /etc/os-release
#               says: elsewhere (Ubuntu, Debian 13, ...) go_setup names what to install and
#               fails, changing no apt source.
# Uses $SUDO ("" for root) for apt-get; prints what it installs through say().
# For the tests of this file: HP_OS_RELEASE (default /etc/os-release), HP_APT_SOURCES_DIR
# (default /etc/apt/sources.list.d), HP_GO_CANDIDATES (the go commands to consider instead of
# PATH's, /usr/local/go's and Debian's).

# go1.X.Y -> X (the minor number), 0 when unknown
go_minor() { "$1" env GOVERSION 2>/dev/null | sed -n 's/^go1\.\([0-9]*\).*/\1/p' | head -n1; }

# The newest go 1.21+ among PATH's, /usr/local/go's and Debian's (/usr/lib/go-1.N, /usr/lib/go);
# else any go found; else nothing (status 1).
go_find() {
    _best="" _best_minor=-1
    for _g in ${HP_GO_CANDIDATES:-"$(command -v go 2>/dev/null || true)" /usr/local/go/bin/go \
        $(ls -d /usr/lib/go-1.*/bin/go 2>/dev/null) /usr/lib/go/bin/go}; do
        [ -n "$_g" ] && [ -x "$_g" ] || continue
        _m=$(go_minor "$_g")
        if [ "${_m:-0}" -gt "$_best_minor" ]; then _best=$_g _best_minor=${_m:-0}; fi
    done
    [ -n "$_best" ] && echo "$_best"
}

go_setup() {
    GO=$(go_find || true)
    if [ -z "$GO" ]; then
        say "no go found: installing Debian's golang-go"
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends golang-go >/dev/null
        GO=$(go_find)
    fi
    _minor=$(go_minor "$GO")
    if [ "${_minor:-0}" -lt 21 ]; then
        _srcdir=${HP_APT_SOURCES_DIR:-/etc/apt/sources.list.d}
        # bookworm-backports is a source for Debian 12 only: on any other system it would mix
        # another release's packages in
        _os=$(. "${HP_OS_RELEASE:-/etc/os-release}" 2>/dev/null && echo "${ID:-}:${VERSION_CODENAME:-}")
        if [ "$_os" != debian:bookworm ]; then
            say "$GO is go1.${_minor:-?}, too old to fetch toolchains, and this is ${_os:-an unknown system}, not Debian 12: install Go 1.21 or newer (e.g. your distribution's golang package) and run again"
            return 1
        fi
        say "$GO is go1.${_minor:-?}, too old to fetch toolchains: installing a newer golang from backports"
        if ! grep -rqs 'bookworm-backports' "$(dirname "$_srcdir")/sources.list" "$_srcdir/"; then
            echo 'deb http://deb.debian.org/debian bookworm-backports main' |
                $SUDO tee "$_srcdir/hp-backports.list" >/dev/null
        fi
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
        _pkg=$(apt-cache search --names-only '^golang-1\.[0-9]+-go$' | awk '{print $1}' | sort -t. -k2 -n | tail -n1)
        [ -n "$_pkg" ] || { say "no golang-1.x-go package found"; return 1; }
        $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends -t bookworm-backports "$_pkg" >/dev/null
        GO=$(go_find)
        [ "$(go_minor "$GO")" -ge 21 ] || { say "$_pkg did not give a go 1.21 or newer"; return 1; }
        say "using $GO ($("$GO" env GOVERSION)); GOTOOLCHAIN=auto fetches what a module needs"
    fi
    export GO
    export GOTOOLCHAIN="${HP_GOTOOLCHAIN:-auto}"
}
