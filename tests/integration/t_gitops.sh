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
n_same=0
while IFS= read -r line; do
    IFS=$(printf '\t') read -r -a argv <<<"$line"
    component=${argv[0]}
    helm "${argv[@]:1}" >"$T/argo.yaml" 2>"$T/argo.err" || { not_ok "helm ${argv[*]:1}"; cat "$T/argo.err"; }
    # shellcheck disable=SC2086
    run helm -n panda panda template -q -C "$site" $flags -c "$component"
    if [ "$RC" -eq 0 ] && grep -q '^kind:' "$T/argo.yaml" && cmp -s "$T/out" "$T/argo.yaml"; then
        n_same=$((n_same + 1))
    else
        not_ok "helm template of Application ${argv[2]} = helm panda template -c $component"
        diff "$T/out" "$T/argo.yaml" | head -20
    fi
done <"$T/argo-argv"
[ "$n_same" -eq 6 ] && ok "helm template of each Application's source = helm panda template of its release (6)" ||
    not_ok "helm template of each Application's source = helm panda template of its release ($n_same of 6)"

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
