# scripts/go-env.sh adds Debian's bookworm-backports source only on Debian 12 (a faked
# os-release; fake apt-get/apt-cache record their calls; the go found is a fake go1.19).
# Mutant caught: the os-release check dropped (the backports list is written on Ubuntu).
. "$HP_ROOT/tests/scripts/lib.sh"
mkdir -p "$T/bin" "$T/apt/sources.list.d"
printf '#!/bin/sh\n[ "$1" = env ] && [ "$2" = GOVERSION ] && echo go1.19.8\n' >"$T/bin/go"
printf '#!/bin/sh\necho "apt-get $*" >>"%s/apt.log"\n' "$T" >"$T/bin/apt-get"
printf '#!/bin/sh\necho "apt-cache $*" >>"%s/apt.log"\n' "$T" >"$T/bin/apt-cache"
chmod +x "$T/bin/go" "$T/bin/apt-get" "$T/bin/apt-cache"
goenv() { # os-release text
    printf '%s\n' "$1" >"$T/os-release"
    rm -f "$T/apt/sources.list.d/"* "$T/apt.log"
    run env PATH="$T/bin:$PATH" HP_OS_RELEASE="$T/os-release" HP_APT_SOURCES_DIR="$T/apt/sources.list.d" \
        HP_GO_CANDIDATES="$T/bin/go" sh -c '. "$0"; say() { echo "$*" >&2; }; SUDO=""; go_setup' "$ROOT/scripts/go-env.sh"
}
goenv 'ID=ubuntu
VERSION_CODENAME=noble'
[ $RC != 0 ] && ok "Ubuntu with an old go: go_setup fails" || not_ok "Ubuntu: go_setup succeeded"
expect_err "ubuntu:noble, not Debian 12: install Go 1.21 or newer" "it says why and what to do"
[ -z "$(ls "$T/apt/sources.list.d")" ] && ok "Ubuntu: no apt source added" || not_ok "Ubuntu: $(ls "$T/apt/sources.list.d") added"
[ ! -e "$T/apt.log" ] && ok "Ubuntu: apt-get never ran" || not_ok "Ubuntu: $(cat "$T/apt.log")"
goenv 'ID=debian
VERSION_CODENAME=trixie'
[ -z "$(ls "$T/apt/sources.list.d")" ] && ok "Debian 13: no bookworm source added" || not_ok "Debian 13: a source was added"
goenv 'ID=debian
VERSION_CODENAME=bookworm'
grep -qs 'bookworm-backports' "$T/apt/sources.list.d/hp-backports.list" && ok "Debian 12: bookworm-backports added" ||
    { not_ok "Debian 12: no backports source"; show; }
