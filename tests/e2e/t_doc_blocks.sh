# The docs' command blocks that need a cluster (issue 25): every fenced block of README.md and
# docs/*.md marked `<!-- run: tests/e2e/t_doc_blocks.sh -->` (scripts/doc-blocks.py extract;
# pages added later are picked up the same way) runs with bash -e, in page order, in a world
# made for the docs: the current folder holds panda-k8s/ (testdata/deploy with the testdata/sites
# overlay and the e2e workload, a git repository with an origin and a committer, as a site
# repository is; also PANDA_K8S_DIR, for blocks that do not cd into it),
# HOME has an age key in SOPS' default place, helm's namespace (HELM_NAMESPACE, and
# `-n panda` in the text) is a fresh one, and helm-diff's GitHub URL is the local helm-diff.
# The cluster has Argo CD's Application CRD and the namespace argocd (both kept, cluster-wide, as
# t_argocd keeps the CRD): `kubectl apply -n argocd` of what gitops writes creates the objects.
# The world is also a checkout: scripts/ and testdata/ link to the repository's. `/tmp/kc` in a block
# (a control plane of its own, scripts/e2e-cluster.sh) is a folder of the world, stopped after
# the block whatever its end.
# A block marked `<!-- output: tests/e2e/t_doc_blocks.sh $ CMD -->` is what CMD prints (stdout),
# run with bash -e in the page's world after the blocks before it, the status table's UPDATED times
# left out of both.
# Each page starts from a fresh world. A block that fails fails the test, naming page and line.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns docs) || exit 1
python3 "$ROOT/scripts/doc-blocks.py" extract tests/e2e/t_doc_blocks.sh >"$T/blocks.json" ||
    { not_ok "doc-blocks.py extract"; exit 1; }
py 'import json, sys
for i, b in enumerate(json.load(open(sys.argv[1]))):
    open("%s/block.%03d" % (sys.argv[2], i), "w").write(b["text"])
    print("%03d %s %s %s %s" % (i, b["page"], b["line"], b["kind"], b["arg"]))' "$T/blocks.json" "$T" >"$T/index"
[ -s "$T/index" ] && ok "$(wc -l <"$T/index") blocks marked for this test" || { not_ok "no block marked for t_doc_blocks"; exit 1; }
helm panda secrets keygen -o "$HOME/.config/sops/age/keys.txt" >/dev/null || not_ok "age key"
argocd_crd || exit 1
kubectl create namespace argocd >/dev/null 2>"$T/ns.err" || grep -q AlreadyExists "$T/ns.err" ||
    { not_ok "create namespace argocd: $(head -c 300 "$T/ns.err")"; exit 1; }
page_done=""
norm() { sed -e 's/ *[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:.]*Z *$//' "$1"; }
while read -r i page line kind arg; do
    if [ "$page" != "$page_done" ]; then # a fresh world per page
        world=$T/world-${page//\//-}
        mkdir -p "$world" && deploy_copy "$world/panda-k8s"
        cp -r "$ROOT/testdata/sites/." "$world/panda-k8s/"
        cp "$ROOT/tests/e2e/fixtures/workload.yaml" "$world/panda-k8s/helm/ui/templates/e2e-workload.yaml"
        [ -z "${HP_E2E_IMAGE:-}" ] || printf 'e2e:\n  image: %s\n' "$HP_E2E_IMAGE" >>"$world/panda-k8s/helm/ui/values.yaml"
        ln -s "$ROOT/scripts" "$world/scripts" && ln -s "$ROOT/testdata" "$world/testdata"
        git -C "$world/panda-k8s" init -q -b main
        git -C "$world/panda-k8s" remote add origin https://example.org/panda/site.git
        git -C "$world/panda-k8s" config user.name "docs" && git -C "$world/panda-k8s" config user.email docs@example.org
        page_done=$page
    fi
    if [ "$kind" = output ]; then
        case $arg in "\$ "?*) ;; *) not_ok "$page:$line: an output block needs '\$ CMD'"; continue ;; esac
        printf '%s\n' "${arg#\$ }" >"$T/cmd.$i"
        (cd "$world" && HELM_NAMESPACE=$ns PANDA_K8S_DIR=$world/panda-k8s bash -e "$T/cmd.$i") </dev/null >"$T/out" 2>"$T/err"
        RC=$?
        expect_rc 0 "$page:$line's command runs: ${arg#\$ }"
        if diff <(norm "$T/block.$i") <(norm "$T/out") >"$T/diff"; then
            ok "$page:$line shows what it prints"
        else
            not_ok "$page:$line shows other than it prints:"
            cat "$T/diff"
        fi
        continue
    fi
    sed -i -e "s# -n panda # -n $ns #g" -e "s#https://github.com/databus23/helm-diff#$HELM_DIFF_PLUGIN#g" \
        -e "s#/tmp/kc#$world/kc#g" "$T/block.$i"
    (cd "$world" && HELM_NAMESPACE=$ns PANDA_K8S_DIR=$world/panda-k8s bash -e "$T/block.$i") </dev/null >"$T/out" 2>"$T/err"
    RC=$?
    [ ! -d "$world/kc" ] || "$ROOT/scripts/e2e-cluster.sh" stop "$world/kc" >/dev/null 2>&1
    expect_rc 0 "$page:$line runs"
done <"$T/index"
