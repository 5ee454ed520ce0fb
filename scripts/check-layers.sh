#!/bin/sh
# The layer rule of ARCHITECTURE.md, checked: each module of src/ (and its headers under
# include/) includes only its own headers and those of the modules its row allows. The table
# below is ARCHITECTURE.md's "may use" column; change both together. Exit 1 naming each
# include that breaks it.
set -eu
cd "$(dirname "$0")/.."
allowed() {
    case $1 in
    cli) echo "age complete deploy gitops helm hp keys secrets sops" ;;
    gitops) echo "deploy sops hp" ;;
    complete) echo "deploy hp" ;;
    deploy) echo "secrets sops hp" ;;
    secrets) echo "keys sops age hp" ;;
    keys) echo "age sops hp" ;;
    sops) echo "age hp" ;;
    helm) echo "hp" ;;
    age) echo "hp" ;;
    hp) echo "" ;;
    *) echo "?" ;;
    esac
}
bad=0
for dir in src/*/; do
    m=$(basename "$dir")
    ok=$(allowed "$m")
    if [ "$ok" = "?" ]; then
        echo "check-layers: src/$m is not in the layer table (scripts/check-layers.sh, ARCHITECTURE.md)" >&2
        bad=1
        continue
    fi
    for f in "src/$m"/*.c "include/$m"/*.h; do
        [ -f "$f" ] || continue
        for used in $(sed -n 's|^#include "\([a-z_]*\)/.*|\1|p' "$f" | sort -u); do
            [ "$used" = "$m" ] && continue
            case " $ok " in *" $used "*) ;; *)
                echo "check-layers: $f includes $used/ (module $m may use: ${ok:-nothing but libc and libsodium})" >&2
                bad=1
                ;;
            esac
        done
    done
done
[ "$bad" = 0 ] && echo "check-layers: every include in src/ and include/ follows the layer table"
exit "$bad"
