# scripts/fetch-npm-peers.sh installs exactly the committed lockfile with `npm ci`: a package whose
# integrity hash differs from the lock's is refused, and nothing is installed from a range.
# Mutant caught: `npm install` by range (the tampered lock's hash is never checked: exit 0).
. "$HP_ROOT/tests/scripts/lib.sh"
R=$T/repo
script_tree "$R"
python3 - "$R/scripts/npm-peers/package-lock.json" <<'PY'
import json, sys
p = sys.argv[1]
lock = json.load(open(p))
e = lock["packages"]["node_modules/sops-age"]
e["integrity"] = "sha512-" + "A" * 86 + "=="
json.dump(lock, open(p, "w"), indent=2)
PY
run env npm_config_cache="$T/npm-cache" sh "$R/scripts/fetch-npm-peers.sh"
[ $RC != 0 ] && ok "a lockfile hash that does not match the package: npm ci fails" || { not_ok "tampered lock accepted"; show; }
grep -q 'EINTEGRITY\|integrity' "$T/err" "$T/out" && ok "npm names the integrity failure" || { not_ok "no integrity error"; show; }
[ ! -d "$R/tools/npm/node_modules/sops-age" ] && ok "sops-age not installed" || not_ok "sops-age installed from a tampered lock"
grep -q '"sops-age": "4.0.2"' "$ROOT/scripts/npm-peers/package.json" && ok "package.json pins sops-age exactly" ||
    not_ok "package.json does not pin sops-age exactly"
