# Sites (issue 16): two sites like the ones on Argo CD today, from testdata/deploy plus the
# testdata/sites overlay (helm-panda.yaml with sites:, a ui chart, per-site values files).
# Every generated Application and ImageUpdater equals its expected file (testdata/sites-expected,
# every field, byte for byte); each Application, read by helm's Go YAML reader and rendered with
# `helm template` as Argo CD runs it, equals `helm panda template --site X` of that release;
# re-runs rewrite nothing; --check shows diffs; bad profiles exit 2 with one line, nothing written.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1

site=$T/site
cp -r "$ROOT/testdata/deploy" "$site"
cp -r "$ROOT/testdata/sites/." "$site/"
git -C "$site" init -q -b main
git -C "$site" remote add origin https://example.org/panda/sites.git
out=$site/argocd-apps
expected=$ROOT/testdata/sites-expected

# HELM_NAMESPACE unset: each site's namespace: applies
run helm panda gitops -C "$site" --all-sites -o "$out"
expect_rc 0 "gitops --all-sites -o DIR"
if diff -r "$expected" "$out" >"$T/diff"; then
    ok "every Application and ImageUpdater of both sites equals its expected file"
else
    not_ok "every Application and ImageUpdater of both sites equals its expected file"
    head -40 "$T/diff"
fi

# a second run rewrites nothing: same bytes, same mtimes
find "$out" -type f -exec stat -c '%n %Y.%y' {} + | sort >"$T/mtimes1"
sleep 1
run helm panda gitops -C "$site" --all-sites -o "$out"
expect_rc 0 "gitops --all-sites again"
[ ! -s "$T/out" ] && ok "second run writes no file" || { not_ok "second run writes no file"; show; }
find "$out" -type f -exec stat -c '%n %Y.%y' {} + | sort >"$T/mtimes2"
cmp -s "$T/mtimes1" "$T/mtimes2" && ok "second run keeps every mtime" || not_ok "second run keeps every mtime"

# --check against the same folder: nothing to say, exit 0; --site X --check DIR the same
run helm panda gitops -C "$site" --all-sites --check "$out"
expect_rc 0 "--all-sites --check DIR with nothing to change exits 0"
[ ! -s "$T/out" ] && ok "--check prints nothing when equal" || { not_ok "--check prints nothing when equal"; show; }
run helm panda gitops -C "$site" --site doma --check "$out/doma"
expect_rc 0 "--site doma --check DIR exits 0"

