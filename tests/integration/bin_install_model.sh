#!/bin/bash
# A model of panda-k8s' bin/install as the issue describes it, used only to check that
# helm-panda keeps its flags' meaning: it prints the helm calls bin/install would make (one
# per line, arguments separated by tabs) instead of running them.
#   -a AFFIX  -e EXPERIMENT  -c a,b  -d x,y.z  -t  [-C ROOT, ours, to point it at a tree]
# Components in the order -c lists them (default: the six), `helm install` (or
# `helm template --debug` with -t) with -f values.yaml [-f values/values-E.yaml]
# --set global.deploymentName=<instance> [--set z.enabled=false ...].
set -u
root=.
affix=""
exp=""
enable="msgsvc,iam,panda,harvester,idds,bigmon"
disable=""
template=0
while getopts "a:e:c:d:tC:" o; do
    case $o in
    a) affix=$OPTARG ;;
    e) exp=$OPTARG ;;
    c) enable=$OPTARG ;;
    d) disable=$OPTARG ;;
    t) template=1 ;;
    C) root=$OPTARG ;;
    *) exit 2 ;;
    esac
done
if [ -z "$affix" ]; then
    affix=$(sed -n 's/^affix: *"\{0,1\}\([^"]*\)"\{0,1\} *$/\1/p' "$root/secrets/values.yaml" 2>/dev/null | head -1)
    [ -n "$affix" ] || affix=test-
fi
IFS=, read -r -a comps <<<"$enable"
IFS=, read -r -a offs <<<"$disable"
for c in "${comps[@]}"; do
    skip=0
    sets=()
    for d in "${offs[@]}"; do
        if [ "$d" = "$c" ]; then skip=1; fi
        case $d in "$c".*) sets+=(--set "${d#*.}.enabled=false") ;; esac
    done
    [ $skip = 1 ] && continue
    case $affix in *-) name=$affix$c ;; *) name=$c$affix ;; esac
    args=()
    if [ $template = 1 ]; then args+=(template --debug); else args+=(install); fi
    args+=("$name" "$root/helm/$c" -f "$root/helm/$c/values.yaml")
    [ -n "$exp" ] && [ -f "$root/helm/$c/values/values-$exp.yaml" ] && args+=(-f "$root/helm/$c/values/values-$exp.yaml")
    args+=(--set "global.deploymentName=$name" "${sets[@]}")
    (IFS=$'\t'; echo "helm	${args[*]}")
done
