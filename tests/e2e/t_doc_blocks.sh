# The docs' command blocks that need a cluster (issue 25): every fenced block of README.md and
# docs/*.md marked `<!-- run: tests/e2e/t_doc_blocks.sh -->` (scripts/doc-blocks.py extract;
# pages added later are picked up the same way) runs with bash -e, in page order, in a world
# made for the docs: the current folder holds panda-k8s/ (testdata/deploy with the e2e
# workload; also PANDA_K8S_DIR, for blocks that do not cd into it),
# HOME has an age key in SOPS' default place, helm's namespace (HELM_NAMESPACE, and
# `-n panda` in the text) is a fresh one, and helm-diff's GitHub URL is the local helm-diff.
# Each page starts from a fresh world. A block that fails fails the test, naming page and line.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns docs) || exit 1
python3 "$ROOT/scripts/doc-blocks.py" extract tests/e2e/t_doc_blocks.sh >"$T/blocks.json" ||
    { not_ok "doc-blocks.py extract"; exit 1; }
py 'import json, sys
for i, b in enumerate(json.load(open(sys.argv[1]))):
    open("%s/block.%03d" % (sys.argv[2], i), "w").write(b["text"])
    print("%03d %s %s" % (i, b["page"], b["line"]))' "$T/blocks.json" "$T" >"$T/index"
[ -s "$T/index" ] && ok "$(wc -l <"$T/index") blocks marked for this test" || { not_ok "no block marked for t_doc_blocks"; exit 1; }
helm panda secrets keygen -o "$HOME/.config/sops/age/keys.txt" >/dev/null || not_ok "age key"
page_done=""
while read -r i page line; do
    if [ "$page" != "$page_done" ]; then # a fresh world per page
        world=$T/world-${page//\//-}
        mkdir -p "$world" && deploy_copy "$world/panda-k8s"
        page_done=$page
    fi
    sed -i -e "s# -n panda # -n $ns #g" -e "s#https://github.com/databus23/helm-diff#$HELM_DIFF_PLUGIN#g" "$T/block.$i"
    (cd "$world" && HELM_NAMESPACE=$ns PANDA_K8S_DIR=$world/panda-k8s bash -e "$T/block.$i") >"$T/out" 2>"$T/err"
    RC=$?
    expect_rc 0 "$page:$line runs"
done <"$T/index"
