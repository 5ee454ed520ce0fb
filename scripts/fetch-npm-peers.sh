#!/bin/sh
# Independent SOPS/age implementations the tests check us against: sops-age and age-encryption
# from npm, installed under tools/npm (never on the system), exactly as pinned: the committed
# scripts/npm-peers/package-lock.json names every package of the tree with its version and its
# integrity hash, and `npm ci` installs that tree or fails (a tarball whose hash differs is
# refused by npm). --ignore-scripts: no install script of a test peer runs here.
set -eu
cd "$(dirname "$0")/.."
src=scripts/npm-peers
dir=tools/npm
if cmp -s "$src/package-lock.json" "$dir/package-lock.json" && [ -d "$dir/node_modules/sops-age" ] &&
    [ -d "$dir/node_modules/age-encryption" ]; then
    exit 0
fi
mkdir -p "$dir"
rm -rf "$dir/node_modules"
cp "$src/package.json" "$src/package-lock.json" "$dir/"
echo "deps: installing the npm test peers sops-age and age-encryption (scripts/npm-peers/package-lock.json)"
(cd "$dir" && npm ci --ignore-scripts --loglevel=error --no-audit --no-fund >/dev/null) || {
    echo "deps: npm ci of scripts/npm-peers/package-lock.json failed (a changed package or no registry)" >&2
    exit 1
}
