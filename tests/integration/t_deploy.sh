# helm panda install/template/...: the plan (bin/install's flags, dialect, order), real
# rendering, and the errors that stop everything before any helm call.
. "$HP_ROOT/tests/integration/lib.sh"
install_plugin || exit 1

# a private copy of the tree: some tests change it
cp -r "$ROOT/testdata/deploy" "$T/tree"
R=$T/tree
comps="msgsvc iam panda harvester idds bigmon"
# no HELM_BIN: the plugin run directly finds helm on PATH, as when run by hand

# --- template really renders: one stream, plan order, same names and values as install ---
run helm panda template -C "$R" -e lsst -d panda.jedi
expect_rc 0 "template through helm exits 0"
: >"$T/expected"
for c in $comps; do
    v=(-f "$R/helm/$c/values.yaml")
    [ -f "$R/helm/$c/values/values-lsst.yaml" ] && v+=(-f "$R/helm/$c/values/values-lsst.yaml")
    s=(--set "global.deploymentName=test-$c")
    [ $c = panda ] && s+=(--set jedi.enabled=false)
    helm template "test-$c" "$R/helm/$c" "${v[@]}" "${s[@]}" --debug >>"$T/expected" 2>/dev/null
done
if cmp -s "$T/out" "$T/expected"; then ok "template = helm template of each component, in plan order"
else not_ok "template output differs from helm template one by one"; diff "$T/out" "$T/expected" | head -20; fi
grep -q 'name: test-panda-jedi' "$T/out" && not_ok "-d panda.jedi renders no jedi" || ok "-d panda.jedi renders no jedi"
expect_out 'vo: "lsst"' "-e lsst values reach the panda server sub-chart"

# --- the plan: order, stages, dialect of this helm ---
run helm panda install -C "$R" --dry-run --atomic
expect_rc 0 "install --dry-run exits 0"
grep -E '^/' "$T/out" | awk '{print $4}' >"$T/order"
if [ "$(tr '\n' ' ' <"$T/order")" = "test-msgsvc test-iam test-panda test-harvester test-idds test-bigmon " ]; then
    ok "plan order: msgsvc, iam, panda, then harvester, idds, bigmon"
else not_ok "plan order"; cat "$T/order"; fi
expect_out '^# stage 3$' "three stages"
expect_out ' upgrade --install test-panda ' "install uses helm upgrade --install"
if [ "$HELM_MAJOR" = 4 ]; then
    expect_out ' --wait=watcher ' "helm 4: --wait=watcher (its plain --wait waits for hooks only)"
    expect_out ' --rollback-on-failure' "helm 4: --atomic becomes --rollback-on-failure"
    grep -q -- ' --atomic' "$T/out" && not_ok "helm 4: no --atomic" || ok "helm 4: no deprecated --atomic"
else
    expect_out ' --wait --timeout 10m' "helm 3: plain --wait"
    expect_out ' --atomic' "helm 3: --atomic"
fi
run helm panda uninstall -C "$R" --dry-run
grep -E '^/' "$T/out" | awk '{print $3}' | tr '\n' ' ' >"$T/order"
# the whole deployment: the snapshot release (helm panda history) goes last, once all are gone
[ "$(cat "$T/order")" = "test-bigmon test-idds test-harvester test-panda test-iam test-msgsvc test-panda-snapshots " ] \
    && ok "uninstall plan: dependents first, the snapshot release last" || { not_ok "uninstall plan order"; cat "$T/order"; }
expect_out '^#   test-panda \(panda\), after test-harvester, test-idds, test-bigmon$' "uninstall plan: panda after its dependents"
run helm panda install -C "$R" --dry-run --no-wait --timeout 3m
grep -q -- '--wait' "$T/out" && not_ok "--no-wait drops --wait" || ok "--no-wait drops --wait"
expect_out '--timeout 3m' "--timeout passes through"

