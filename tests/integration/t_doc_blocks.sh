# The docs' command blocks that need no cluster (issue 25): every fenced block of README.md and
# docs/*.md marked `<!-- run: tests/integration/t_doc_blocks.sh -->` (scripts/doc-blocks.py
# extract; pages added later are picked up the same way) runs with bash -e, in page order, in a
# world made for the docs, fresh for each page: the current folder holds panda-k8s/ (a copy of
# testdata/panda-k8s, with docs/secrets.md's .sops.yaml rule, secrets/files/cric.json and x), small
# files tls.key, token and x, keys.txt (a link to the key `secrets keygen` writes to SOPS' default
# place), a fresh HOME with an ed25519 ssh key in ~/.ssh; `age1...` in a block or in that
# .sops.yaml stands for the recipient of the key in SOPS' default place (once a block made it).
# `vim` is an editor that needs no terminal: it appends a comment line to the file it is given.
# A block marked `<!-- output: tests/integration/t_doc_blocks.sh yaml=FILE ... -->` shows a file of
# the repository with comments for the reader: parsed as YAML, it must equal FILE parsed.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
need_tools python3 ssh-keygen
python3 -c 'import yaml' 2>/dev/null || { not_ok "python3 cannot import yaml (Debian: python3-yaml)"; exit 1; }
python3 "$ROOT/scripts/doc-blocks.py" extract tests/integration/t_doc_blocks.sh >"$T/blocks.json" ||
    { not_ok "doc-blocks.py extract"; exit 1; }
python3 -c 'import json, sys
for i, b in enumerate(json.load(open(sys.argv[1]))):
    open("%s/block.%03d" % (sys.argv[2], i), "w").write(b["text"])
    print("%03d %s %s %s %s" % (i, b["page"], b["line"], b["kind"], b["arg"]))' "$T/blocks.json" "$T" >"$T/index"
[ -s "$T/index" ] && ok "$(wc -l <"$T/index") blocks marked for this test" || { not_ok "no block marked for t_doc_blocks"; exit 1; }
keys=$HOME/.config/sops/age/keys.txt
recipient='$(sed -n "s/^# public key: //p" ~/.config/sops/age/keys.txt)'
mkdir -p "$T/docbin"
printf '#!/bin/sh\nprintf "# edited\\n" >>"$1"\n' >"$T/docbin/vim" && chmod +x "$T/docbin/vim"
page_done=""
while read -r i page line kind arg; do
    if [ "$kind" = output ]; then
        file=${arg%% *}
        case $file in yaml=?*) file=${file#yaml=} ;; *) not_ok "$page:$line: an output block needs yaml=FILE"; continue ;; esac
        run python3 -c 'import sys, yaml
sys.exit(yaml.safe_load(open(sys.argv[1])) != yaml.safe_load(open(sys.argv[2])))' "$T/block.$i" "$ROOT/$file"
        expect_rc 0 "$page:$line, as YAML, equals $file"
        continue
    fi
    if [ "$page" != "$page_done" ]; then
        world=$T/world-${page//\//-}
        rm -rf "$HOME" && mkdir -p "$HOME/.ssh" "$world"
        ssh-keygen -q -t ed25519 -N "" -f "$HOME/.ssh/id_ed25519"
        cp -rL "$ROOT/testdata/panda-k8s" "$world/panda-k8s"
        printf 'fake tls key\n' >"$world/tls.key"
        printf 'fake token\n' >"$world/token"
        printf 'x\n' >"$world/x"
        ln -s "$keys" "$world/keys.txt"
        mkdir -p "$world/panda-k8s/secrets/files"
        printf '{"fake": "cric"}\n' >"$world/panda-k8s/secrets/files/cric.json"
        printf 'x\n' >"$world/panda-k8s/x"
        printf 'creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    encrypted_regex: %s\n    age: age1...\n' \
            '^.*([Pp]asswd|[Pp]assword|[Ss]ecret|[Tt]oken|[Kk]ey|_ids?)$' >"$world/panda-k8s/.sops.yaml"
        page_done=$page
    fi
    sed -i "s|age1\.\.\.|\"$recipient\"|g" "$T/block.$i"
    [ -e "$keys" ] && sed -i "s|age1\.\.\.|$(sed -n 's/^# public key: //p' "$keys")|" "$world/panda-k8s/.sops.yaml"
    (cd "$world" && PATH=$T/docbin:$PATH bash -e "$T/block.$i") </dev/null >"$T/out" 2>"$T/err"
    RC=$?
    expect_rc 0 "$page:$line runs"
done <"$T/index"
