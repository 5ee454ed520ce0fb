# What gitops writes, against Argo CD's own schema (issues 16 and 17): Argo CD's Application CRD
# (pinned in scripts/versions.env, taken from the Argo CD module on the Go module proxy by
# scripts/e2e-cluster.sh build) is installed in the e2e API server, and every Application that
# gitops writes is created there with strict field validation (`kubectl create
# --validate=strict`: a field the schema does not have, or has elsewhere, is an error instead of
# being pruned in silence), then read back: every field we wrote is there with the same value and
# type (helm's Go YAML reader gives what we wrote, the API server what it stored). The
# Applications: the example deployment (one source), both sites of testdata/sites (project,
# destination, syncOptions, ignoreDifferences, finalizers, labels, annotations), the shapes of an
# adopted site (testdata/adopt: flat, no parent, no sync wave, no finalizer) and the OCI
# charts' multi-source form (chart, targetRevision, ref: values). A control proves the check can
# fail: an Application with a field Argo CD does not have is refused.
# Not checked here: the ImageUpdater companion files (Argo CD Image Updater's CRD is not on the
# module proxy).
. "$HP_ROOT/tests/e2e/lib.sh"
. "$ROOT/tests/integration/apps_lib.sh"
. "$ROOT/tests/integration/registry_lib.sh"
install_plugin || exit 1

argocd_crd || exit 1
ok "Argo CD $ARGOCD_VERSION's Application CRD is established"
ns=$(new_ns argocd) || exit 1

# check_apps DESC FILE...: each file created with strict validation, then read back and compared
# field by field with what helm's Go YAML reader reads from the file
check_apps() {
    local desc=$1 f name created=0 n=0
    shift
    rm -rf "$T/ours" "$T/theirs" && mkdir -p "$T/theirs"
    apps_read "$@" || { not_ok "$desc: helm reads the files"; head -5 "$T/apps.out"; return; }
    apps_json_dir "$T/ours"
    for f in "$@"; do
        n=$((n + 1))
        name=$(basename "$f" .yaml)
        if kubectl create --validate=strict -f "$f" >/dev/null 2>"$T/create.err"; then
            created=$((created + 1))
            kubectl get -n "$ns" application "$(sed -n 's/^  name: //p' "$f" | head -1)" -o json >"$T/theirs/$name.json"
        else
            not_ok "$desc: $name is refused: $(head -c 400 "$T/create.err")"
        fi
    done
    [ "$created" -eq "$n" ] && ok "$desc: all $n Applications pass Argo CD's schema, strictly" ||
        not_ok "$desc: $created of $n Applications pass Argo CD's schema"
    # every field we wrote, stored as written (the server may add its own: defaults, uid, ...)
    if py '
import json, os, sys
def sub(a, b, path):
    if isinstance(a, dict):
        if not isinstance(b, dict): return [path]
        return [p for k in a for p in sub(a[k], b.get(k, KeyError), path + "." + k)]
    if isinstance(a, list):
        if not isinstance(b, list) or len(a) != len(b): return [path]
        return [p for i, x in enumerate(a) for p in sub(x, b[i], "%s[%d]" % (path, i))]
    return [] if a == b and type(a) == type(b) else [path]
bad = []
for f in sorted(os.listdir(sys.argv[1])):
    ours = json.load(open(os.path.join(sys.argv[1], f)))
    theirs = json.load(open(os.path.join(sys.argv[2], f)))
    bad += [f + ": " + p for p in sub(ours, theirs, "")]
print("\n".join(bad[:10]))
sys.exit(1 if bad else 0)' "$T/ours" "$T/theirs" >"$T/sub.out"; then
        ok "$desc: read back, every field as written"
    else
        not_ok "$desc: fields the API server did not keep as written: $(tr '\n' ' ' <"$T/sub.out")"
    fi
    # gone before the next set (names repeat): their finalizers would wait for Argo CD, which
    # does not run here
    kubectl delete -n "$ns" applications --all --wait=false >/dev/null 2>&1
    for a in $(kubectl get -n "$ns" applications -o name 2>/dev/null); do
        kubectl patch -n "$ns" "$a" --type=merge -p '{"metadata":{"finalizers":null}}' >/dev/null 2>&1
    done
    kubectl wait -n "$ns" --for=delete applications --all --timeout=60s >/dev/null 2>&1
}