# namespace, kube-context and debug come from helm's own flags; "--" goes to every call
run helm -n ns1 --kube-context ctx1 panda install -C "$R" --dry-run -- --create-namespace
n=$(grep -c -- '--namespace ns1 --kube-context ctx1 .*--create-namespace$' "$T/out")
[ "$n" -eq 6 ] && ok "helm -n/--kube-context and '-- ARGS' reach all 6 calls" || { not_ok "namespace on every call ($n)"; show; }

# -o json: the plan for programs
run helm panda install -C "$R" --dry-run -o json -c panda,harvester
expect_rc 0 "--dry-run -o json"
if python3 -c 'import json,sys; p=json.load(open(sys.argv[1])); r=p["releases"]; assert [x["name"] for x in r]==["test-panda","test-harvester"]; assert r[1]["needs"]==["test-panda"] and r[1]["stage"]==2; assert r[0]["needs"]==[]; assert set(p["external"])=={"msgsvc","iam"}' "$T/out"; then
    ok "json plan: releases, needs, stages; disabled needs are external"
else not_ok "json plan"; show; fi

# --- affix rules of bin/install ---
run "$HP_BIN" template -C "$R" --dry-run -a dev- -c panda
expect_out ' template dev-panda ' "-a dev-: affix + component"
run "$HP_BIN" template -C "$R" --dry-run -a -dev -c panda
expect_out ' template panda-dev ' "-a -dev: component + affix"
sed -i 's/^affix: .*/affix: "sp-"/' "$R/secrets/values.yaml"
run "$HP_BIN" template -C "$R" --dry-run -c panda
expect_out ' template sp-panda ' "affix from secrets/values.yaml"
sed -i '/^affix:/d' "$R/secrets/values.yaml"
run "$HP_BIN" template -C "$R" --dry-run -c panda
expect_out ' template test-panda ' "no affix anywhere: test-"
cp "$ROOT/testdata/deploy/secrets/values.yaml" "$R/secrets/values.yaml"

# root discovery: upward from the current directory, or PANDA_K8S_DIR
run sh -c "cd '$R/helm/panda/templates' && '$HP_BIN' template --dry-run -c msgsvc"
expect_out "^# root: $R\$" "root found upward from a sub-folder"
run env PANDA_K8S_DIR="$R" "$HP_BIN" template --dry-run -c msgsvc
expect_out "^# root: $R\$" "root from PANDA_K8S_DIR"

