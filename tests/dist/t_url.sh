# The release packages install by URL with helm's own downloader (no compiler, no curl), from a
# loopback HTTP server serving `make dist`'s output: helm 3 the legacy per-arch packages, helm 4
# the native v1 packages, signed, .prov checked on install. Then helm panda renders the example
# and the sops:// getter decrypts, and a tampered package is refused.
. "$HP_ROOT/tests/integration/lib.sh"
. "$HP_ROOT/tests/dist/lib.sh"
need_tools python3 sha256sum
V=$DIST_VERSION
dist_copy "$T/srv"
if [ "$HELM_MAJOR" = 4 ]; then
    dist_key "$T/srv"
    cli=panda-$V.tgz getter=panda-sops-$V.tgz verify="--keyring $KEYRING"
    bin=bin/linux-amd64/helm-panda
else
    cli=panda-$V-linux-amd64.tgz getter=panda-sops-$V-linux-amd64.tgz verify=""
    bin=bin/helm-panda
fi
# a tampered copy of the cli package (one byte of the binary flipped), beside the genuine .prov
mkdir -p "$T/srv/bad"
dist_tamper "$T/srv/$cli" "$T/srv/bad/$cli"
[ -f "$T/srv/$cli.prov" ] && cp "$T/srv/$cli.prov" "$T/srv/bad/"
dist_serve "$T/srv"

(cd "$T/srv" && sha256sum -c --quiet SHA256SUMS) >/dev/null 2>&1 && ok "SHA256SUMS matches the packages" ||
    not_ok "SHA256SUMS does not match the packages"
sed "s|  $cli\$|  bad/$cli|" "$T/srv/SHA256SUMS" >"$T/srv/bad.sums"
(cd "$T/srv" && sha256sum -c --quiet bad.sums) >/dev/null 2>&1 && not_ok "SHA256SUMS accepts the tampered package" ||
    ok "SHA256SUMS refuses the tampered package"

if [ "$HELM_MAJOR" = 4 ]; then
    # shellcheck disable=SC2086
    run helm plugin install "$URL/bad/$cli" $verify
    [ "$RC" -ne 0 ] && ok "helm 4 refuses the tampered package" || not_ok "helm 4 installed the tampered package"
    expect_err 'sha256 sum does not match' "refused by its .prov (the hash it signs)"
    [ -z "$(plugin_listed panda)" ] && ok "nothing registered after the refusal" || not_ok "a refused package is registered"
    run helm plugin install "$URL/$cli"
    [ "$RC" -ne 0 ] && ok "helm 4 refuses the package against a keyring without our key" ||
        not_ok "helm 4 installed a package signed by a key it does not know"
fi

# shellcheck disable=SC2086
run helm plugin install "$URL/$cli" $verify
expect_rc 0 "helm $HELM_MAJOR plugin install $cli by URL"
[ "$HELM_MAJOR" = 4 ] && expect_out 'Plugin Hash Verified: sha256:' "helm 4 verified the package's .prov"
dir=$HELM_DATA_HOME/plugins/panda
[ -e "$dir/scripts/install-hook.sh" ] && not_ok "the prebuilt package carries the build hook" || ok "no build hook in the package"
cmp -s "$dir/$bin" "$HP_DIST/helm-panda-linux-amd64" && ok "the installed binary is make dist's static one" ||
    not_ok "installed $bin is not dist/helm-panda-linux-amd64"
line=$(plugin_listed panda)
case $line in
    "") not_ok "helm plugin list lacks panda" ;;
    *legacy*) [ "$HELM_MAJOR" = 3 ] && ok "listed" || not_ok "helm 4 lists the native package as legacy: $line" ;;
    *) ok "helm plugin list: $line" ;;
esac
[ "$HELM_MAJOR" = 3 ] || case $line in *cli/v1*) ok "helm 4: type cli/v1" ;; *) not_ok "helm 4: not cli/v1: $line" ;; esac

run helm panda version
expect_out "^helm-panda $V\$" "helm panda version"
run helm panda template -C "$ROOT/testdata/deploy" -e sphenix
expect_rc 0 "helm panda template renders the example"
expect_out '^kind: ' "the example's manifests"

# the sops:// getter: its own package, a getter/v1 one for helm 4
# shellcheck disable=SC2086
run helm plugin install "$URL/$getter" $verify
expect_rc 0 "helm $HELM_MAJOR plugin install $getter by URL"
line=$(plugin_listed panda-sops)
[ "$HELM_MAJOR" = 3 ] || case $line in *getter/v1*) ok "helm 4: type getter/v1" ;; *) not_ok "helm 4: panda-sops not getter/v1: $line" ;; esac
mkdir -p "$T/chart/templates"
printf 'apiVersion: v2\nname: c\nversion: 0.1.0\n' >"$T/chart/Chart.yaml"
printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  v: {{ .Values.global_secret | quote }}\n' \
    >"$T/chart/templates/cm.yaml"
cp "$ROOT/testdata/sops/key.txt" "$T/key.txt" && chmod 600 "$T/key.txt"
SOPS_AGE_KEY_FILE=$T/key.txt run helm template x "$T/chart" -f "sops://$ROOT/testdata/sops/secrets.age.yaml"
expect_rc 0 "helm template -f sops:// through the installed getter"
expect_out 'v: "global_age"' "the getter decrypted the real SOPS file"
