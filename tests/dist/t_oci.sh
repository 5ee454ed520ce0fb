# helm 4 installs the signed native packages from an OCI registry (Debian's docker-registry on
# a loopback port): `helm plugin install oci://127.0.0.1:PORT/helm-panda/panda:V`, the .prov a
# layer of the same artifact, verified against the keyring; a tampered artifact is refused.
# helm 3 has no OCI plugin install: with helm 3 this test has nothing to run.
. "$HP_ROOT/tests/integration/lib.sh"
. "$HP_ROOT/tests/dist/lib.sh"
. "$HP_ROOT/tests/integration/registry_lib.sh"
[ "$HELM_MAJOR" = 4 ] || exit 0
need_tools python3
V=$DIST_VERSION
dist_copy "$T/srv"
dist_key "$T/srv"
registry_start plugins || exit 1
reg=127.0.0.1:$REGISTRY_PORT
push() { python3 "$ROOT/scripts/dist/oci-push.py" --plain-http "$@" >"$T/push.log" 2>&1 || { not_ok "oci-push $1: $(cat "$T/push.log")"; exit 1; }; }
push "$reg/helm-panda/panda:$V" "$T/srv/panda-$V.tgz" "$T/srv/panda-$V.tgz.prov"
push "$reg/helm-panda/panda-sops:$V" "$T/srv/panda-sops-$V.tgz" "$T/srv/panda-sops-$V.tgz.prov"
# the tampered artifact: one byte of the binary flipped, the genuine .prov beside it
mkdir -p "$T/bad"
dist_tamper "$T/srv/panda-$V.tgz" "$T/bad/panda-$V.tgz"
push "$reg/tampered/panda:$V" "$T/bad/panda-$V.tgz" "$T/srv/panda-$V.tgz.prov"

run helm plugin install "oci://$reg/tampered/panda:$V" --plain-http --keyring "$KEYRING"
[ "$RC" -ne 0 ] && ok "helm 4 refuses the tampered OCI artifact" || not_ok "helm 4 installed the tampered OCI artifact"
expect_err 'sha256 sum does not match' "refused by its .prov"
[ -z "$(plugin_listed panda)" ] && ok "nothing registered after the refusal" || not_ok "a refused artifact is registered"

run helm plugin install "oci://$reg/helm-panda/panda:$V" --plain-http --keyring "$KEYRING"
expect_rc 0 "helm plugin install oci://.../panda:$V"
expect_out 'Plugin Hash Verified: sha256:' "verified by the .prov layer"
line=$(plugin_listed panda)
case $line in *legacy* | "") not_ok "helm plugin list: '$line'" ;; *cli/v1*signed*) ok "listed cli/v1, signed" ;;
    *) not_ok "helm plugin list: '$line'" ;; esac
run helm panda template -C "$ROOT/testdata/deploy" -e sphenix
expect_rc 0 "helm panda template renders the example"
expect_out '^kind: ' "the example's manifests"
run helm plugin install "oci://$reg/helm-panda/panda-sops:$V" --plain-http --keyring "$KEYRING"
expect_rc 0 "helm plugin install oci://.../panda-sops:$V"
case $(plugin_listed panda-sops) in *getter/v1*) ok "the getter is getter/v1" ;; *) not_ok "panda-sops: $(plugin_listed panda-sops)" ;; esac
