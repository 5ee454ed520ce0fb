# The README's quickstart, as written (issue 25): the blocks marked for this test
# (scripts/doc-blocks.py extract) run in order in one bash -e session from the repository, with
# a fresh HOME and namespace panda replaced by a fresh one; each `output:` block is compared
# with what the `run:` block before it printed (stdout and stderr), HOME shown as /root (the
# README's machine) and the status table's UPDATED times left out.
. "$HP_ROOT/tests/e2e/lib.sh"
install_plugin || exit 1
ns=$(new_ns quick) || exit 1
python3 "$ROOT/scripts/doc-blocks.py" extract tests/e2e/t_quickstart.sh >"$T/blocks.json" ||
    { not_ok "doc-blocks.py extract"; exit 1; }
n=$(py 'import json, sys; print(len(json.load(open(sys.argv[1]))))' "$T/blocks.json")
[ "$n" -ge 3 ] && ok "the quickstart's $n blocks found in the docs" || { not_ok "quickstart blocks: $n"; exit 1; }
# the session: before each run block, its output goes to its own file; output blocks to expected files
py 'import json, sys
blocks = json.load(open(sys.argv[1]))
t, ns = sys.argv[2], sys.argv[3]
script = ["set -e", "cd \"$HP_ROOT\""]
last = None
for i, b in enumerate(blocks):
    if b["kind"] == "run":
        last = i
        script.append("exec >%s/got.%d 2>&1" % (t, i))
        script.append(b["text"].replace(" -n panda ", " -n %s " % ns))
    elif last is not None:
        open("%s/want.%d" % (t, last), "w").write(b["text"])
open(t + "/quickstart.sh", "w").write("\n".join(script) + "\n")' "$T/blocks.json" "$T" "$ns"
run env HP_ROOT="$ROOT" bash -e "$T/quickstart.sh"
expect_rc 0 "the quickstart runs to its end (install and status on the cluster)"
# what the README shows: HOME as /root, helm's own closing error line as printed, no UPDATED times
norm() { sed -e "s#$HOME#/root#g" -e 's/ *[0-9]\{4\}-[0-9][0-9]-[0-9][0-9]T[0-9:.]*Z *$//' "$1"; }
for want in "$T"/want.*; do
    [ -e "$want" ] || continue
    i=${want##*.}
    if diff <(norm "$want") <(norm "$T/got.$i") >"$T/diff.$i"; then
        ok "block $i prints what the README shows"
    else
        not_ok "block $i prints other than the README shows:"
        cat "$T/diff.$i"
    fi
done
