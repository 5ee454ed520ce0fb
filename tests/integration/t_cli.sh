# The dispatcher through real helm: help, version, helm's global flags, unknown command/flag.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1

run helm panda --help
expect_rc 0 "helm panda --help exits 0"
for c in install upgrade template uninstall status secrets gitops version; do
    grep -Eq "^  $c " "$T/out" && ok "--help lists $c" || { not_ok "--help lists $c"; show; }
done

run helm panda version
expect_rc 0 "helm panda version"
expect_out '^helm-panda [0-9]+\.[0-9]+\.[0-9]+$' "version prints the plugin version"

# helm hands -n/--kube-context/--debug to plugins only through the environment
run helm -n ns1 --kube-context c1 panda version --debug
expect_rc 0 "version with helm global flags"
expect_out '^namespace: ns1$' "plugin received namespace ns1 from helm -n"
expect_out '^kube-context: c1$' "plugin received kube-context c1"
expect_out "^helm: $HELM\$" "HELM_BIN is the helm that ran the plugin"

run helm panda frobnicate
[ "$RC" -ne 0 ] && ok "unknown command fails" || not_ok "unknown command fails"
expect_err 'helm panda: unknown command "frobnicate"' "unknown command names it"
expect_err "Run 'helm panda --help' for usage" "unknown command gives a usage hint"

run helm panda version --frob
expect_err 'helm panda version: unknown flag: --frob' "unknown flag names it"
run "$HP_BIN" version --frob
expect_rc 2 "unknown flag exits 2"
run "$HP_BIN" frobnicate
expect_rc 2 "unknown command exits 2"
[ "$(wc -l <"$T/err")" -eq 2 ] && ok "unknown command: one error line + one hint" || { not_ok "two stderr lines"; show; }

run "$HP_BIN" secrets --help
expect_rc 0 "secrets --help"
expect_out '^  decrypt ' "secrets --help lists decrypt"
run "$HP_BIN" secrets nope
expect_rc 2 "unknown secrets subcommand exits 2"
expect_err 'helm panda secrets: unknown command "nope"' "unknown secrets subcommand names it"

# no helm anywhere: commands that need helm must say so (checked where used); env shows it
run env -u HELM_BIN PATH=/nonexistent "$HP_BIN" env
expect_rc 0 "env without helm on PATH still runs"