# --- flag-by-flag equivalence with bin/install (model of the issue's description) ---
norm_ours() { python3 -c '
import json,sys
for r in json.load(open(sys.argv[1]))["releases"]:
    a=[r["name"], r["chart"]]
    for v in r["values"]: a+=["-f", v]
    for s in r["set"]: a+=["--set", s]
    print("\t".join(a))' "$1" | sort; }
norm_model() { sed -e 's/^helm\tinstall\t//' -e 's/^helm\ttemplate\t--debug\t//' "$1" | sort; }
eqv() {
    desc=$1; shift
    "$ROOT/tests/integration/bin_install_model.sh" -C "$R" "$@" >"$T/model"
    "$HP_BIN" install -C "$R" --dry-run -o json "$@" >"$T/ours.json" 2>"$T/err"
    norm_ours "$T/ours.json" >"$T/a"
    norm_model "$T/model" >"$T/b"
    if [ -s "$T/b" ] && cmp -s "$T/a" "$T/b"; then ok "same as bin/install: $desc"
    else not_ok "differs from bin/install: $desc"; diff "$T/a" "$T/b" | head; cat "$T/err"; fi
}
eqv "defaults"
eqv "-e lsst" -e lsst
eqv "-e sphenix -d iam" -e sphenix -d iam
eqv "-a dev- -c panda,harvester -d harvester.mariadb" -a dev- -c panda,harvester -d harvester.mariadb
eqv "-a -x -d panda.jedi,panda.postgres,idds.rest" -a -x -d panda.jedi,panda.postgres,idds.rest
eqv "-c bigmon,panda -e lsst" -c bigmon,panda -e lsst
eqv "-t (template)" -t -e sphenix
run "$HP_BIN" install -C "$R" --dry-run -t -c panda
expect_out "$HELM template test-panda .* --debug\$" "-t: helm template --debug"

# --- errors before anything runs: one line, exit 2, no helm call ---
rec() { HP_REC_LOG=$T/rec.log HP_REC_REAL=$HELM HP_REC_HELM4=$ROOT/tools/helm4/helm \
        HELM_BIN=$ROOT/tests/integration/helm_recorder.sh "$@"; }
no_calls() { if [ -s "$T/rec.log" ]; then not_ok "$1: helm was called"; cat "$T/rec.log"; else ok "$1: no helm call"; fi; }
err_case() {
    desc=$1 pat=$2; shift 2
    rm -f "$T/rec.log"
    run rec "$@"
    expect_rc 2 "$desc: exit 2"
    expect_err "$pat" "$desc: says what is wrong"
    [ "$(wc -l <"$T/err")" -eq 1 ] && ok "$desc: one line" || { not_ok "$desc: one line"; show; }
    no_calls "$desc"
}
err_case "unknown component" "unknown component 'pandaa' \(known: msgsvc, iam, panda" "$HP_BIN" install -C "$R" -c pandaa
err_case "unknown sub-component" "-d panda.jedii: panda has no sub-component 'jedii' \(known: server, jedi, postgres\)" \
    "$HP_BIN" install -C "$R" -d panda.jedii
err_case "unknown -d component" "-d foo: unknown component 'foo'" "$HP_BIN" install -C "$R" -d foo
mv "$R/helm/bigmon/Chart.yaml" "$R/helm/bigmon/Chart.yaml.x"
err_case "missing chart" "$R/helm/bigmon/Chart.yaml: missing chart for component bigmon" "$HP_BIN" install -C "$R"
mv "$R/helm/bigmon/Chart.yaml.x" "$R/helm/bigmon/Chart.yaml"
printf 'components:\n  msgsvc: {needs: [bigmon]}\n' >"$R/helm-panda.yaml"
err_case "cycle in needs" "needs form a cycle: msgsvc -> bigmon -> panda -> msgsvc" "$HP_BIN" install -C "$R"
printf 'components:\n  msgsvc: {needs: [nosuch]}\n' >"$R/helm-panda.yaml"
err_case "need of an unknown component" "helm-panda.yaml: component msgsvc needs unknown component 'nosuch'" "$HP_BIN" install -C "$R"
rm -f "$R/helm-panda.yaml"
err_case "no root" "no deployment root" "$HP_BIN" install -C /
# release names helm would refuse (issue 11): the real secrets/values.yaml ships affix "-FIXME".
# One line naming the release, the affix and where it came from; no helm call, not even the
# version probe (the recorder logs that too)
bad_name="release name 'msgsvc-FIXME' \(component msgsvc, affix '-FIXME' from"
sed -i 's/^affix: .*/affix: "-FIXME"/' "$R/secrets/values.yaml"
for verb in install upgrade template uninstall status; do
    err_case "$verb, affix -FIXME in secrets/values.yaml" "$bad_name $R/secrets/values.yaml\) is not a valid helm release name" \
        "$HP_BIN" $verb -C "$R"
done
err_case "gitops, affix -FIXME in secrets/values.yaml" "$bad_name $R/secrets/values.yaml\)" "$HP_BIN" gitops -C "$R"
cp "$ROOT/testdata/deploy/secrets/values.yaml" "$R/secrets/values.yaml"
err_case "install -a -FIXME" "$bad_name -a\) is not a valid helm release name: lowercase letters, digits" \
    "$HP_BIN" install -C "$R" -a -FIXME
err_case "template -a Dev-" "release name 'Dev-msgsvc' \(component msgsvc, affix 'Dev-' from -a\)" \
    "$HP_BIN" template -C "$R" -a Dev-
err_case "a name over 53 characters" "at most 53 characters" "$HP_BIN" install -C "$R" -c bigmon \
    -a this-affix-is-long-enough-to-make-the-name-too-long-for-helm-
rm -f "$T/rec.log"
run rec "$HP_BIN" secrets template -C "$R" --release Bad_Name
expect_rc 2 "secrets --release Bad_Name: exit 2"
expect_err "--release 'Bad_Name' is not a valid helm release name" "secrets --release Bad_Name: says so"
no_calls "secrets --release Bad_Name"
rm -f "$T/rec.log"
run env HELM_BIN=/nonexistent/helm "$HP_BIN" install -C "$R"
expect_rc 2 "no helm: exit 2"
expect_err "^helm-panda: error: HELM_BIN=/nonexistent/helm is not an executable file$" "no helm: says so"
run env -u HELM_BIN PATH=/nonexistent "$HP_BIN" install -C "$R"
expect_rc 2 "no helm on PATH: exit 2"
expect_err "helm not found" "no helm on PATH: says so"
run "$HP_BIN" install -C "$R" extra
expect_rc 2 "a stray argument is a usage error"

# --- which helm runs (issue 11): helm hands the plugin HELM_BIN=helm, its bare argv[0]. Only
# absolute PATH entries are searched: the empty entry (the current directory, $T/work, which
# holds a trap ./helm) and the relative one (rel/helm, a trap) come first here and are skipped.
run env PATH=":rel:$T/bin:$PATH" bash -c 'exec -a helm "$0" panda template -C "$1" -c msgsvc -q' "$HELM" "$R"
expect_rc 0 "HELM_BIN=helm with ./helm ahead on PATH: the real helm renders"
expect_out '^# Source: msgsvc/' "HELM_BIN=helm: manifests from the helm found on PATH"
run env HELM_BIN=helm PATH=":rel:/nonexistent" "$HP_BIN" template -C "$R" -c msgsvc
expect_rc 2 "HELM_BIN=helm, no helm in an absolute PATH entry: exit 2"
expect_err "^helm-panda: error: HELM_BIN=helm: no executable 'helm' in the absolute directories of PATH" \
    "HELM_BIN=helm not on PATH: says so (never ./helm)"
run env HELM_BIN=../bin/helm "$HP_BIN" template -C "$R" --dry-run -c msgsvc
expect_out "^$T/work/../bin/helm template test-msgsvc " "a relative HELM_BIN with a slash is made absolute"

# a components file adds charts and needs (the real repo has ui and iam-db)
for c in ui iam-db; do
    mkdir -p "$R/helm/$c/templates"
    printf 'apiVersion: v2\nname: %s\nversion: 0.1.0\n' "$c" >"$R/helm/$c/Chart.yaml"
    printf 'global:\n  deploymentName: %s\n' "$c" >"$R/helm/$c/values.yaml"
    printf 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.global.deploymentName }}\n' >"$R/helm/$c/templates/cm.yaml"