# The round trip, per site: helm's own YAML reader, install's plan, helm template as Argo CD
. "$ROOT/tests/integration/apps_lib.sh"
for s in atlas-testbed doma; do
    rm -rf "$T/json" && mkdir -p "$T/json"
    apps=()
    for f in "$out/$s"/apps/*.yaml; do
        case $f in *.image-updater.yaml) continue ;; esac
        apps+=("$f")
    done
    if apps_read "${apps[@]}"; then
        ok "$s: helm reads every Application"
    else
        not_ok "$s: helm reads every Application"
        head -20 "$T/apps.out"
    fi
    apps_json_dir "$T/json"
    run helm panda install --dry-run -o json -C "$site" --site "$s"
    expect_rc 0 "$s: install --site --dry-run -o json"
    cp "$T/out" "$T/plan.json"
    run node "$ROOT/tests/integration/gitops_check.js" "$T/plan.json" "$site" "$T/json"
    expect_rc 0 "$s: Applications = install --site's plan: names, chart paths, valueFiles, parameters, waves"
    cp "$T/out" "$T/argo-argv"
    apps_same_as_template "$s: " "$T/argo-argv" panda template -q -C "$site" --site "$s"
    [ "$apps_same" -eq "$apps_all" ] && [ "$apps_all" -gt 3 ] &&
        ok "$s: helm template of each Application = helm panda template --site $s of its release ($apps_all)" ||
        not_ok "$s: helm template of each Application = helm panda template --site $s ($apps_same of $apps_all)"
done

# the whole template run of a site is those releases, in the same order
run helm panda template -q -C "$site" --site atlas-testbed
expect_rc 0 "template --site atlas-testbed"
cp "$T/out" "$T/whole.yaml"
: >"$T/parts.yaml"
for c in msgsvc panda harvester idds bigmon ui; do
    helm panda template -q -C "$site" --site atlas-testbed -c "$c" >>"$T/parts.yaml"
done
cmp -s "$T/whole.yaml" "$T/parts.yaml" && ok "template --site = its 6 releases, in plan order (no iam, with ui)" ||
    not_ok "template --site = its 6 releases, in plan order (no iam, with ui)"
expect_out '^  name: panda-panda$' "panda release keeps its name (panda), deploymentName panda"
expect_out '^  image: "cern/activemq"$' "msgsvc takes values-cern.yaml in the atlas testbed"

# flags win over the site, for every release (issue 23): -a names them all from the affix (a
# site's name: is not used), -e replaces each component's values:, -c/-d replace enable:/disable:
run helm panda install --dry-run -o json -C "$site" --site doma -a test- --set global.site=X
expect_rc 0 "install --site with flags"
node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const idds = p.releases.find((r) => r.component === "idds");
const panda = p.releases.find((r) => r.component === "panda");
const ok = idds.name === "test-idds" && panda.name === "test-panda" && idds.set[idds.set.length - 1] === "global.site=X" &&
  idds.set[idds.set.length - 2] === "global.site=DOMA" && /values-doma-k8s.yaml$/.test(idds.values[1]) &&
  p.siteNotes.includes("site doma\x27s name: panda for panda not used (-a test- names every release: test-panda)");
process.exit(ok ? 0 : 1);' "$T/out" && ok "-a names every release (panda too), --set after the site's, the site's values stay" ||
    { not_ok "-a names every release (panda too), --set after the site's, the site's values stay"; show; }
run helm panda install --dry-run -C "$site" --site atlas-testbed -a test2-
expect_rc 0 "install --site atlas-testbed -a test2- --dry-run"
n=$(grep -cE '^#   test2-[a-z]+ \(' "$T/out")
[ "$n" = 6 ] && ! grep -qE '^#   panda \(' "$T/out" && ok "-a test2-: all 6 releases test2-*, no production 'panda'" ||
    { not_ok "-a test2-: $n releases test2-*"; show; }
expect_out "^# site atlas-testbed's name: panda for panda not used \(-a test2- names every release: test2-panda\)$" \
    "--dry-run says the site's name: is not used"
run helm panda install --dry-run -o json -C "$site" --site atlas-testbed -e cern
expect_rc 0 "install --site atlas-testbed -e cern --dry-run"
node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const ok = p.experiment === "cern" && p.releases.every((r) => r.values.length === 1 || /values-cern.yaml$/.test(r.values[1])) &&
  p.releases.filter((r) => r.values.some((v) => /values-atlas_testbed.yaml$/.test(v))).length === 0 &&
  p.siteNotes.includes("site atlas-testbed\x27s values: values/values-cern.yaml for msgsvc not used (-e cern replaces it)");
process.exit(ok ? 0 : 1);' "$T/out" && ok "-e cern: every component takes values-cern.yaml (the site's values: not used, and said)" ||
    { not_ok "-e cern replaces the site's values"; show; }
run helm panda install --dry-run -o json -C "$site" --site doma -e cern
node -e '
const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
const idds = p.releases.find((r) => r.component === "idds");
process.exit(idds.values.length === 2 && /values-cern.yaml$/.test(idds.values[1]) ? 0 : 1);' "$T/out" &&
    ok "-e cern with doma: idds takes values-cern.yaml, not the site's values-doma-k8s.yaml" ||
    { not_ok "-e replaces idds's site values"; show; }
run helm panda install --dry-run -C "$site" --site atlas-testbed -c msgsvc,iam
expect_out '^#   panda-iam \(iam\)' "-c iam: iam deployed though the site disables it"
expect_out "^# site atlas-testbed's disable: iam not used \(-c names it\)$" "--dry-run says the site's disable: of iam is not used"
run helm panda install --dry-run -C "$site" --site doma -d bigmon
expect_out '^#   panda-iam \(iam\)' "-d bigmon replaces doma's disable: iam deployed"
expect_out '^#   panda-harvester \(harvester\)' "-d bigmon replaces doma's disable: harvester deployed"
grep -q '^#   panda-bigmon' "$T/out" && { not_ok "-d bigmon: bigmon still planned"; show; } || ok "-d bigmon: bigmon dropped"
expect_out "^# site doma's disable: harvester not used \(-d replaces it\)$" "--dry-run says the site's disable: is replaced"
run env HELM_NAMESPACE=default helm panda install --dry-run -C "$site" --site doma -c msgsvc
expect_out '--namespace panda-doma' "helm's default namespace (no -n) does not override the site's namespace"
run helm -n other panda install --dry-run -C "$site" --site doma -c msgsvc
expect_out '--namespace other' "helm -n wins over the site's namespace"
run helm panda install --dry-run -C "$site" --site doma -c msgsvc
expect_out '--namespace panda-doma' "the site's namespace otherwise"

# a release that leaves a site: its files go (ours only), --check shows it first
echo "keep me" >"$out/atlas-testbed/apps/hand-written.yaml"
sed -i '/^      ui: {}/d' "$site/helm-panda.yaml"
cp "$out/atlas-testbed/apps/panda-ui.yaml" "$T/ui-before.yaml"
run helm panda gitops -C "$site" --site atlas-testbed --check "$out/atlas-testbed"
expect_rc 1 "--check exits 1 when a file would change"
expect_out '^--- .*/atlas-testbed/apps/panda-ui.yaml$' "--check names the file that would go"
expect_out '^\+\+\+ /dev/null$' "--check shows its removal as a diff"
cmp -s "$T/ui-before.yaml" "$out/atlas-testbed/apps/panda-ui.yaml" && ok "--check writes nothing" ||
    not_ok "--check writes nothing"
