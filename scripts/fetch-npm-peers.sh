#!/bin/sh
# Independent SOPS/age implementations the tests check us against: sops-age and
# age-encryption from npm, installed under tools/npm (never on the system).
set -eu
cd "$(dirname "$0")/.."
dir=tools/npm
if [ -d "$dir/node_modules/sops-age" ] && [ -d "$dir/node_modules/age-encryption" ]; then
    exit 0
fi
mkdir -p "$dir"
[ -f "$dir/package.json" ] || echo '{"name":"helm-panda-test-peers","private":true}' > "$dir/package.json"
echo "deps: installing npm test peers sops-age and age-encryption"
(cd "$dir" && npm install --silent --no-audit --no-fund sops-age@4 age-encryption >/dev/null)