done
run "$HP_BIN" template -C "$R" --dry-run -c ui
expect_out ' template test-ui ' "a chart under helm/ not in the defaults is usable with -c"
printf 'components:\n  iam-db: {}\n  iam: {needs: [iam-db]}\n  ui: {needs: [panda, iam]}\n' >"$R/helm-panda.yaml"
run helm panda install -C "$R" --dry-run -o json
if python3 -c 'import json,sys; r={x["name"]:x for x in json.load(open(sys.argv[1]))["releases"]}; assert r["test-iam"]["needs"]==["test-iam-db"]; assert r["test-iam"]["stage"]==2 and r["test-panda"]["stage"]==3 and r["test-ui"]["stage"]==4; assert len(r)==8' "$T/out"; then
    ok "components file: iam-db before iam, ui after panda"
else not_ok "components file"; show; fi
run helm panda template -C "$R" -q
expect_rc 0 "template with the extra components renders"
expect_out 'name: test-ui$' "ui rendered"
rm -f "$R/helm-panda.yaml"

# --- the rendered stream is never cut (issue 11) ---
# msgsvc renders 1.2 MiB and comes first; the helms of iam and panda (a wrapper: the real helm
# after 2 s and 3 s) exit while our write of msgsvc is blocked on a reader that sleeps 4 s first.
# The first SIGCHLD cuts the write short (64 KiB, the pipe's size); the second came when the next
# write had written nothing: EINTR, which stdio took as an error and dropped the rest (no
# SA_RESTART, fwrite errors ignored): 64 KiB arrived, exit 0.
cat >"$R/helm/msgsvc/templates/big.yaml" <<'YAML'
apiVersion: v1
kind: ConfigMap
metadata:
  name: big
