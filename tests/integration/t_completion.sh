# Shell completion through real helm: helm's hidden `__complete` entry (what every shell script
# helm generates calls on TAB) must return our sub-commands and flags (completion.yaml) and the
# deployment tree's components, sub-components and experiments (plugin.complete); then the
# same through a real bash with helm's own bash completion script. completion.yaml is checked
# against each command's --help, so it cannot drift from the real flags.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
deploy=$ROOT/testdata/deploy

# comp WORDS...: asks helm what TAB offers after `helm WORDS...` (the last word is the one
# being completed); $T/cands gets the candidates (descriptions cut), $T/dir the directive.
comp() {
    run helm __complete "$@"
    grep -v '^Completion ended' "$T/out" | grep -v '^:' | cut -f1 | sort >"$T/cands"
    grep '^:' "$T/out" | tail -1 >"$T/dir"
}
# expect_cands "a b c" DESC: exactly these candidates, in any order
expect_cands() {
    printf '%s\n' $1 | sort >"$T/want"
    if [ -z "$1" ]; then : >"$T/want"; fi
    if cmp -s "$T/want" "$T/cands"; then ok "$2"; else
        not_ok "$2 (got: $(tr '\n' ' ' <"$T/cands"), wanted: $1)"
        show
    fi
}
expect_dir() {
    if [ "$(cat "$T/dir")" = ":$1" ]; then ok "$2"; else not_ok "$2 (directive $(cat "$T/dir"), wanted :$1)"; fi
}
has_cand() { grep -qx -- "$1" "$T/cands" && ok "$2" || { not_ok "$2 (no $1 among $(tr '\n' ' ' <"$T/cands"))"; }; }

# --- static: completion.yaml -------------------------------------------------------------
comp panda ""
expect_cands "apply diff env gitops history install rollback secrets status template uninstall upgrade version" \
    "helm __complete panda: every visible sub-command, no hidden ones"
comp panda secrets ""
expect_cands "decrypt diff edit encrypt install keygen rotate template updatekeys upgrade view" \
    "helm __complete panda secrets: every secrets sub-command"
comp panda install --
for f in --affix --experiment --enable --disable --root --template --parallel --dry-run --keep-going; do
    has_cand "$f" "install flags include $f"
done
comp panda install -
has_cand -c "install short flags include -c"
has_cand -C "install short flags include -C"

