# scripts/deps.sh: the README's first block (`scripts/deps.sh`) sets up the build and the demo
# only (the C toolchain, the -dev packages, helm), never Go, the npm peers or the control
# plane; `--tests` (the second block) adds the tests' world. Fakes: dpkg-query (nothing
# installed), apt-get, apt-cache and npm record their calls; the helper scripts are stubs that
# record that they ran.
. "$HP_ROOT/tests/scripts/lib.sh"
R=$T/repo
script_tree "$R"
mkdir -p "$T/fakebin"
for c in dpkg-query dpkg apt-get apt-cache npm sudo tee; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n[ "%s" = dpkg-query ] && exit 1\n[ "%s" = sudo ] && exec "$@"\nexit 0\n' \
        "$c" "$T" "$c" "$c" >"$T/fakebin/$c"
    chmod +x "$T/fakebin/$c"
done
rm "$T/fakebin/npm" # a machine without node: deps.sh installs Debian's
for s in fetch-helm.sh fetch-npm-peers.sh go-peers.sh e2e-cluster.sh; do
    printf '#!/bin/sh\necho "%s $*" >>"%s/calls"\n' "$s" "$T" >"$R/scripts/$s"
done
# PATH without any npm of this machine
run env PATH="$T/fakebin:/usr/bin:/bin" sh -c "command -v npm >/dev/null && echo has-npm"
if grep -q has-npm "$T/out"; then
    mkdir -p "$T/nonpm" && for f in /usr/bin/*; do case $(basename "$f") in npm | node | nodejs) ;; *) ln -s "$f" "$T/nonpm/"; esac; done
    P="$T/fakebin:$T/nonpm"
else
    P="$T/fakebin:/usr/bin:/bin"
fi

: >"$T/calls"
run env PATH="$P" sh "$R/scripts/deps.sh"
expect_rc 0 "scripts/deps.sh (the build and the demo) exits 0"
install=$(grep '^apt-get .*install' "$T/calls")
for p in build-essential pkg-config libyaml-dev libcjson-dev libsodium-dev libssl-dev libarchive-dev nodejs npm unzip; do
    echo "$install" | grep -qw -- "$p" || not_ok "scripts/deps.sh does not install $p: $install"
done
ok "scripts/deps.sh installs the build's packages, node/npm and unzip (for helm)"
for p in libcmocka-dev clang valgrind golang docker-registry age strace crossbuild-essential-arm64 qemu-user-static gnupg; do
    echo "$install" | grep -qw -- "$p" && not_ok "scripts/deps.sh installs the tests' $p"
done
grep -q '^dpkg --add-architecture' "$T/calls" && not_ok "scripts/deps.sh adds the arm64 architecture (the release packages' set-up)"
ok "scripts/deps.sh installs none of the tests' packages"
grep -q '^fetch-helm.sh' "$T/calls" && ok "scripts/deps.sh fetches helm (make demo runs it)" || not_ok "no helm fetched"
for s in fetch-npm-peers.sh go-peers.sh e2e-cluster.sh; do
    grep -q "^$s" "$T/calls" && not_ok "scripts/deps.sh ran $s (the tests' world)" || ok "scripts/deps.sh does not run $s"
done

: >"$T/calls"
run env PATH="$P" sh "$R/scripts/deps.sh" --tests
expect_rc 0 "scripts/deps.sh --tests exits 0"
install=$(grep '^apt-get .*install' "$T/calls")
for p in libyaml-dev libcmocka-dev clang valgrind strace age docker-registry python3-yaml; do
    echo "$install" | grep -qw -- "$p" || not_ok "scripts/deps.sh --tests does not install $p"
done
ok "scripts/deps.sh --tests installs the build's and the tests' packages"
for s in fetch-helm.sh fetch-npm-peers.sh go-peers.sh "e2e-cluster.sh build"; do
    grep -q "^$s" "$T/calls" && ok "scripts/deps.sh --tests runs $s" || not_ok "scripts/deps.sh --tests did not run $s"
done
run env PATH="$P" sh "$R/scripts/deps.sh" --frobnicate
expect_rc 2 "an unknown option: exit 2"
