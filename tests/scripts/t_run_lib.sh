# The test runners' shared part (tests/run_lib.sh) as tests/integration/run.sh and
# tests/dist/run.sh use it, in a copy of the repository's runners with fake helms and two fake
# tests (one passes, one fails and exits 3): HP_TESTS selects, each test gets the variables its
# lib.sh reads, a failing script adds its own not ok line, the closing count and exit status.
# Mutant caught: run_summary ignoring the failed count (a run with failures exits 0).
. "$HP_ROOT/tests/scripts/lib.sh"
fake=$T/repo
for d in integration dist; do
    mkdir -p "$fake/tests/$d"
    cp "$ROOT/tests/$d/run.sh" "$fake/tests/$d/"
    # t_a: passes and records what it was given; t_b: fails, then exits 3
    cat >"$fake/tests/$d/t_a.sh" <<'T'
echo "ok - $HP_TEST_NAME: passes" >>"$HP_RESULTS"
echo "$HP_TEST_NAME $HP_HELM_MAJOR $HP_HELM ${HP_BIN:-} ${HP_DIST:-} $HP_ROOT" >>"$HP_ROOT/seen"
T
    printf 'echo "not ok - $HP_TEST_NAME: fails" >>"$HP_RESULTS"\nexit 3\n' >"$fake/tests/$d/t_b.sh"
done
cp "$ROOT/tests/run_lib.sh" "$fake/tests/"
for m in 3 4; do
    mkdir -p "$fake/tools/helm$m" && printf '#!/bin/sh\n' >"$fake/tools/helm$m/helm" && chmod +x "$fake/tools/helm$m/helm"
done

run env -u HP_HELMS HP_BIN=/x/helm-panda HP_TESTS=t_a sh "$fake/tests/integration/run.sh"
expect_rc 0 "integration, t_a with both helms: exit 0"
tail -1 "$T/out" | grep -qx 'integration: 2 passed, 0 failed' && ok "integration: the closing count" || { not_ok "the closing count"; show; }
grep -qx '== t_a (helm 3)' "$T/out" && grep -qx '== t_a (helm 4)' "$T/out" && ! grep -q t_b "$T/out" &&
    ok "integration: HP_TESTS runs t_a only, once per helm" || { not_ok "HP_TESTS selects"; show; }
grep -qx "t_a 4 $fake/tools/helm4/helm /x/helm-panda  $fake" "$fake/seen" && ok "integration: the test gets its name, helm, HP_BIN and HP_ROOT" ||
    { not_ok "integration: what the test gets"; cat "$fake/seen"; }

rm -f "$fake/seen"
run env -u HP_TESTS HP_BIN=/x/helm-panda HP_HELMS=4 sh "$fake/tests/integration/run.sh"
expect_rc 1 "integration, a failing test: exit 1"
grep -qx 'not ok - t_b (helm 4): script exited 3' "$T/out" && ok "a script's own exit status is a not ok line" || { not_ok "script exited 3"; show; }
tail -1 "$T/out" | grep -qx 'integration: 1 passed, 2 failed' && ok "integration: failures counted" || { not_ok "failures counted"; show; }

run env HP_BIN=/x/helm-panda HP_TESTS=t_none sh "$fake/tests/integration/run.sh"
expect_rc 1 "integration, no test selected: exit 1 (nothing passed)"

rm -f "$fake/seen"
run env HP_DIST=/d HP_HELMS=3 HP_TESTS=t_a sh "$fake/tests/dist/run.sh"
expect_rc 0 "dist, t_a: exit 0"
tail -1 "$T/out" | grep -qx 'dist-check: 1 passed, 0 failed' && ok "dist: the closing count" || { not_ok "dist: the closing count"; show; }
grep -qx "t_a 3 $fake/tools/helm3/helm  /d $fake" "$fake/seen" && ok "dist: the test gets HP_DIST" ||
    { not_ok "dist: what the test gets"; cat "$fake/seen"; }
run env -u HP_TESTS HP_DIST=/d HP_HELMS=3 sh "$fake/tests/dist/run.sh"
expect_rc 1 "dist, a failing test: exit 1"
