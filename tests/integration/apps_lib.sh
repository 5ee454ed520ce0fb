# Sourced by the tests that read the Argo CD Applications gitops writes (t_gitops, t_sites, t_oci).
#   apps_read FILE...   reads every file with helm's own YAML reader (Go, as Argo CD and
#                       Kubernetes read them), in one helm call: a tiny chart gets each file with
#                       --set-file and prints one line "NAME: JSON" per file (NAME the file's base
#                       name), so that node sees the types Kubernetes would see. Output in
#                       $T/apps.out; exit status helm's (its messages in $T/apps.out too)
#   apps_json_dir DIR   $T/apps.out split into DIR/NAME.json
#   apps_same_as_template PREFIX ARGV-FILE HELM-ARGS...   each line of ARGV-FILE (a component, then
#                       the `helm template` argv Argo CD runs for its Application, tab-separated, as
#                       gitops_check.js prints them) rendered by helm, and by `helm HELM-ARGS -c
#                       COMPONENT`: a not_ok (PREFIX first) with the diff for each that differs.
#                       Sets apps_same (how many are the same) and apps_all (how many lines)
apps_read() {
    local f
    local -a set_files=()
    if [ ! -f "$T/apps-reader/Chart.yaml" ]; then
        mkdir -p "$T/apps-reader/templates"
        printf 'apiVersion: v2\nname: reader\nversion: 0.1.0\n' >"$T/apps-reader/Chart.yaml"
        cat >"$T/apps-reader/templates/read.yaml" <<'TPL'
{{- range $name, $text := .Values.apps }}
---
{{ $name }}: {{ fromYaml $text | toJson }}
{{- end }}
TPL
    fi
    for f in "$@"; do set_files+=(--set-file "apps.$(basename "$f" .yaml)=$f"); done
    helm template reader "$T/apps-reader" "${set_files[@]}" >"$T/apps.out" 2>&1
}

apps_json_dir() {
    mkdir -p "$1"
    node -e '
const fs = require("fs");
for (const l of fs.readFileSync(process.argv[1], "utf8").split("\n")) {
  const m = l.match(/^([A-Za-z0-9._-]+): (\{.*\})$/);
  if (m) fs.writeFileSync(`${process.argv[2]}/${m[1]}.json`, m[2]);
}' "$T/apps.out" "$1"
}

apps_same_as_template() {
    local prefix=$1 argv_file=$2 line
    local -a argv
    shift 2
    apps_same=0 apps_all=0
    while IFS= read -r line; do
        IFS=$(printf '\t') read -r -a argv <<<"$line"
        apps_all=$((apps_all + 1))
        helm "${argv[@]:1}" >"$T/argo.yaml" 2>"$T/argo.err" || { not_ok "helm ${argv[*]:1}"; cat "$T/argo.err"; }
        run helm "$@" -c "${argv[0]}"
        if [ "$RC" -eq 0 ] && grep -q '^kind:' "$T/argo.yaml" && cmp -s "$T/out" "$T/argo.yaml"; then
            apps_same=$((apps_same + 1))
        else
            not_ok "${prefix}helm template of Application ${argv[2]} = helm panda template -c ${argv[0]}"
            diff "$T/out" "$T/argo.yaml" | head -20
        fi
    done <"$argv_file"
}