data:
{{- range $i := until 20000 }}
  k{{ $i }}: "{{ repeat 50 "x" }}"
{{- end }}
YAML
cat >"$T/latehelm" <<EOS
#!/bin/sh
case "\$2" in test-iam) sleep 2 ;; test-panda) sleep 3 ;; esac
exec "$HELM" "\$@"
EOS
chmod +x "$T/latehelm"
: >"$T/expected"
for c in msgsvc iam panda; do
    helm template "test-$c" "$R/helm/$c" -f "$R/helm/$c/values.yaml" --set "global.deploymentName=test-$c" --debug \
        >>"$T/expected" 2>/dev/null
done
run env HELM_BIN="$T/latehelm" bash -c 'set -o pipefail; "$0" template -C "$1" -c msgsvc,iam,panda -q | (sleep 4; cat) >"$2"' \
    "$HP_BIN" "$R" "$T/slow.out"
expect_rc 0 "template through a slow reader: exit 0"
want=$(wc -c <"$T/expected") got=$(wc -c <"$T/slow.out")
if [ "$want" -gt 1048576 ] && cmp -s "$T/slow.out" "$T/expected"; then
    ok "template through a slow reader: all $got bytes arrive, as helm template renders them"
else not_ok "template through a slow reader: $got of $want bytes"; fi
# a write that fails is a failure: exit 1, one line naming it
run sh -c "'$HP_BIN' template -C '$R' -c msgsvc,iam -q >/dev/full"
expect_rc 1 "template > /dev/full: exit 1"
expect_err '^helm-panda: error: stdout: cannot write the output: No space left on device' "template > /dev/full: says so"
expect_lines "$T/err" 1 "template > /dev/full: one line"
run sh -c "'$HP_BIN' template -C '$R' -c msgsvc -o json -q >/dev/full"
expect_rc 1 "template -o json > /dev/full: exit 1"
expect_lines "$T/err" 1 "template -o json > /dev/full: one line"
run sh -c "'$HP_BIN' install -C '$R' --dry-run >/dev/full"
expect_rc 1 "install --dry-run > /dev/full: exit 1"
expect_err '^helm-panda: error: stdout: cannot write the output' "install --dry-run > /dev/full: says so"
# a reader that goes away: EPIPE is an error too (SIGPIPE is ignored), not a silent exit 0
run bash -c 'set -o pipefail; "$0" template -C "$1" -c msgsvc -q | head -c 10 >/dev/null' "$HP_BIN" "$R"
expect_rc 1 "template | head -c 10: exit 1"
expect_err 'stdout: cannot write the output: Broken pipe' "template | head -c 10: says the pipe broke"
rm "$R/helm/msgsvc/templates/big.yaml"

# Ctrl-C while install asks helm its version: exit 130, not a usage error about helm
cat >"$T/slowversion" <<EOS
#!/bin/sh
[ "\$1" = version ] && { echo started >"$T/version.started"; sleep 30; }
exec "$HELM" "\$@"
EOS
chmod +x "$T/slowversion"
rm -f "$T/version.started"
HELM_BIN=$T/slowversion "$HP_BIN" install -C "$R" -c msgsvc >"$T/out" 2>"$T/err" &
pid=$!
wait_until 60 test -e "$T/version.started"
kill -INT $pid
wait $pid
RC=$?
expect_rc 130 "Ctrl-C during the version probe: exit 130"
expect_err "^helm-panda: error: interrupted while asking $T/slowversion its version$" "Ctrl-C during the version probe: says so"
