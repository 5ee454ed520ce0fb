# Charts from an OCI registry (issue 17): the example charts (testdata/deploy/helm/*) go through
# `helm package` + `helm push` into a real registry (Debian's docker-registry, plain HTTP on a
# loopback port of its own, started and stopped here); then template, install (the recording
# helm, checked by helm 4 install --dry-run=client) and gitops from it render byte for byte what
# the local folders render; helm gets the pulled package (/dev/fd/N, shown as package:FILE with
# its sha256 and manifest digest by --dry-run), never the reference; a wrong version or an
# unreachable registry fails before any release call; bad references and versions are one line
# naming file and key, exit 2.
# Mutants (issue 23): the reference with --version instead of the package (plan_argv.c
# add_oci_flags without its package branch): the argv, "no reference" and recorder checks fail;
# no sha256 of the kept .tgz (oci_package.c keep_tgz): the --dry-run digest checks fail.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1

. "$ROOT/tests/integration/registry_lib.sh"
registry_start open || exit 0
port=$REGISTRY_PORT
REPO=oci://127.0.0.1:$port/charts

# package and push every example chart (version 0.1.0 from each Chart.yaml)
registry_push "$REPO" "$ROOT"/testdata/deploy/helm/*/
[ "$PUSHED" -eq 6 ] && ok "helm push of the six example charts to the registry" ||
    not_ok "helm push of the six example charts ($PUSHED of 6)"

# the local reference, and a site that keeps only its secrets, helm-panda.yaml and one values file
cp -r "$ROOT/testdata/deploy" "$T/local"
site=$T/site
mkdir -p "$site/helm/panda"
cp -r "$ROOT/testdata/deploy/secrets" "$site/"
cp "$ROOT/testdata/deploy/helm/panda/values.yaml" "$site/helm/panda/values.yaml"
cat >"$site/helm-panda.yaml" <<EOF
charts:
  repository: $REPO
  version: 0.1.0
  plainHttp: true
EOF
flags="-e lsst -d panda.jedi --set replicas=3"

# shellcheck disable=SC2086
run helm panda template -C "$T/local" $flags
expect_rc 0 "template from the local folders"
cp "$T/out" "$T/local.yaml"
# shellcheck disable=SC2086
run helm panda template -C "$site" $flags
expect_rc 0 "template from the registry"
if [ "$RC" -eq 0 ] && grep -q '^kind:' "$T/out" && cmp -s "$T/out" "$T/local.yaml"; then
    ok "template from the registry = template from the local folders (byte for byte)"
else
    not_ok "template from the registry = template from the local folders"
    diff "$T/local.yaml" "$T/out" | head -20
fi

# a site whose charts all come from the registry needs no helm/ folder: secrets/ and
# helm-panda.yaml make the deployment root
mkdir -p "$T/nohelm"
cp -r "$site/secrets" "$site/helm-panda.yaml" "$T/nohelm/"
# shellcheck disable=SC2086
run helm panda template -C "$T/nohelm/secrets" $flags -c msgsvc,idds
expect_rc 0 "template from a site without helm/ (root found from secrets/ and helm-panda.yaml)"
# shellcheck disable=SC2086
helm panda template -C "$T/local" $flags -c msgsvc,idds >"$T/local-2.yaml" 2>/dev/null
cmp -s "$T/out" "$T/local-2.yaml" && ok "a site without helm/ renders as the local folders" ||
    not_ok "a site without helm/ renders as the local folders"

# where each values file came from
# shellcheck disable=SC2086
run helm panda install --dry-run -C "$site" $flags
expect_rc 0 "install --dry-run"
expect_out "^#   chart: $REPO/panda version 0.1.0 \(pulled from the registry, plain HTTP\)$" "--dry-run names the chart"
expect_out "^#   values $site/helm/panda/values.yaml: from the site tree$" "--dry-run: values.yaml from the site tree"
expect_out "^#   values package:values/values-lsst.yaml: from the chart package $REPO/panda 0.1.0$" \
    "--dry-run: values-lsst.yaml from the chart package"
expect_out "^#   values package:values.yaml: from the chart package $REPO/idds 0.1.0$" \
    "--dry-run: idds's values.yaml from its package (none in the site tree)"
expect_out " upgrade --install test-panda package:panda-0.1.0.tgz -f " "helm gets the pulled package, not the reference"
grep -q -- "--version\|--plain-http\| oci://" <(grep -v '^#' "$T/out") && not_ok "no reference, --version or --plain-http in any argv" ||
    ok "no reference, --version or --plain-http in any argv"
# the package's digests: the sha256 of the very .tgz pushed, and helm's manifest digest
sum=$(sha256sum "$T/pkgs/panda-0.1.0.tgz" | cut -d' ' -f1)
expect_out "^#   package: panda-0.1.0.tgz sha256:$sum \(manifest sha256:[0-9a-f]{64}\), passed to helm as /dev/fd/N$" \
    "--dry-run shows the package's sha256 (= the pushed .tgz) and manifest digest"
# shellcheck disable=SC2086
run helm panda install --dry-run -o json -C "$site" $flags
python3 -c '
import json, sys
r = [x for x in json.load(open(sys.argv[1]))["releases"] if x["name"] == "test-panda"][0]
p = r["package"]
sys.exit(not (p["file"] == "panda-0.1.0.tgz" and p["sha256"] == sys.argv[2] and p["manifestDigest"].startswith("sha256:")
              and r["argv"][4] == "package:panda-0.1.0.tgz" and "--version" not in r["argv"]))' "$T/out" "$sum" &&
    ok "--dry-run -o json: package {file, sha256, manifestDigest} and the package in argv" ||
    { not_ok "--dry-run -o json: package"; show; }

# -d checks the pulled chart's dependencies
run helm panda template -C "$site" -d panda.nosuch
expect_rc 2 "-d panda.nosuch exits 2"
expect_err "^helm-panda: error: -d panda.nosuch: panda has no sub-component 'nosuch' \(known: server, jedi, postgres\)$" \
    "the package's sub-components are listed"

# install through the recording helm (checked by helm 4 install --dry-run=client)
export HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm
# shellcheck disable=SC2086
run env HELM_BIN="$ROOT/tests/integration/helm_recorder.sh" "$HP_BIN" install -C "$site" $flags
expect_rc 0 "install from the registry"
n=$(grep -cP "^A \d+\tupgrade\t--install\ttest-[a-z]+\t/dev/fd/\d+\t-f\t" "$T/rec.log")
[ "$n" -eq 6 ] && ok "six upgrade --install calls with the pulled package as /dev/fd/N" ||
    { not_ok "six upgrade --install calls with the pulled package as /dev/fd/N ($n)"; cat "$T/rec.log"; }
grep -P "^A \d+\tupgrade\t" "$T/rec.log" | grep -q -- "--version\|oci://" &&
    not_ok "an upgrade got the reference or --version" || ok "no upgrade gets the reference or --version (no second pull)"
expect_err "^chart $REPO/panda version 0.1.0: panda-0.1.0.tgz sha256:$sum \(manifest sha256:[0-9a-f]{64}\)$" \
    "the summary names the deployed package by its digests"

# a wrong version: one line naming component, reference and helm's reason, exit 1, no release call
cp -r "$site" "$T/bad"
printf 'components:\n  panda: {version: 0.9.9}\n' >>"$T/bad/helm-panda.yaml"
rm -f "$T/rec.log"
run env HELM_BIN="$ROOT/tests/integration/helm_recorder.sh" "$HP_BIN" install -C "$T/bad" $flags
expect_rc 1 "a wrong version exits 1"
expect_err "^helm-panda: error: component panda: cannot pull $REPO/panda version 0.9.9: .*not found" \
    "the error names the component, the reference and helm's reason"
expect_lines "$T/err" 1 "the error is one line"
# the recording log holds the failed pull (panda's: -d panda.jedi pulls it first) and nothing
# else: no release call, not even the version probe
if grep -Eq "^A [0-9]+	(upgrade|install|template|uninstall)	|^V " "$T/rec.log" 2>/dev/null; then
    not_ok "nothing installed with a wrong version"
    cat "$T/rec.log"
elif grep -q "^A [0-9]*	pull	$REPO/panda	--version	0.9.9	" "$T/rec.log"; then
    ok "nothing installed with a wrong version (only helm pull ran; no release call, no version probe)"
else
    not_ok "the wrong version was pulled through HELM_BIN"
    cat "$T/rec.log"
fi

# the same for a chart pulled with the others in parallel (no -d): only pulls ran
cp "$site/helm-panda.yaml" "$T/bad/helm-panda.yaml"
printf 'components:\n  idds: {version: 0.9.9}\n' >>"$T/bad/helm-panda.yaml"
rm -f "$T/rec.log"
run env HELM_BIN="$ROOT/tests/integration/helm_recorder.sh" "$HP_BIN" install -C "$T/bad" -e lsst
expect_rc 1 "a wrong version among parallel pulls exits 1"
expect_err "^helm-panda: error: component idds: cannot pull $REPO/idds version 0.9.9: .*not found" \
    "the failing pull is named"
expect_lines "$T/err" 1 "one line"
n_pull=$(grep -c "^A [0-9]*	pull	" "$T/rec.log")
if grep -Eq "^A [0-9]+	(upgrade|install|template|uninstall)	|^V " "$T/rec.log" || [ "$n_pull" -ne 6 ]; then
    not_ok "six pulls and nothing else ($n_pull pulls)"
    cat "$T/rec.log"
else
    ok "six pulls (one per chart) and nothing else: no release call, no version probe"
fi

# an unreachable registry
sed "s|127.0.0.1:$port|127.0.0.1:1|" "$site/helm-panda.yaml" >"$T/bad/helm-panda.yaml"
run helm panda template -C "$T/bad" -c msgsvc
expect_rc 1 "an unreachable registry exits 1"
expect_err "^helm-panda: error: component msgsvc: cannot pull oci://127.0.0.1:1/charts/msgsvc version 0.1.0: .*connection refused" \
    "an unreachable registry is named with helm's reason"

# a registry that wants a login (htpasswd, the same store): refused without one, in one line
# naming the chart and helm's reason, with no release call; after `helm registry login` the
# pulls use helm's own credentials (HELM_REGISTRY_CONFIG, as every helm command does)
registry_start auth hp s3cret && auth_port=$REGISTRY_PORT
mkdir -p "$T/auth"
sed "s|127.0.0.1:$port|127.0.0.1:$auth_port|" "$site/helm-panda.yaml" >"$T/auth/helm-panda.yaml"
cp -r "$site/secrets" "$site/helm" "$T/auth/"
rm -f "$T/rec.log"
run env HELM_BIN="$ROOT/tests/integration/helm_recorder.sh" "$HP_BIN" install -C "$T/auth" -e lsst
expect_rc 1 "a registry that wants a login: exit 1 without one"
expect_err "^helm-panda: error: component [a-z]+: cannot pull oci://127.0.0.1:$auth_port/charts/[a-z]+ version 0.1.0: .*(unauthorized|authorization|authentication required|credential not found)" \
    "a refused pull is named with helm's reason"
expect_lines "$T/err" 1 "a refused pull: one line"
if grep -Eq "^A [0-9]+	(upgrade|install|template|uninstall)	|^V " "$T/rec.log"; then
    not_ok "a refused pull: no release call"
    cat "$T/rec.log"
else
    ok "a refused pull: no release call, no version probe"
fi
if echo s3cret | helm registry login "127.0.0.1:$auth_port" -u hp --password-stdin >"$T/login.out" 2>&1 ||
    echo s3cret | helm registry login "127.0.0.1:$auth_port" -u hp --password-stdin --plain-http >"$T/login.out" 2>&1; then
    # shellcheck disable=SC2086
    run helm panda template -C "$T/auth" $flags
    expect_rc 0 "after helm registry login: template from the registry that wants a login"
    cmp -s "$T/out" "$T/local.yaml" && ok "after helm registry login: the same render as the local folders" ||
        not_ok "after helm registry login: render differs"
    helm registry logout "127.0.0.1:$auth_port" >/dev/null 2>&1
else
    not_ok "helm registry login to the test registry: $(tr '\n' ' ' <"$T/login.out")"
fi

# bad references and versions: one line naming file and key, exit 2
printf 'charts:\n  repository: %s\n  version: latest\n' "$REPO" >"$T/bad/helm-panda.yaml"
run helm panda template -C "$T/bad"
expect_rc 2 "version: latest exits 2"
expect_err "^helm-panda: error: $T/bad/helm-panda.yaml:3: charts.version: a version is required" "latest is refused by key"
printf 'components:\n  panda:\n    chart: %s/panda:0.1.0\n' "$REPO" >"$T/bad/helm-panda.yaml"
run helm panda template -C "$T/bad"
expect_rc 2 "a tag in the reference exits 2"
expect_err "^helm-panda: error: $T/bad/helm-panda.yaml:3: components.panda.chart: .*give the version in version:" \
    "a tag in the reference is refused by key"
printf 'components:\n  panda:\n    chart: %s/panda\n' "$REPO" >"$T/bad/helm-panda.yaml"
run helm panda template -C "$T/bad"
expect_rc 2 "a reference without a version exits 2"
expect_err "^helm-panda: error: $T/bad/helm-panda.yaml:3: components.panda.chart: '$REPO/panda' has no version" \
    "a missing version is named"

# a digest instead of a version: what helm push printed
digest=$(helm push "$T/pkgs/msgsvc-0.1.0.tgz" "$REPO" --plain-http 2>&1 | sed -n 's/^Digest: //p')
printf 'components:\n  msgsvc:\n    chart: "%s/msgsvc@%s"\ncharts: {plainHttp: true}\n' "$REPO" "$digest" >"$T/bad/helm-panda.yaml"
run helm panda template -C "$T/bad" -c msgsvc -e lsst
expect_rc 0 "a digest reference"
run helm panda template -C "$T/local" -c msgsvc -e lsst
cp "$T/out" "$T/local-msgsvc.yaml"
run helm panda template -C "$T/bad" -c msgsvc -e lsst
cmp -s "$T/out" "$T/local-msgsvc.yaml" && ok "a digest reference renders as the local folder" ||
    not_ok "a digest reference renders as the local folder"

# gitops needs a version: Argo CD's Helm OCI source takes no digest
cp -r "$site/secrets" "$T/bad/" 2>/dev/null
run helm panda gitops -C "$T/bad" --repo https://example.org/x.git -c msgsvc
expect_rc 2 "gitops of a digest-only reference exits 2"
expect_err "^helm-panda: error: component msgsvc: .*@sha256:.* has a digest but no version: Argo CD's Helm OCI source takes a chart version" \
    "gitops names the digest-only reference"

# a site's charts: over a tree of local folders; its values: list falls back to the package
cp -r "$ROOT/testdata/deploy" "$T/sited"
printf 'sites:\n  reg:\n    experiment: lsst\n    charts: {repository: %s, version: 0.1.0, plainHttp: true}\n    components:\n      idds: {values: [values/values-lsst.yaml]}\n' \
    "$REPO" >"$T/sited/helm-panda.yaml"
rm "$T/sited/helm/idds/values/values-lsst.yaml" # only in the package now
run helm panda template -C "$T/sited" --site reg -d panda.jedi --set replicas=3
expect_rc 0 "template --site with the site's charts:"
cmp -s "$T/out" "$T/local.yaml" && ok "a site's charts: renders as the local folders" ||
    { not_ok "a site's charts: renders as the local folders"; diff "$T/local.yaml" "$T/out" | head; }
run helm panda install --dry-run -C "$T/sited" --site reg
expect_out "^#   values package:values/values-lsst.yaml: from the chart package $REPO/idds 0.1.0$" \
    "a site's values: file missing from the tree comes from the package"
expect_out "^#   values $T/sited/helm/idds/values.yaml: from the site tree$" "the site tree's values.yaml first"
printf 'sites:\n  reg:\n    charts: {repository: %s, version: 0.1.0, plainHttp: true}\n    components:\n      idds: {values: [values/nosuch.yaml]}\n' \
    "$REPO" >"$T/sited/helm-panda.yaml"
run helm panda template -C "$T/sited" --site reg -c idds
expect_rc 2 "a site's values file in neither the tree nor the package exits 2"
expect_err "^helm-panda: error: $T/sited/helm-panda.yaml:5: sites.reg.components.idds.values: 'values/nosuch.yaml' is neither in helm/idds nor in the chart package" \
    "the missing values file is named with file, line and key"

# gitops: the multi-source form; rendered as Argo CD would, it equals the local template
git -C "$site" init -q -b main
git -C "$site" remote add origin https://example.org/panda/site.git
# shellcheck disable=SC2086
run helm -n panda panda gitops -C "$site" $flags -o "$site/argocd-apps/oci"
expect_rc 0 "gitops from the registry"
app=$site/argocd-apps/oci/apps/test-panda.yaml
# targetRevision plain: no YAML reader takes 0.1.0 for a number (one like 1.0 would be quoted)
cat >"$T/want-sources" <<EOF
  sources:
  - repoURL: 127.0.0.1:$port/charts
    chart: panda
    targetRevision: 0.1.0
    helm:
      releaseName: test-panda
      valueFiles:
      - \$values/helm/panda/values.yaml
      - values/values-lsst.yaml
EOF
if sed -n '/^  sources:/,/^      parameters:/p' "$app" | sed '$d' | cmp -s - "$T/want-sources"; then
    ok "the Helm OCI source: repoURL without oci://, chart, targetRevision, \$values/ and package value files"
else
    not_ok "the Helm OCI source"
    cat "$app"
fi
grep -A2 "^  - repoURL: https://example.org/panda/site.git$" "$app" | grep -q "^    ref: values$" &&
    ok "the site repository as the second source, ref: values" || not_ok "the site repository as ref: values"

# render every Application as Argo CD does: the chart pulled and unpacked, $values/ = the site
# repository, other value files inside the chart, each parameter one --set
. "$ROOT/tests/integration/apps_lib.sh"
apps_read "$site"/argocd-apps/oci/apps/*.yaml || { not_ok "helm reads the Applications"; cat "$T/apps.out"; }
node -e '
const fs = require("fs");
for (const l of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
  const m = l.match(/^([a-z0-9.-]+): (\{.*\})$/);
  if (!m) continue;
  const app = JSON.parse(m[2]);
  const [chart, site] = app.spec.sources;
  if (site.ref !== "values" || site.repoURL !== "https://example.org/panda/site.git") process.exit(3);
  const out = [app.metadata.name.replace(/^test-/, ""), chart.repoURL, chart.chart, chart.targetRevision, chart.helm.releaseName];
  for (const v of chart.helm.valueFiles || []) out.push("-f", v);
  for (const p of chart.helm.parameters || []) out.push("--set", p.name + "=" + p.value);
  console.log(out.join("\t"));
}' "$T/apps.out" >"$T/argo-argv" || not_ok "every Application has the chart source, then ref: values"
n_same=0
while IFS= read -r line; do
    IFS=$(printf '\t') read -r -a a <<<"$line"
    component=${a[0]}
    rm -rf "$T/argo" && mkdir -p "$T/argo"
    helm pull "oci://${a[1]}/${a[2]}" --version "${a[3]}" --plain-http --untar -d "$T/argo" >/dev/null 2>&1
    args=()
    for x in "${a[@]:5}"; do
        case "$x" in
        '$values/'*) args+=("$site/${x#\$values/}") ;;
        -f | --set | *=*) args+=("$x") ;;
        *) args+=("$T/argo/${a[2]}/$x") ;;
        esac
    done
    helm template "${a[4]}" "$T/argo/${a[2]}" "${args[@]}" --namespace panda --debug >"$T/argo.yaml" 2>"$T/argo.err"
    # shellcheck disable=SC2086
    run helm -n panda panda template -q -C "$T/local" $flags -c "$component"
    if [ "$RC" -eq 0 ] && grep -q '^kind:' "$T/argo.yaml" && cmp -s "$T/out" "$T/argo.yaml"; then
        n_same=$((n_same + 1))
    else
        not_ok "Application ${a[4]} rendered as Argo CD = helm panda template -c $component of the local folders"
        diff "$T/out" "$T/argo.yaml" | head -10
        head -5 "$T/argo.err"
    fi
done <"$T/argo-argv"
[ "$n_same" -eq 6 ] && ok "each Application rendered as Argo CD does = the local folders' template (6)" ||
    not_ok "each Application rendered as Argo CD does = the local folders' template ($n_same of 6)"

# gitops --all-sites: two sites on the same charts pull each chart once for both (six pulls,
# not twelve), and each site's Applications are what --site writes for it alone
cp -r "$site" "$T/two"
printf 'sites:\n  east: {experiment: lsst}\n  west: {experiment: lsst, affix: west-}\n' >>"$T/two/helm-panda.yaml"
rm -f "$T/rec.log"
run env HELM_BIN="$ROOT/tests/integration/helm_recorder.sh" "$HP_BIN" gitops -C "$T/two" --all-sites -o "$T/two/argocd-apps" -q
expect_rc 0 "gitops --all-sites from the registry"
n_pull=$(grep -c "^A [0-9]*	pull	" "$T/rec.log")
[ "$n_pull" -eq 6 ] && ok "--all-sites: each chart pulled once for both sites (6 pulls)" ||
    not_ok "--all-sites: each chart pulled once for both sites ($n_pull pulls)"
for s in east west; do
    run helm panda gitops -C "$T/two" --site "$s" --check "$T/two/argocd-apps/$s"
    expect_rc 0 "--all-sites wrote what --site $s writes"
done

# a wrong version fails gitops too, nothing written
printf 'components:\n  panda: {version: 0.9.9}\n' >>"$site/helm-panda.yaml"
# shellcheck disable=SC2086
run helm panda gitops -C "$site" $flags -o "$T/none"
expect_rc 1 "gitops with a wrong version exits 1"
[ ! -e "$T/none" ] && ok "gitops writes nothing when a pull fails" || not_ok "gitops writes nothing when a pull fails"

# a hostile package (issue 23): values/values-lsst.yaml twice, the second copy different (helm
# took the first, `tar -x` and `helm pull --untar` show the last); pushed as msgsvc 6.6.6 and
# pulled for real: refused in one line naming the package and the entry, nothing rendered
python3 - "$T/msgsvc-6.6.6.tgz" <<'PY'
import io, sys, tarfile
with tarfile.open(sys.argv[1], "w:gz") as t:
    for name, text in [("msgsvc/Chart.yaml", "apiVersion: v2\nname: msgsvc\nversion: 6.6.6\n"),
                       ("msgsvc/values.yaml", "replicas: 1\n"),
                       ("msgsvc/values/values-lsst.yaml", "what: the reviewer reads\n"),
                       ("msgsvc/values/values-lsst.yaml", "what: another copy\n")]:
        data = text.encode()
        info = tarfile.TarInfo(name)
        info.size = len(data)
        t.addfile(info, io.BytesIO(data))
PY
if helm push "$T/msgsvc-6.6.6.tgz" "$REPO" --plain-http >"$T/push.out" 2>&1; then
    mkdir -p "$T/hostile"
    cp -r "$site/secrets" "$T/hostile/"
    printf 'charts: {repository: %s, version: 0.1.0, plainHttp: true}\ncomponents:\n  msgsvc: {version: 6.6.6}\n' \
        "$REPO" >"$T/hostile/helm-panda.yaml"
    run helm panda template -C "$T/hostile" -c msgsvc -e lsst
    expect_rc 1 "a package with values/values-lsst.yaml twice exits 1"
    expect_err "^helm-panda: error: component msgsvc: cannot pull $REPO/msgsvc version 6.6.6: the chart package holds 'values/values-lsst.yaml' twice \(as 'msgsvc/values/values-lsst.yaml'\)" \
        "the package and the entry are named"
    [ "$(grep -c '^helm-panda:' "$T/err")" -eq 1 ] && [ ! -s "$T/out" ] && ok "in one line, nothing rendered" ||
        { not_ok "in one line, nothing rendered"; show; }
else
    not_ok "helm push of the hostile package"
    cat "$T/push.out"
fi