sed -i 's/RespectIgnoreDifferences=true\]/RespectIgnoreDifferences=false]/' "$site/helm-panda.yaml"
run helm panda gitops -C "$site" --site atlas-testbed --check "$out/atlas-testbed"
expect_rc 1 "--check exits 1 for a changed setting"
expect_out '^-    - RespectIgnoreDifferences=true$' "--check shows the old line"
expect_out '^\+    - RespectIgnoreDifferences=false$' "--check shows the new line"
sed -i 's/RespectIgnoreDifferences=false\]/RespectIgnoreDifferences=true]/' "$site/helm-panda.yaml"
run helm panda gitops -C "$site" --all-sites -o "$out"
expect_rc 0 "gitops --all-sites after ui left"
expect_out "^removed .*/atlas-testbed/apps/panda-ui.yaml" "the stale Application is removed"
[ ! -e "$out/atlas-testbed/apps/panda-ui.yaml" ] && ok "panda-ui.yaml is gone" || not_ok "panda-ui.yaml is gone"
[ -e "$out/atlas-testbed/apps/hand-written.yaml" ] && ok "a file not ours stays" || not_ok "a file not ours stays"
cp "$ROOT/testdata/sites/helm-panda.yaml" "$site/helm-panda.yaml"

# --all-sites: a hand-written file in the last site's folder stops the run before the first
# site's files are written (issue 23: nothing half-done)
mkdir -p "$site/fresh/doma/apps"
echo "kind: Application # by hand" >"$site/fresh/doma/apps/panda.yaml"
run helm panda gitops -C "$site" --all-sites -o "$site/fresh"
expect_rc 2 "--all-sites with a hand-written file in doma's folder exits 2"
expect_err "^helm-panda: error: $site/fresh/doma/apps/panda.yaml was not written by helm panda gitops" \
    "the hand-written file is named"
[ ! -e "$site/fresh/atlas-testbed" ] && ok "no site written" || { not_ok "no site written"; ls -R "$site/fresh"; }
rm -r "$site/fresh"