# 1. the example deployment, one source per Application
D=$T/deploy
cp -r "$ROOT/testdata/deploy" "$D"
git -C "$D" init -q -b main
git -C "$D" remote add origin https://example.org/panda/deploy.git
run helm panda gitops -C "$D" -e lsst --argocd-namespace "$ns" -o "$D/argocd-apps/plain"
expect_rc 0 "gitops of the example deployment"
check_apps "example deployment" "$D"/argocd-apps/plain/apps/*.yaml "$D"/argocd-apps/plain/*.yaml

# 2. both sites of testdata/sites
S=$T/sites
cp -r "$ROOT/testdata/deploy" "$S"
cp -r "$ROOT/testdata/sites/." "$S/"
git -C "$S" init -q -b main
git -C "$S" remote add origin https://example.org/panda/sites.git
run helm panda gitops -C "$S" --all-sites --argocd-namespace "$ns" -o "$S/argocd-apps" -q
expect_rc 0 "gitops --all-sites of testdata/sites"
for s in atlas-testbed doma; do
    apps=()
    for f in "$S/argocd-apps/$s"/apps/*.yaml "$S/argocd-apps/$s"/*.yaml; do
        case $f in *.image-updater.yaml) ;; *) apps+=("$f") ;; esac
    done
    check_apps "site $s" "${apps[@]}"
done

# 2b. the shapes of an adopted site (issue 24, testdata/adopt): flat, one file per component
# with the site's own names, no parent, no sync wave, no finalizer, no deploymentName parameter
# (and one site with another deploymentName key); the ImageUpdaters are <x>-image-updater.yaml
A=$T/adopt
cp -r "$ROOT/testdata/deploy" "$A"
cp -r "$ROOT/testdata/sites/helm/." "$A/helm/"
cat "$ROOT/testdata/adopt/helm-panda.yaml" "$ROOT/testdata/adopt/profile.yaml" >"$A/helm-panda.yaml"
sed -i 's|^  doma:$|  doma:\n    set: [global.site=DOMA]|; 0,/deploymentName: off/! s|deploymentName: off|deploymentName: global.instance|' \
    "$A/helm-panda.yaml"
git -C "$A" init -q -b main
git -C "$A" remote add origin https://example.org/panda/sites.git
for s in testbed doma; do
    run helm panda gitops -C "$A" --site $s --argocd-namespace "$ns" -o "$A/argocd-apps/$s" -q
    expect_rc 0 "gitops --site $s of the adopted profile"
    apps=()
    for f in "$A/argocd-apps/$s"/*.yaml; do
        case $f in *-image-updater.yaml) ;; *) apps+=("$f") ;; esac
    done
    check_apps "adopted site $s (flat, no parent, no wave, no finalizer)" "${apps[@]}"
done
grep -q 'name: global.instance' "$A/argocd-apps/doma/panda.yaml" && ok "doma's Applications carry deploymentName's other key" ||
    not_ok "doma's Applications carry deploymentName's other key"

# 3. OCI charts: the multi-source form
registry_start open || exit 0
REPO=oci://127.0.0.1:$REGISTRY_PORT/charts
registry_push "$REPO" "$ROOT"/testdata/deploy/helm/*/
O=$T/oci
mkdir -p "$O"
cp -r "$ROOT/testdata/deploy/secrets" "$O/"
printf 'charts:\n  repository: %s\n  version: 0.1.0\n  plainHttp: true\n' "$REPO" >"$O/helm-panda.yaml"
git -C "$O" init -q -b main
git -C "$O" remote add origin https://example.org/panda/oci.git
run helm panda gitops -C "$O" -e lsst --argocd-namespace "$ns" -o "$O/argocd-apps/oci"
expect_rc 0 "gitops of OCI charts"
grep -q '^  sources:' "$O"/argocd-apps/oci/apps/test-panda.yaml && ok "OCI: the multi-source form was written" ||
    not_ok "OCI: the multi-source form was written"
check_apps "OCI charts" "$O"/argocd-apps/oci/apps/*.yaml "$O"/argocd-apps/oci/*.yaml

# the control: a field Argo CD's Application does not have (valueFile for valueFiles)
sed 's/^      valueFiles:$/      valueFile:/' "$D/argocd-apps/plain/apps/test-panda.yaml" >"$T/bad.yaml"
grep -q '^      valueFile:$' "$T/bad.yaml" || not_ok "control: the file was not changed"
kubectl create --validate=strict -f "$T/bad.yaml" >/dev/null 2>"$T/bad.err" &&
    not_ok "control: an Application with spec.source.helm.valueFile was accepted" ||
    { grep -q 'valueFile' "$T/bad.err" && ok "control: an unknown field is refused, and named" ||
        not_ok "control: refused, but not for the field: $(head -c 300 "$T/bad.err")"; }
