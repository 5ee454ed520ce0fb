# helm panda gitops on testdata/deploy, through real helm: the Applications carry install's plan
# (checked against `install --dry-run -o json`), parse with helm's own Go YAML reader, render
# with plain `helm template` exactly as `helm panda template` does, and re-runs change nothing.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1

site=$T/site
cp -r "$ROOT/testdata/deploy" "$site"
git -C "$site" init -q -b lsst-prod
git -C "$site" remote add origin https://example.org/panda/site.git
out=$site/argocd-apps/lsst
flags="-e lsst -d panda.jedi --set replicas=3,image=example/activemq"

# shellcheck disable=SC2086
run helm -n panda panda gitops -C "$site" $flags -o "$out"
expect_rc 0 "gitops -o DIR"
n=$(ls "$out"/apps/*.yaml 2>/dev/null | wc -l)
[ "$n" -eq 6 ] && ok "one Application per release (6)" || { not_ok "one Application per release ($n)"; show; }
[ -f "$out/test-panda-apps.yaml" ] && ok "the parent Application" || not_ok "the parent Application"
grep -q '^    path: argocd-apps/lsst/apps$' "$out/test-panda-apps.yaml" && ok "parent points at the children" ||
    not_ok "parent points at the children"
grep -q '^    targetRevision: lsst-prod$' "$out/apps/test-panda.yaml" && ok "revision = current branch" ||
    not_ok "revision = current branch"
grep -q '^    repoURL: https://example.org/panda/site.git$' "$out/apps/test-panda.yaml" && ok "repoURL = origin" ||
    not_ok "repoURL = origin"

# a second run writes nothing and leaves the same bytes
cp -r "$out" "$T/first"
# shellcheck disable=SC2086
run helm -n panda panda gitops -C "$site" $flags -o "$out"
expect_rc 0 "gitops again"
[ ! -s "$T/out" ] && ok "second run writes no file" || { not_ok "second run writes no file"; show; }
diff -r "$T/first" "$out" >/dev/null && ok "second run is byte-identical" || not_ok "second run is byte-identical"

# stdout = the same documents, in plan order, with paths as for the default -o
# shellcheck disable=SC2086
run helm -n panda panda gitops -C "$site" $flags
expect_rc 0 "gitops to stdout"
cp "$T/out" "$T/stream.yaml"
# shellcheck disable=SC2086
run helm -n panda panda gitops -C "$site" $flags -o "$site/argocd-apps/test-panda-apps"
: >"$T/files.yaml"
for r in msgsvc iam panda harvester idds bigmon; do
    cat "$site/argocd-apps/test-panda-apps/apps/test-$r.yaml" >>"$T/files.yaml"
    echo --- >>"$T/files.yaml"
done
cat "$site/argocd-apps/test-panda-apps/test-panda-apps.yaml" >>"$T/files.yaml"
cmp -s "$T/stream.yaml" "$T/files.yaml" && ok "stdout equals the files, in plan order" ||
    not_ok "stdout equals the files, in plan order"

# Read every Application with helm's own YAML reader (Go, as Argo CD and Kubernetes)
. "$ROOT/tests/integration/apps_lib.sh"
if apps_read "$out"/apps/*.yaml; then
    ok "helm reads every Application"
else
    not_ok "helm reads every Application"
    head -20 "$T/apps.out"
fi
apps_json_dir "$T/json"

# shellcheck disable=SC2086
run helm -n panda panda install --dry-run -o json -C "$site" $flags
expect_rc 0 "install --dry-run -o json"
cp "$T/out" "$T/plan.json"
run node "$ROOT/tests/integration/gitops_check.js" "$T/plan.json" "$site" "$T/json"
expect_rc 0 "Applications = install's plan: names, chart paths, valueFiles, parameters, waves after needs"
cp "$T/out" "$T/argo-argv"

# helm template of each Application's source, as Argo CD runs it, equals helm panda template
# of that release
# shellcheck disable=SC2086
apps_same_as_template "" "$T/argo-argv" -n panda panda template -q -C "$site" $flags
[ "$apps_same" -eq 6 ] && ok "helm template of each Application's source = helm panda template of its release (6)" ||
    not_ok "helm template of each Application's source = helm panda template of its release ($apps_same of 6)"

# dropping a component removes its Application from the folder
# shellcheck disable=SC2086
run helm -n panda panda gitops -C "$site" $flags -d bigmon -o "$out"
expect_rc 0 "gitops -d bigmon"
expect_out "^removed .*/apps/test-bigmon.yaml" "the stale Application is removed"
[ ! -e "$out/apps/test-bigmon.yaml" ] && ok "test-bigmon.yaml is gone" || not_ok "test-bigmon.yaml is gone"

# errors, as for install: one line, exit 2, nothing written
run helm panda gitops -C "$site" -c nosuch -o "$T/none"
expect_rc 2 "unknown component exits 2"
expect_err "^helm-panda: error: .*nosuch" "unknown component is named"
[ ! -e "$T/none" ] && ok "nothing written on error" || not_ok "nothing written on error"

run helm panda gitops -C "$site" -o "$site/README.md/apps"
expect_rc 1 "an output folder that cannot be made exits 1"
expect_err "^helm-panda: error: $site/README.md: cannot create the folder" "the folder in the way is named"

mv "$site/helm/idds/Chart.yaml" "$T/idds-Chart.yaml"
run helm panda gitops -C "$site" -o "$T/none"
expect_rc 2 "a missing chart exits 2"
expect_err "^helm-panda: error: .*idds" "the missing chart is named"
[ ! -e "$T/none" ] && ok "nothing written for a missing chart" || not_ok "nothing written for a missing chart"
mv "$T/idds-Chart.yaml" "$site/helm/idds/Chart.yaml"

git -C "$site" remote remove origin
run helm panda gitops -C "$site"
expect_rc 2 "no origin exits 2"
expect_err "^helm-panda: error: $site: the git repository has no remote 'origin': pass --repo URL$" \
    "no origin says to pass --repo"
run helm panda gitops -C "$site" --repo https://example.org/other.git
expect_rc 0 "--repo replaces origin"
expect_out '^    repoURL: https://example.org/other.git$' "--repo is the repoURL"

# a real SOPS file (made by sops 3.7.1, from helm-secrets' tests) as bigmon's values-vault.yaml
cp "$ROOT/testdata/sops/secrets.age.yaml" "$site/helm/bigmon/values/values-vault.yaml"
run helm panda gitops -C "$site" --repo https://example.org/x.git -e vault -o "$T/none"
expect_rc 2 "a SOPS values file exits 2"
expect_err "values-vault.yaml: a SOPS-encrypted values file \(release test-bigmon\)" "the SOPS file is named"
[ ! -e "$T/none" ] && ok "nothing written for a SOPS file" || not_ok "nothing written for a SOPS file"
run helm panda gitops -C "$site" --repo https://example.org/x.git -e vault --allow-secrets sops
expect_rc 0 "--allow-secrets sops"
expect_out '^      - sops://values/values-vault.yaml$' "the SOPS file goes through the sops:// downloader"

run helm panda gitops -C "$site" --repo https://example.org/x.git --sync manual
expect_rc 0 "--sync manual"
grep -q syncPolicy "$T/out" && not_ok "--sync manual has no syncPolicy" || ok "--sync manual has no syncPolicy"
run helm panda gitops -C "$site" --sync sometimes
expect_rc 2 "--sync with a bad value exits 2"

# gitops writes only its own files (issue 23): a file in the output folder without our header is
# never replaced: one line naming it, exit 2, nothing written at all (not even the other files);
# --check still shows the diff against it (adopting a site starts there) and says -o would stop
own=$site/own
g() { run helm panda gitops -C "$site" --repo https://example.org/x.git "$@"; }
# one line of ours on stderr (helm adds its own "Error: plugin ... exited with error")
one_line() { [ "$(grep -c '^helm-panda:' "$T/err")" -eq 1 ] && ok "$1" || { not_ok "$1"; show; }; }
mkdir -p "$own"
echo "# the site's own parent, written by hand" >"$own/panda.yaml"
cp "$own/panda.yaml" "$T/hand.yaml"
g --name panda -o "$own"
expect_rc 2 "a hand-written file where the parent goes exits 2"
expect_err "^helm-panda: error: $own/panda.yaml was not written by helm panda gitops \(no generated-file header\): refusing to replace it with the Application 'panda'" \
    "the hand-written file is named"
one_line "in one line"
cmp -s "$T/hand.yaml" "$own/panda.yaml" && ok "the hand-written parent is untouched" || not_ok "the hand-written parent is untouched"
[ ! -e "$own/apps" ] && ok "nothing else written" || { not_ok "nothing else written"; ls -R "$own"; }
g --name panda --check "$own"
expect_rc 1 "--check over a hand-written file exits 1"
expect_err "^helm-panda: warning: $own/panda.yaml was not written by helm panda gitops .*: -o would stop here, writing nothing$" \
    "--check says -o would stop"
expect_out "^-# the site's own parent, written by hand$" "--check shows the diff against the hand-written file"
# under apps/: the same, also for a link (we write plain files) to a file of ours
mkdir -p "$own/apps"
echo "kind: Application # by hand" >"$own/apps/test-msgsvc.yaml"
g -o "$own"
expect_rc 2 "a hand-written child file exits 2"
expect_err "$own/apps/test-msgsvc.yaml was not written by helm panda gitops" "the hand-written child file is named"
[ ! -e "$own/test-panda-apps.yaml" ] && ok "no parent written beside a refused child" || not_ok "no parent written beside a refused child"
rm "$own/apps/test-msgsvc.yaml"
g -o "$site/ours"
ln -s "$site/ours/apps/test-msgsvc.yaml" "$own/apps/test-msgsvc.yaml"
g -o "$own"
expect_rc 2 "a link where a child goes exits 2"
expect_err "$own/apps/test-msgsvc.yaml was not written by helm panda gitops \(a symbolic link\)" "the link is named as one"
[ -L "$own/apps/test-msgsvc.yaml" ] && ok "the link stays" || not_ok "the link stays"
rm "$own/apps/test-msgsvc.yaml" "$own/panda.yaml"
g -o "$own"
expect_rc 0 "once the hand-written files are gone, gitops writes"

# a parent named like a child: two Applications 'test-panda' in argocd, the child would replace
# its own parent; refused before anything is written
g --name test-panda -o "$site/clash"
expect_rc 2 "a parent named like a child exits 2"
expect_err "^helm-panda: error: the parent Application 'test-panda' has the name of release test-panda's Application \(both in namespace argocd\)" \
    "the clash is named"
one_line "in one line"
[ ! -e "$site/clash" ] && ok "nothing written for a clash" || not_ok "nothing written for a clash"
g --name test-panda
expect_rc 2 "the clash is refused on stdout too"
