// Checks the Applications written by `helm panda gitops` against `helm panda install --dry-run
// -o json` (the same plan, read by its own JSON writer) and prints, in plan order, the argv of
// the `helm template` Argo CD would run for each one (tab-separated, one line per release,
// after the release's component). With --no-waves (a site with syncWave: false) no Application
// may carry a sync-wave annotation; else each must carry its release's depth.
// The Applications arrive as JSON made by helm itself (Go YAML -> toJson), so their types are
// what Kubernetes would see. Usage: node gitops_check.js PLAN.json REPO_TOP APPS_JSON_DIR
'use strict';
const fs = require('fs');
const path = require('path');
const [planFile, top, dir, wavesFlag] = process.argv.slice(2);
const noWaves = wavesFlag === '--no-waves';
const plan = JSON.parse(fs.readFileSync(planFile, 'utf8'));
const apps = {};
// by metadata.name: a site's own file names need not be the release names
for (const f of fs.readdirSync(dir)) {
  const a = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8'));
  apps[a.metadata.name] = a;
}
// What Argo CD does to a parameter's value before `--set name=value` (cleanSetParameters in
// argo-cd util/helm/cmd.go): a whole {list} is left alone, every unescaped comma is escaped.
const argoCleanSet = (v) => (v.startsWith('{') && v.endsWith('}') ? v : v.replace(/(^|[^\\]),/g, '$1\\,'));
const fails = [];
const want = (cond, msg) => { if (!cond) fails.push(msg); };
const real = (p) => fs.realpathSync(p);

want(Object.keys(apps).length === plan.releases.length,
     `${Object.keys(apps).length} Applications for ${plan.releases.length} releases`);
const wave = {};
const lines = [];
for (const r of plan.releases) {
  const a = apps[r.name];
  if (!a) { fails.push(`no Application for release ${r.name}`); continue; }
  const src = a.spec.source, h = src.helm;
  want(a.kind === 'Application' && a.apiVersion === 'argoproj.io/v1alpha1', `${r.name}: kind/apiVersion`);
  want(a.metadata.name === r.name && h.releaseName === r.name, `${r.name}: names`);
  const chart = path.join(top, src.path);
  want(real(chart) === real(r.chart), `${r.name}: path ${src.path} is not ${r.chart}`);
  const vf = (h.valueFiles || []).map((v) => real(path.join(chart, v)));
  want(JSON.stringify(vf) === JSON.stringify(r.values.map(real)), `${r.name}: valueFiles ${JSON.stringify(h.valueFiles)} vs ${JSON.stringify(r.values)}`);
  // helm splits one --set on commas; gitops writes one parameter per part
  const params = (h.parameters || []).map((p) => `${p.name}=${p.value}`).join(',');
  want(params === r.set.join(','), `${r.name}: parameters ${params} vs --set ${r.set.join(',')}`);
  for (const p of h.parameters || []) want(typeof p.value === 'string', `${r.name}: parameter ${p.name} is a ${typeof p.value}`);
  const w = (a.metadata.annotations || {})['argocd.argoproj.io/sync-wave'];
  if (noWaves) {
    want(w === undefined, `${r.name}: a sync-wave annotation (${w}) where the site has none`);
  } else {
    want(typeof w === 'string', `${r.name}: sync-wave is a ${typeof w}, not a string`);
    wave[r.name] = Number(w);
    want(wave[r.name] === r.stage - 1, `${r.name}: wave ${w} for stage ${r.stage}`);
    for (const n of r.needs) want(wave[n] < wave[r.name], `${r.name}: wave ${w} not after its need ${n} (${wave[n]})`);
  }
  const argv = ['template', h.releaseName, chart, '--namespace', a.spec.destination.namespace];
  for (const v of h.valueFiles || []) argv.push('--values', path.join(chart, v));
  for (const p of h.parameters || []) argv.push('--set', `${p.name}=${argoCleanSet(p.value)}`);
  lines.push([r.component, ...argv].join('\t'));
}
if (fails.length) { for (const f of fails) console.error('gitops_check: ' + f); process.exit(1); }
process.stdout.write(lines.join('\n') + '\n');