# completion.yaml lists the same commands as --help, and, for every command that is built, the
# same flags (short and long paired as in --help): it is the one list helm completes from.
yaml_cmds() { # the command paths completion.yaml declares, one per line: "install", "secrets decrypt"
    awk '/^  - name:/ { top = $3; print top } /^      - name:/ { print top " " $3 }' "$ROOT/completion.yaml"
}
yaml_flags() { # yaml_flags "secrets decrypt": its flags as "s/long" pairs and "-/long", sorted
    awk -v want="$1" '
        /^  - name:/ { top = $3; path = top }
        /^      - name:/ { path = top " " $3 }
        /^ *flags:/ && path == want {
            sub(/^ *flags: *\[/, ""); sub(/\] *$/, ""); gsub(/[ "]/, "")
            n = split($0, f, ",")
            ns = 0; nl = 0
            for (i = 1; i <= n; i++) if (length(f[i]) == 1) s[++ns] = f[i]; else l[++nl] = f[i]
            for (i = 1; i <= nl; i++) print (i <= ns ? s[i] : "-") "/" l[i]
        }' "$ROOT/completion.yaml" | sort
}
help_flags() { # help_flags FILE: the flags a --help text lists, in the same form
    sed -n '/^Flags:/,/^$/p' "$1" | grep -E '^  (-[A-Za-z], |    )--' | grep -v -- '--help' |
        sed -E 's/^  (-([A-Za-z]), |    )--([a-z0-9-]+).*/\2\/\3/; s/^\//-\//' | sort
}
run "$HP_BIN" --help
sed -n '/^Commands:/,/^$/p' "$T/out" | awk 'NF > 1 { print $1 }' | sort >"$T/help-cmds"
run "$HP_BIN" secrets --help
sed -n '/^Commands:/,/^$/p' "$T/out" | awk 'NF > 1 { print "secrets " $1 }' | sort >>"$T/help-cmds"
sort -o "$T/help-cmds" "$T/help-cmds"
yaml_cmds | sort >"$T/yaml-cmds"
grep -vx secrets "$T/yaml-cmds" >"$T/yaml-leaf" || true
grep -vx secrets "$T/help-cmds" >"$T/help-leaf" || true
if cmp -s "$T/help-leaf" "$T/yaml-leaf"; then ok "completion.yaml lists exactly the commands of --help"; else
    not_ok "completion.yaml commands differ from --help: $(diff "$T/help-leaf" "$T/yaml-leaf" | grep '^[<>]' | tr '\n' ' ')"
fi
if "$ROOT/scripts/gen-completion.sh" "$HP_BIN" >"$T/generated.yaml" 2>"$T/gen.err" &&
    cmp -s "$T/generated.yaml" "$ROOT/completion.yaml"; then
    ok "completion.yaml is what scripts/gen-completion.sh makes of the commands' --help"
else
    not_ok "completion.yaml is stale: run 'make && scripts/gen-completion.sh > completion.yaml'"
    diff "$ROOT/completion.yaml" "$T/generated.yaml" | head -20
fi
checked=0
while read -r path; do
    # shellcheck disable=SC2086
    "$HP_BIN" $path --help >"$T/help" 2>/dev/null || continue # not built yet: nothing to compare
    checked=$((checked + 1))
    help_flags "$T/help" >"$T/hf"
    yaml_flags "$path" >"$T/yf"
    if cmp -s "$T/hf" "$T/yf"; then ok "completion.yaml flags of '$path' match its --help"; else
        not_ok "completion.yaml flags of '$path' differ from --help (< help, > yaml): $(diff "$T/hf" "$T/yf" | grep '^[<>]' | tr '\n' ' ')"
    fi
done <"$T/yaml-leaf"
[ "$checked" -ge 2 ] && ok "checked the flags of $checked built commands" || not_ok "only $checked commands had a --help"

# --- dynamic: plugin.complete, from the deployment tree -------------------------------------
cd "$deploy" || exit 1
comp panda install -c ""
expect_cands "bigmon harvester iam idds msgsvc panda" "-c completes the components of testdata/deploy (cwd)"
expect_dir 6 "-c: no file names, no space (a list goes on)"
comp panda install -c msgsvc,i
expect_cands "msgsvc,iam msgsvc,idds" "-c a,<TAB> completes the next list element"
comp panda upgrade --enable msgsvc,iam,
expect_cands "msgsvc,iam,bigmon msgsvc,iam,harvester msgsvc,iam,idds msgsvc,iam,panda" \
    "--enable leaves out components already listed"
comp panda install -d panda.
expect_cands "panda.jedi panda.postgres panda.server" "-d panda.<TAB> completes panda's sub-charts"
comp panda template -d iam,harvester.
expect_cands "iam,harvester.mariadb" "-d a,b.<TAB> completes b's sub-charts"
comp panda install -d idds
expect_cands "idds idds.daemon idds.postgres idds.rest" "-d idds<TAB> offers idds and its parts"
comp panda install -e ""
expect_cands "lsst sphenix" "-e completes the experiments (values/values-E.yaml)"
expect_dir 4 "-e: no file names"
comp panda status --experiment=s
expect_cands "sphenix" "--experiment=<prefix> completes bare values, as cobra does"
comp panda install -C ""
expect_cands "" "-C offers directories only"
expect_dir 16 "-C: directory completion"
comp panda secrets install -e ""
expect_cands "lsst sphenix" "secrets install -e completes experiments"
comp panda secrets decrypt ""
expect_dir 0 "secrets decrypt FILE: the shell's file completion"
comp panda status -o ""
expect_cands "json text" "status -o completes the output formats"
comp panda secrets install -f ""
expect_dir 0 "secrets install -f FILE: file completion"
comp panda gitops --sync ""
expect_cands "auto manual" "gitops --sync completes the policies"
comp --namespace ns1 panda gitops -c p
expect_cands "panda" "helm's own global flags are left out of what the plugin sees"

cd "$deploy/helm/panda/charts/jedi" || exit 1
comp panda install -c ""
expect_cands "bigmon harvester iam idds msgsvc panda" "the root is found upward from a sub-folder"

# a tree of our own: an extra component, a helm/ folder that is no chart, an experiment that
# only the secrets chart has, a chart whose dependency has an alias
tree=$T/site
mkdir -p "$tree/secrets" "$tree/helm/ui/values" "$tree/helm/notachart" "$tree/helm/db/charts/pg" "$T/nowhere"
printf 'apiVersion: v2\nname: ui\nversion: 0.1.0\n' >"$tree/helm/ui/Chart.yaml"
printf 'apiVersion: v2\nname: db\nversion: 0.1.0\ndependencies:\n  - name: pg\n    alias: primary\n' >"$tree/helm/db/Chart.yaml"
: >"$tree/helm/ui/values/values-atlas.yaml"
: >"$tree/secrets/values-belle.yaml"
comp panda install -C "$tree" -c ""
expect_cands "db ui" "-C DIR: components of that tree (folders without Chart.yaml left out)"
comp panda install --root="$tree" -d db.
expect_cands "db.primary" "-d db.: a dependency's alias, as install accepts it"
comp panda install -C "$tree" -e ""
expect_cands "atlas belle" "experiments from component values/ and secrets/"
cd "$T/nowhere" || exit 1
PANDA_K8S_DIR=$tree comp panda install -c ""
expect_cands "db ui" "PANDA_K8S_DIR names the root"
comp panda install -c ""
expect_cands "" "no deployment tree: no candidates"
run "$HP_BIN" __complete install -c ""
[ ! -s "$T/err" ] && [ "$RC" -eq 0 ] && ok "__complete is silent on stderr and exits 0 without a tree" ||
    { not_ok "__complete quiet without a tree"; show; }

# --- a real bash, with helm's own completion script, as on TAB ------------------------------
cd "$deploy" || exit 1
mkdir -p "$T/path"
ln -s "$HELM" "$T/path/helm" # the real helm again, first on the PATH the completion shell sees
cat >"$T/tab.bash" <<'EOF'
. /usr/share/bash-completion/bash_completion
. <(helm completion bash)
tab() { # tab WORDS...: what TAB offers for the last word, one per line
    COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); COMP_LINE="$*"; COMP_POINT=${#COMP_LINE}; COMPREPLY=()
    __start_helm helm "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
    printf '%s\n' "${COMPREPLY[@]}"
}
EOF
if [ ! -f /usr/share/bash-completion/bash_completion ]; then
    not_ok "bash-completion is not installed (scripts/deps.sh --tests installs it)"
else
        # helm's script logs to BASH_COMP_DEBUG_FILE what it tells bash (e.g. "no space")
    bashtab() { BASH_COMP_DEBUG_FILE=$T/compdebug PATH=$T/path:$PATH bash -c ". '$T/tab.bash'; tab $*" >"$T/cands.raw" 2>"$T/err"
        sort "$T/cands.raw" | grep . >"$T/cands"; }
    bashtab helm panda "''"
    expect_cands "apply diff env gitops history install rollback secrets status template uninstall upgrade version" "bash: helm panda <TAB>"
    bashtab helm panda te
    expect_cands "template" "bash: helm panda te<TAB>"
    bashtab helm panda install --exp
    expect_cands "--experiment" "bash: helm panda install --exp<TAB>"
    : >"$T/compdebug"
    bashtab helm panda install -c "''"
    expect_cands "bigmon harvester iam idds msgsvc panda" "bash: helm panda install -c <TAB>"
    grep -q 'Activating no space' "$T/compdebug" && ok "bash: -c keeps the cursor on the list (nospace)" || not_ok "bash: nospace for -c"
    bashtab helm panda install -d panda.j
    expect_cands "panda.jedi" "bash: helm panda install -d panda.j<TAB>"
    bashtab helm panda install --experiment=ls
    expect_cands "lsst" "bash: helm panda install --experiment=ls<TAB>"
    bashtab helm -n ns1 panda secrets upgrade -e "''"
    expect_cands "lsst sphenix" "bash: helm -n ns1 panda secrets upgrade -e <TAB>"
fi
