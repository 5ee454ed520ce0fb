#!/bin/sh
# The layer rule of ARCHITECTURE.md, checked: each module of src/ (and its headers under
# include/) includes only its own headers and those of the modules its row allows. The table
# below is ARCHITECTURE.md's "may use" column; change both together. A module with rooms
# (sub-folders: deploy/) is checked again inside: each file lives in a room and includes only
# its own room's headers and those of the rooms below it (room_allowed, ARCHITECTURE.md's
# "Rooms of deploy/"). Exit 1 naming each include that breaks it.
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
# The rooms of a module, bottom first, each with the rooms it may use; "" for a module without.
rooms() {
    case $1 in
    deploy) echo "config run plan ops" ;;
    *) echo "" ;;
    esac
}
room_allowed() {
    case $1/$2 in
    deploy/config) echo "" ;;
    deploy/run) echo "config" ;;
    deploy/plan) echo "config run" ;;
    deploy/ops) echo "config run plan" ;;
    *) echo "?" ;;
    esac
}
# check_rooms MODULE FILE: FILE is in a room of MODULE and includes no room above its own
check_rooms() {
    rel=${2#src/$1/}
    rel=${rel#include/$1/}
    case $rel in */*) room=${rel%%/*} ;; *) room="" ;; esac
    ok_rooms=$(room_allowed "$1" "$room")
    if [ "$ok_rooms" = "?" ]; then
        echo "check-layers: $2 is in no room of $1/ (rooms: $(rooms "$1"))" >&2
        bad=1
        return
    fi
    for used in $(sed -n "s|^#include \"$1/\([a-z_]*\)/.*|\1|p" "$2" | sort -u); do
        [ "$used" = "$room" ] && continue
        case " $ok_rooms " in *" $used "*) ;; *)
            echo "check-layers: $2 includes $1/$used/ (room $1/$room may use: ${ok_rooms:-no other room of $1/})" >&2
            bad=1
            ;;
        esac
    done
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
    for f in $(find "src/$m" "include/$m" -name '*.[ch]' 2>/dev/null | sort); do
        [ -n "$(rooms "$m")" ] && check_rooms "$m" "$f"
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
[ "$bad" = 0 ] && echo "check-layers: every include in src/ and include/ follows the layer table and the rooms of deploy/"
exit "$bad"
