# The docs' command blocks that need no cluster (issue 25): every fenced block of README.md and
# docs/*.md marked `<!-- run: tests/integration/t_doc_blocks.sh -->` (scripts/doc-blocks.py
# extract; pages added later are picked up the same way) runs with bash -e, in page order, in a
# world made for the docs, fresh for each page: the current folder holds panda-k8s/ (a copy of
# testdata/panda-k8s), small files tls.key, token and x, keys.txt (a link to the key
# `secrets keygen` writes to SOPS' default place), a fresh HOME with an ed25519 ssh key in
# ~/.ssh; `age1...` in a block stands for the recipient of the key in SOPS' default place.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
need_tools python3 ssh-keygen
python3 "$ROOT/scripts/doc-blocks.py" extract tests/integration/t_doc_blocks.sh >"$T/blocks.json" ||
    { not_ok "doc-blocks.py extract"; exit 1; }
python3 -c 'import json, sys
for i, b in enumerate(json.load(open(sys.argv[1]))):
    open("%s/block.%03d" % (sys.argv[2], i), "w").write(b["text"])
    print("%03d %s %s" % (i, b["page"], b["line"]))' "$T/blocks.json" "$T" >"$T/index"
[ -s "$T/index" ] && ok "$(wc -l <"$T/index") blocks marked for this test" || { not_ok "no block marked for t_doc_blocks"; exit 1; }
keys=$HOME/.config/sops/age/keys.txt
recipient='$(sed -n "s/^# public key: //p" ~/.config/sops/age/keys.txt)'
page_done=""
while read -r i page line; do
    if [ "$page" != "$page_done" ]; then
        world=$T/world-${page//\//-}
        rm -rf "$HOME" && mkdir -p "$HOME/.ssh" "$world"
        ssh-keygen -q -t ed25519 -N "" -f "$HOME/.ssh/id_ed25519"
        cp -rL "$ROOT/testdata/panda-k8s" "$world/panda-k8s"
        printf 'fake tls key\n' >"$world/tls.key"
        printf 'fake token\n' >"$world/token"
        printf 'x\n' >"$world/x"
        ln -s "$keys" "$world/keys.txt"
        page_done=$page
    fi
    sed -i "s|age1\.\.\.|\"$recipient\"|g" "$T/block.$i"
    (cd "$world" && bash -e "$T/block.$i") >"$T/out" 2>"$T/err"
    RC=$?
    expect_rc 0 "$page:$line runs"
done <"$T/index"