# bad profiles: one line naming the file, the line and the key; exit 2; nothing written
bad() { # DESC PATTERN SED-EXPRESSION
    cp "$ROOT/testdata/sites/helm-panda.yaml" "$site/helm-panda.yaml"
    sed -i "$3" "$site/helm-panda.yaml"
    rm -rf "$site/none"
    run helm panda gitops -C "$site" --all-sites -o "$site/none"
    expect_rc 2 "$1: gitops --all-sites exits 2"
    expect_err "^helm-panda: error: $site/helm-panda.yaml:[0-9]+: $2" "$1: the file, line and key are named"
    [ "$(grep -c '^helm-panda:' "$T/err")" -eq 1 ] && ok "$1: one line" || { not_ok "$1: one line"; show; }
    [ ! -e "$site/none" ] && ok "$1: nothing written" || not_ok "$1: nothing written"
    run helm panda install --dry-run -C "$site" --site doma
    expect_rc 2 "$1: install --site exits 2"
}
bad "unknown key" "sites.atlas-testbed.components.panda: unknown key 'nmae'" 's/^        name: panda /        nmae: panda /'
bad "unknown component" "sites.doma.components.pnda: unknown component 'pnda'" 's/^      panda: {name: panda}/      pnda: {name: panda}/'
bad "bad name" "sites.doma.components.panda.name: 'Panda_DOMA' is not a valid release and Application name" \
    's/^      panda: {name: panda}/      panda: {name: Panda_DOMA}/'
bad "missing values file" "sites.doma.components.idds.values: 'values/values-nosuch.yaml' does not exist in helm/idds" \
    's/values-doma-k8s.yaml\]/values-nosuch.yaml]/'
bad "one component twice" "sites.doma.components: 'panda' appears twice" 's/^      panda: {name: panda}/      panda: {name: panda}\n      panda: {}/'
bad "two components with one name" "sites.doma.components.panda.name: 'panda-idds' is also the release name of component idds" \
    's/^      panda: {name: panda}/      panda: {name: panda-idds}/'
cp "$ROOT/testdata/sites/helm-panda.yaml" "$site/helm-panda.yaml"

# a site that fails while rendering (after the first site rendered fine): nothing of either is written
sed -i 's/^      name: doma-apps$/      name: doma-apps\n      allowSecrets: "no scheme"/' "$site/helm-panda.yaml"
rm -rf "$site/none"
run helm panda gitops -C "$site" --all-sites -o "$site/none"
expect_rc 2 "a site failing to render exits 2"
expect_err "^helm-panda: error: site doma: --allow-secrets 'no scheme'" "the failing site is named"
[ ! -e "$site/none" ] && ok "no site is written when one fails" || not_ok "no site is written when one fails"
cp "$ROOT/testdata/sites/helm-panda.yaml" "$site/helm-panda.yaml"

# every deploy command takes --site
for cmd in upgrade uninstall status; do
    run helm panda "$cmd" --dry-run -C "$site" --site doma
    expect_rc 0 "$cmd --site --dry-run"
    expect_out "panda-idds .*--namespace panda-doma|--namespace panda-doma.* panda-idds" "$cmd --site acts on the site's releases"
done

run helm panda gitops -C "$site" --site nosuch
expect_rc 2 "an unknown site exits 2"
expect_err "^helm-panda: error: --site nosuch: no such site in $site/helm-panda.yaml \(known: atlas-testbed, doma\)$" \
    "an unknown site lists the known ones"
run helm panda gitops -C "$site" --all-sites
expect_rc 2 "--all-sites without -o exits 2"

# --site <TAB>: the sites of helm-panda.yaml
cd "$site" || exit 1
run helm panda __complete install --site d
expect_out '^doma$' "--site d<TAB> offers doma"
grep -q '^atlas-testbed$' "$T/out" && not_ok "--site d<TAB> offers only matching sites" ||
    ok "--site d<TAB> offers only matching sites"
run "$HP_BIN" __complete gitops --site ""
expect_lines "$T/out" 3 "--site <TAB> offers both sites (and the directive)"
cd "$T/work" || exit 1

