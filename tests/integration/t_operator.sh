# What following the docs as a PanDA operator found (issue 25), on the panda-k8s-shaped tree
# testdata/panda-k8s (panda-k8s' secret key paths, its "-FIXME" affix): the SOPS key file's
# default place on a fresh HOME, the documented .sops.yaml rule against every secret of such a
# file, the commands that only name releases working without the private key when the affix
# is in clear, and the first command on a fresh clone saying how to get past "-FIXME".
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1
unset SOPS_AGE_KEY SOPS_AGE_KEY_FILE SOPS_AGE_KEY_CMD SOPS_AGE_RECIPIENTS SOPS_AGE_SSH_PRIVATE_KEY_FILE

# -- secrets keygen into sops' default key file on a fresh HOME: the folders are created 0700
keys=$HOME/.config/sops/age/keys.txt
run helm panda secrets keygen -o "$keys"
expect_rc 0 "keygen -o ~/.config/sops/age/keys.txt on a fresh HOME"
R=$(cat "$T/out")
modes=$(stat -c %a "$HOME/.config" "$HOME/.config/sops" "$HOME/.config/sops/age" "$keys" 2>/dev/null | tr '\n' ' ')
[ "$modes" = "700 700 700 600 " ] && ok "keygen created ~/.config/sops/age 0700 (each level) and keys.txt 0600" ||
    not_ok "keygen folder modes: '$modes', wanted '700 700 700 600 '"
chmod 755 "$HOME/.config"
run helm panda secrets keygen -o "$HOME/.config/other/k.txt"
[ "$(stat -c %a "$HOME/.config")" = 755 ] && ok "keygen leaves an existing folder's mode alone" ||
    not_ok "keygen changed ~/.config's mode"

# -- the documented .sops.yaml rule(s): every secret of a panda-k8s-shaped file is encrypted,
# the affix stays in clear. The rules are read from the docs, so the docs cannot drift.
rules=$(cat "$ROOT/README.md" "$ROOT"/docs/*.md | sed -n 's/^ *encrypted_regex: *//p' | sort -u)
[ -n "$rules" ] && ok "the docs show an encrypted_regex rule" || not_ok "no encrypted_regex rule in README.md or docs/"
n=0
while IFS= read -r rx; do
    [ -n "$rx" ] || continue
    n=$((n + 1))
    rm -rf "$T/pk$n" && cp -rL "$ROOT/testdata/panda-k8s" "$T/pk$n"
    printf 'creation_rules:\n  - path_regex: secrets/.*\\.yaml$\n    encrypted_regex: %s\n    age: %s\n' "$rx" "$R" >"$T/pk$n/.sops.yaml"
    run helm panda secrets encrypt -i "$T/pk$n/secrets/values.yaml"
    left=$(grep -v '^ *#' "$T/pk$n/secrets/values.yaml" | grep -c 'fake-secret')
    total=$(grep -v '^ *#' "$ROOT/testdata/panda-k8s/secrets/values.yaml" | grep -c 'fake-secret')
    if [ "$RC" -eq 0 ] && [ "$left" -eq 0 ] && [ "$total" -gt 20 ]; then
        ok "rule '$rx' encrypts all $total secrets of the panda-k8s-shaped file"
    else
        not_ok "rule '$rx' leaves $left of $total secrets in clear (exit $RC):"
        grep -v '^ *#' "$T/pk$n/secrets/values.yaml" | grep 'fake-secret' | head -5
    fi
    grep -q '^affix: -FIXME$' "$T/pk$n/secrets/values.yaml" && ok "rule '$rx' keeps the affix in clear" ||
        not_ok "rule '$rx' encrypts the affix (read-only commands would need the key)"
done <<EOF2
$rules
EOF2

# -- the first command on a fresh clone stops at the "-FIXME" affix and says what to do
cp -rL "$ROOT/testdata/panda-k8s" "$T/fresh"
cd "$T/fresh" || exit 1
run helm panda template
expect_rc 2 "template on a fresh panda-k8s tree: exit 2 at the -FIXME affix"
expect_err "affix '-FIXME' from .*secrets/values.yaml.*placeholder: set affix: in secrets/values.yaml .* or pass -a" \
    "the -FIXME error says to set affix: or pass -a"
[ "$(grep -c '^helm-panda:' "$T/err")" -eq 1 ] && ok "the -FIXME error is one line" || { not_ok "one error line"; show; }

# -- encrypted secrets/values.yaml with the affix in clear: no private key anywhere
cp -rL "$ROOT/testdata/panda-k8s" "$T/site"
sed -i 's/^affix: "-FIXME"$/affix: "-mysite"/' "$T/site/secrets/values.yaml"
printf 'creation_rules:\n  - encrypted_regex: %s\n    age: %s\n' "$(printf '%s\n' "$rules" | head -n1)" "$R" >"$T/site/.sops.yaml"
helm panda secrets encrypt -i "$T/site/secrets/values.yaml" || not_ok "encrypt the site's secrets"
mv "$keys" "$T/keys.away"
cd "$T/site" || exit 1
run helm panda template
expect_rc 0 "template without the private key (affix in clear)"
expect_out '^  name: msgsvc-mysite' "template names the releases with the clear affix"
run helm panda uninstall --dry-run
expect_rc 0 "uninstall --dry-run without the private key"
expect_out 'affix: -mysite \(from .*secrets/values.yaml \(in clear, not MAC-checked\)\)' \
    "the plan says the affix was read in clear, not MAC-checked"
run helm panda gitops --repo https://example.org/site.git --revision main
expect_rc 0 "gitops without the private key"
expect_out 'name: msgsvc-mysite' "gitops names the releases with the clear affix"
# changing commands still decrypt and check the MAC: without the key they stop
run helm panda install --dry-run
expect_rc 1 "install without the private key stops (it authenticates the affix)"
expect_err 'secrets/values.yaml' "install's error names secrets/values.yaml"
mv "$T/keys.away" "$keys"
run helm panda install --dry-run
expect_rc 0 "install --dry-run with the key in ~/.config/sops/age/keys.txt"
expect_out 'affix: -mysite \(from [^()]*secrets/values.yaml\)' "install reads the affix through decryption"
# the docs' key path example is one a panda-k8s secrets file has
run helm panda secrets view secrets/values.yaml --key auth.oidc.clients.0.client_id
expect_rc 0 "secrets view --key auth.oidc.clients.0.client_id"
[ "$(cat "$T/out")" = fake-secret-client-id-0 ] && ok "the documented key path gives the value" || { not_ok "view --key"; show; }
