# The docs as a newcomer reads them (issue 25): every fenced code block of README.md and of
# whatever docs/*.md pages exist is run by a named test or says why not (scripts/doc-blocks.py
# check; the not-run ones are listed here), the README's command list is what `helm panda
# --help` prints, every command's --help ends with its page (which exists, with the anchor),
# and the README stays a page a newcomer reads (at most 250 lines).
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
need_tools python3
run python3 "$ROOT/scripts/doc-blocks.py" check
expect_rc 0 "every code block of README.md and docs/*.md is run by a test or marked not run"
while IFS= read -r line; do
    ok "listed: $line"
done <"$T/out"
cp "$T/out" "$T/notrun"

# the command list: the README's block marked for this test = helm panda --help's Commands
python3 "$ROOT/scripts/doc-blocks.py" extract tests/integration/t_docs.sh >"$T/blocks.json"
python3 -c 'import json, sys; print("".join(b["text"] for b in json.load(open(sys.argv[1]))), end="")' \
    "$T/blocks.json" >"$T/want"
helm panda --help | sed -n '/^Commands:$/,/^$/p' | sed '1d;$d' >"$T/got"
[ -s "$T/want" ] && cmp -s "$T/want" "$T/got" && ok "the README's command list is helm panda --help's" ||
    { not_ok "the README's command list differs from helm panda --help:"; diff "$T/want" "$T/got"; }

# each command's --help ends with "Docs: PAGE[#ANCHOR]"; the page exists and has the heading
anchors() { # GitHub's heading ids of a page
    awk '/^```/{f=!f} !f && /^#+ /' "$1" | sed -E 's/^#+ //' | tr 'A-Z' 'a-z' |
        sed -E 's/[^a-z0-9 _-]//g; s/ /-/g'
}
cmds="install upgrade template uninstall diff apply status gitops version env secrets"
for s in keygen encrypt decrypt edit view rotate updatekeys install upgrade template diff; do cmds="$cmds secrets_$s"; done
bad=0
for c in "" $cmds; do
    # shellcheck disable=SC2086
    last=$(helm panda $(echo "$c" | tr _ ' ') --help 2>&1 | tail -n1)
    page=${last#Docs: }
    file=${page%%#*}
    anchor=""
    case $page in *'#'*) anchor=${page#*#} ;; esac
    if [ "$last" = "$page" ] || [ ! -f "$ROOT/$file" ]; then
        not_ok "helm panda $(echo "$c" | tr _ " ") --help ends with '$last', not 'Docs: <an existing page>'"
        bad=1
    elif [ -n "$anchor" ] && ! anchors "$ROOT/$file" | grep -qx -- "$anchor"; then
        not_ok "helm panda $(echo "$c" | tr _ " ") --help: $file has no heading #$anchor"
        bad=1
    fi
done
[ $bad = 0 ] && ok "every command's --help ends with 'Docs: <page>' of an existing page and heading"

n=$(wc -l <"$ROOT/README.md")
[ "$n" -le 250 ] && ok "README.md has $n lines (at most 250)" || not_ok "README.md has $n lines, more than 250"

# scripts/fresh-machine-check.sh runs the README's first two fenced blocks verbatim, and .ci/run
# the second: the first sets up the build and the demo only, the second the tests
awk '/^```/ { if (inb) { inb = 0; n++; if (n == 2) exit; next } inb = 1; next }
     inb { print > (out "." n + 1) }' out="$T/block" "$ROOT/README.md"
[ "$(cat "$T/block.1" 2>/dev/null)" = "./scripts/deps.sh && make && make demo" ] &&
    ok "the README's first block: ./scripts/deps.sh && make && make demo" ||
    not_ok "the README's first block is '$(cat "$T/block.1" 2>/dev/null)'"
[ -s "$T/block.2" ] && [ "$(tail -n1 "$ROOT/.ci/run")" = "$(cat "$T/block.2")" ] &&
    ok ".ci/run runs the README's second block: $(cat "$T/block.2")" ||
    not_ok ".ci/run's last line '$(tail -n1 "$ROOT/.ci/run")' is not the README's second block"