# a site removed from helm-panda.yaml: by default its folder stays and a warning names it
# (removing it makes Argo CD delete what it deployed); with --prune-sites, --check shows its
# files going (exit 1) and -o removes them and then its folder; a file there that is not ours
# stays (and with it the folder). Mutants caught: gone sites not looked for (the warning, the
# --check diff and the removal fail); --prune-sites ignored (removed without it); a file
# without our header removed too.
gone=$T/gone
cp -r "$site" "$gone"
rm -rf "$gone/argocd-apps"
run helm panda gitops -C "$gone" --all-sites -o "$gone/argocd-apps" -q
expect_rc 0 "gone: both sites written"
sed -n '1,42p' "$ROOT/testdata/sites/helm-panda.yaml" >"$gone/helm-panda.yaml" # atlas-testbed only
run helm panda gitops -C "$gone" --all-sites -o "$gone/argocd-apps"
expect_rc 0 "-o with a site gone, without --prune-sites"
expect_err "^helm-panda: warning: $gone/argocd-apps/doma holds Applications of no site in helm-panda.yaml \(a removed site\?\): left as they are; --prune-sites removes them$" \
    "the gone site is named in a warning"
[ -f "$gone/argocd-apps/doma/doma-apps.yaml" ] && ok "without --prune-sites the gone site's files stay" ||
    not_ok "without --prune-sites the gone site's files stay"
run helm panda gitops -C "$gone" --all-sites --check "$gone/argocd-apps"
expect_rc 0 "--check without --prune-sites: nothing would change"
run helm panda gitops -C "$gone" --all-sites --prune-sites --check "$gone/argocd-apps"
expect_rc 1 "--prune-sites --check with a site gone exits 1"
expect_out "^--- $gone/argocd-apps/doma/doma-apps.yaml$" "--check shows the gone site's parent going"
expect_out "^--- $gone/argocd-apps/doma/apps/panda-idds.yaml$" "--check shows the gone site's Applications going"
grep -q "atlas-testbed" "$T/out" && not_ok "--check: the remaining site unchanged" || ok "--check: the remaining site unchanged"
run helm panda gitops -C "$gone" --all-sites --prune-sites -o "$gone/argocd-apps"
expect_rc 0 "--prune-sites -o with a site gone"
expect_out "^removed $gone/argocd-apps/doma/apps/panda-idds.yaml \(its site is no longer in helm-panda.yaml\)$" \
    "the gone site's Applications are removed, each named"
expect_out "^removed $gone/argocd-apps/doma/$" "the gone site's folder is removed"
[ ! -e "$gone/argocd-apps/doma" ] && ok "no doma folder left" || not_ok "no doma folder left"
diff -r "$expected/atlas-testbed" "$gone/argocd-apps/atlas-testbed" >/dev/null && ok "the remaining site untouched" ||
    not_ok "the remaining site untouched"
run helm panda gitops -C "$gone" --all-sites --prune-sites --check "$gone/argocd-apps"
expect_rc 0 "--check after the removal exits 0"
run helm panda gitops -C "$gone" --prune-sites -o "$gone/x"
expect_rc 2 "--prune-sites without --all-sites: usage error"
# not ours: stays, and its folder with it
cp "$ROOT/testdata/sites/helm-panda.yaml" "$gone/helm-panda.yaml"
run helm panda gitops -C "$gone" --all-sites -o "$gone/argocd-apps" -q
printf 'kind: ConfigMap # hand-written\n' >"$gone/argocd-apps/doma/apps/mine.yaml"
sed -n '1,42p' "$ROOT/testdata/sites/helm-panda.yaml" >"$gone/helm-panda.yaml"
run helm panda gitops -C "$gone" --all-sites --prune-sites -o "$gone/argocd-apps"
expect_rc 0 "--prune-sites with a gone site holding a file not ours"
[ -f "$gone/argocd-apps/doma/apps/mine.yaml" ] && [ ! -e "$gone/argocd-apps/doma/doma-apps.yaml" ] &&
    ok "a file not ours stays, ours go" || not_ok "a file not ours stays, ours go"
# a renamed parent: --site atlas-testbed with another --name leaves no old parent beside apps/
run helm panda gitops -C "$gone" --site atlas-testbed --name renamed-apps -o "$gone/argocd-apps/atlas-testbed"
expect_rc 0 "a renamed parent"
expect_out "^removed $gone/argocd-apps/atlas-testbed/atlas-testbed-apps.yaml \(no longer in the plan\)$" \
    "the old parent beside apps/ is removed"
