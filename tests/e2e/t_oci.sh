# Charts from an OCI registry (issue 17) against the real API server: the example deployment (with
# the e2e workload) is packaged and pushed to a loopback registry (Debian's docker-registry, plain
# HTTP, started and stopped here); a site that keeps only its secrets and helm-panda.yaml
# (charts.repository, version, plainHttp) installs from it with `helm -n NS panda install`:
#   - every release deployed from the OCI chart (chart name-version in helm list): helm installs
#     the package helm-panda pulled once and checked (/dev/fd/N, issue 23), not the reference;
#     its values-e2e.yaml taken from the package (the kwok readiness delay it sets holds the needs);
#   - the manifests equal those of the same install from the local folders, release by release;
#   - a wrong version: one line naming component, reference and helm's reason, exit 1, and no
#     release in the namespace (every chart is pulled before the first install).
# Mutants tried: the chart left as the bare reference (plan_argv.c add_oci_flags a no-op): helm
# pulls no 0.1.0 (no --version, no --plain-http), the install fails and every check after it; package values skipped
# (plan_oci.c add_values never takes the package's values-<E>.yaml): values-e2e.yaml is missing
# from the release and the msgsvc and iam manifests differ.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1

. "$ROOT/tests/integration/registry_lib.sh"
registry_start open || exit 0
port=$REGISTRY_PORT
REPO=oci://127.0.0.1:$port/charts

D=$T/local
deploy_copy "$D"
for c in msgsvc iam; do e2e_values "$D" e2e "$c" 'readyDelay: "3s"'; done
registry_push "$REPO" "$D"/helm/*/
[ "$PUSHED" -eq 6 ] && ok "six charts pushed to the registry" || not_ok "six charts pushed ($PUSHED)"

S=$T/site # secrets/ and helm-panda.yaml only: no helm/ folder at all
mkdir -p "$S"
cp -r "$D/secrets" "$S/"
printf 'charts:\n  repository: %s\n  version: 0.1.0\n  plainHttp: true\n' "$REPO" >"$S/helm-panda.yaml"

ns=$(new_ns oci) || exit 1
run helm -n "$ns" panda install -C "$S" -e e2e --timeout 3m
expect_rc 0 "install from the registry"
expect_err "^chart $REPO/msgsvc version 0.1.0: msgsvc-0.1.0.tgz sha256:$(sha256sum "$T/pkgs/msgsvc-0.1.0.tgz" | cut -d' ' -f1) " \
    "the summary names the installed package by the sha256 of the pushed .tgz"
helm list -n "$ns" -o json --filter '^test-[a-z]+$' >"$T/list.json" # (not the snapshot release)
check_py "helm list: six releases from the OCI charts (name-0.1.0), deployed" '
sorted((r["name"], r["chart"], r["status"]) for r in json.load(open(sys.argv[1]))) ==
sorted(("test-" + c, c + "-0.1.0", "deployed") for c in "msgsvc iam panda harvester idds bigmon".split())' "$T/list.json"
helm get values -n "$ns" test-msgsvc -o json >"$T/values.json"
check_py "the package's values-e2e.yaml reached the release" '
json.load(open(sys.argv[1])).get("e2e", {}).get("readyDelay") == "3s"' "$T/values.json"

# the same install from the local folders, in a second namespace: equal manifests
ns2=$(new_ns ocilocal) || exit 1
run helm -n "$ns2" panda install -C "$D" -e e2e --timeout 3m
expect_rc 0 "install from the local folders"
n_same=0
for c in msgsvc iam panda harvester idds bigmon; do
    helm get manifest -n "$ns" "test-$c" >"$T/oci.yaml" 2>&1
    helm get manifest -n "$ns2" "test-$c" | sed "s/$ns2/$ns/g" >"$T/local.yaml" 2>&1
    if grep -q '^kind:' "$T/oci.yaml" && cmp -s "$T/oci.yaml" "$T/local.yaml"; then
        n_same=$((n_same + 1))
    else
        not_ok "manifest of test-$c from the registry = from the local folders"
        diff "$T/local.yaml" "$T/oci.yaml" | head -10
    fi
done
[ "$n_same" -eq 6 ] && ok "every release's manifest from the registry = from the local folders (6)" ||
    not_ok "manifests from the registry = from the local folders ($n_same of 6)"

# a wrong version: nothing installed
ns3=$(new_ns ocibad) || exit 1
printf 'components:\n  idds: {version: 0.9.9}\n' >>"$S/helm-panda.yaml"
run helm -n "$ns3" panda install -C "$S" -e e2e --timeout 1m
expect_rc 1 "a wrong version exits 1"
expect_err "^helm-panda: error: component idds: cannot pull $REPO/idds version 0.9.9: .*not found" \
    "the error names the component, the reference and helm's reason"
# no release record of any state (helm keeps them as Secrets owned by helm)
left=$(kubectl -n "$ns3" get secrets -l owner=helm -o name 2>&1)
[ -z "$left" ] && ok "no release touched with a wrong version (no helm release record in $ns3)" ||
    not_ok "release records with a wrong version: $left"
