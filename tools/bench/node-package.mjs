#!/usr/bin/env node
// Benchmark (issue 3, issue 11): nxstack's Node packaging vs AWS CDK NodejsFunction (`cdk synth`,
// local esbuild) and raw esbuild, whole processes side by side in one run on the same generated
// handlers: every round runs each case once, in turn; medians are reported.
//   node tools/bench/node-package.mjs [--functions 50] [--runs 3] [--no-daemon-rows]
//                                     [--only nxOne,nxShow,…] [--baseline <name>]
// --only: run just these cases (names as in the `alternate` call below; no daemon rows), and print
// each one's median wall and CPU: GNU time's (the process tree nx waited for) and each Node
// process's own, summed per kind (nx CLI, our plugin worker, nx's plugin workers, task processes;
// process-cpu-preload.cjs; GNU time misses the plugin workers). --baseline <name>:
// tools/bench/.work/<name> holds this workspace installed with other packages (e.g. main's: run
// this script once on main, then `mv tools/bench/.work/node-package tools/bench/.work/<name>`);
// every selected nx case runs there too, in the same rounds, right after this one's.
// Cache state, the same for every side: no task cache (--skip-nx-cache; cdk.out and esbuild's
// outdir removed before each run; neither esbuild nor cdk keeps a cache). "graph warm" = Nx's
// workspace data (its project-graph cache and our createNodes cache) left from the previous run,
// as on a developer machine; "graph cold" = .nx/workspace-data removed first, as in a fresh CI
// checkout.
import { execFileSync } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dirBytes, fmt, printTable, ratio } from './lib.mjs';
import { timedWithCpu, timedWithProcessCpu } from './process-time.mjs';
import { alternate, loadAverage, median } from './side-by-side.mjs';
import { generateNodeWorkspace } from './node-workspace.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const N = opt('functions', 50);
const RUNS = opt('runs', 3);
const flag = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
const ONLY = flag('only')?.split(',');
const BASELINE = flag('baseline');
const DAEMON_ROWS = !args.includes('--no-daemon-rows') && !ONLY;
const repo = resolve(import.meta.dirname, '..', '..');
const ws = join(repo, 'tools/bench/.work/node-package');
const baseWs = BASELINE && join(repo, 'tools/bench/.work', BASELINE);

generateNodeWorkspace({ repo, ws, count: N });
const bin = (name, dir = ws) => join(dir, 'node_modules', '.bin', name);
const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_LOG_GROUPING: 'true' };
const cdkEnv = { CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
const entries = Array.from({ length: N }, (_, i) => `apps/many/src/fn${i + 1}.ts`);
// Wall seconds; with --only/--baseline each run's CPU figures are kept per case (cpuOf) for its table.
const cpuOf = {};
let currentCase;
const measure = ONLY || BASELINE ? timedWithProcessCpu : timedWithCpu;
const secs = (argv, env = {}, cwd = ws) => {
  const r = measure(argv, { cwd, env });
  if (currentCase) (cpuOf[currentCase] ??= []).push({ tree: r.cpu, ...r.processes });
  return r.seconds;
};
const tracked = (cases) => Object.fromEntries(Object.entries(cases).map(([k, run]) => [k, () => { currentCase = k; try { return run(); } finally { currentCase = undefined; } }]));
const esbuild = (out, files) => () => {
  rmSync(join(ws, out), { recursive: true, force: true });
  return secs([bin('esbuild'), '--bundle', '--platform=node', '--target=node20', '--format=cjs', '--sourcemap', '--external:@aws-sdk/*', '--log-level=error', `--outdir=${join(ws, out)}`, ...files]);
};
const cdk = (count) => () => {
  const out = join(ws, `cdk.out.${count}`);
  rmSync(out, { recursive: true, force: true });
  return secs([bin('cdk'), 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', out], { ...cdkEnv, FN_COUNT: String(count) });
};
const nx = (target, { env = nxEnv, graphCold = false, dir = ws } = {}) => () => {
  if (graphCold) rmSync(join(dir, '.nx/workspace-data'), { recursive: true, force: true });
  return secs([bin('nx', dir), ...(Array.isArray(target) ? target : ['run', target]), '--skip-nx-cache'], env, dir);
};
// The 50 per-function targets in one run: one process per task, or (Nx batch mode) one for all.
const perFunction = ['run-many', '--projects=many', `--targets=${Array.from({ length: N }, (_, i) => `package--fn${i + 1}`).join(',')}`];
const batchEnv = { ...nxEnv, NX_BATCH_MODE: 'true' };

// Warm-up: first runs pay disk cache and Nx project-graph costs that every later run reuses.
secs([bin('nx'), 'show', 'projects'], nxEnv);
if (baseWs) secs([bin('nx', baseWs), 'show', 'projects'], nxEnv, baseWs);
const loadBefore = loadAverage();
// The nx cases of a workspace (this one, or the baseline's: the same commands there).
const nxCases = (dir) => ({
  nxOne: nx('one:package--fn1', { dir }),
  nxAll: nx('many:package', { dir }),
  nxOneCold: nx('one:package--fn1', { graphCold: true, dir }),
  nxAllCold: nx('many:package', { graphCold: true, dir }),
  nxAllBatch: nx('many:package', { env: batchEnv, dir }),
  nxPerFn: nx(perFunction, { dir }),
  nxPerFnBatch: nx(perFunction, { env: batchEnv, dir }),
  nxShow: () => secs([bin('nx', dir), 'show', 'projects'], nxEnv, dir),
});
const allCases = {
  rawOne: esbuild('raw-out-1', ['apps/one/src/fn1.ts']),
  rawAll: esbuild('raw-out', entries),
  cdkOne: cdk(1),
  cdkAll: cdk(N),
  ...nxCases(ws),
};
const baselineCases = baseWs ? nxCases(baseWs) : {};
const selected = {};
for (const name of ONLY ?? Object.keys(allCases)) {
  if (!allCases[name]) throw new Error(`--only: no case ${name} (cases: ${Object.keys(allCases).join(', ')})`);
  selected[name] = allCases[name];
  if (baselineCases[name]) selected[`${name}@${BASELINE}`] = baselineCases[name];
}
const r = alternate(RUNS, tracked(selected));
if (ONLY || BASELINE) {
  // Median of one CPU figure over a case's rounds (a round whose process wrote nothing counts 0).
  const cpu = (k, kind) => median(cpuOf[k].map((c) => c[kind] ?? 0));
  const kinds = [...new Set(Object.values(cpuOf).flatMap((runs) => runs.flatMap((c) => Object.keys(c))))].filter((x) => x !== 'tree' && x !== 'all').sort();
  const base = (k) => `${k}@${BASELINE}`;
  printTable(`nxstack bench cases (${N} functions, medians of ${RUNS} alternating rounds, ${new Date().toISOString()})`, [
    ['load average (1/5/15 min) before / after', `${loadBefore}  |  ${loadAverage()}  (2 cores)`],
    ...Object.keys(r).map((k) => [
      k,
      `${fmt(r[k].median)} wall [${r[k].all.map((x) => x.toFixed(2)).join(' ')}]; CPU: GNU time ${fmt(cpu(k, 'tree'))}, all Node processes ${fmt(cpu(k, 'all'))} [${cpuOf[k].map((c) => c.all.toFixed(2)).join(' ')}]` +
        `; ${kinds.map((kind) => `${kind} ${fmt(cpu(k, kind))}`).join(', ')}`,
    ]),
    ...Object.keys(r).filter((k) => r[base(k)]).map((k) => [
      `${k}: this / ${BASELINE}`,
      `wall ${ratio(r[k].median, r[base(k)].median)}, CPU all processes ${ratio(cpu(k, 'all'), cpu(base(k), 'all'))}; ` + kinds.map((kind) => `${kind} ${fmt(cpu(k, kind) - cpu(base(k), kind))}`).join(', ') + ' (differences)',
    ]),
  ]);
  if (ONLY) process.exit(0);
}

// With the Nx daemon (Nx's default on a developer machine) the project graph is computed once
// and kept, so a run pays only for its tasks. CI runs without it (the rows above).
const daemonEnv = { ...nxEnv, NX_DAEMON: 'true' };
let d;
if (DAEMON_ROWS) {
  secs([bin('nx'), 'show', 'projects'], daemonEnv);
  d = alternate(RUNS, {
    nxOne: nx('one:package--fn1', { env: daemonEnv }),
    nxAll: nx('many:package', { env: daemonEnv }),
    nxPerFnBatch: nx(perFunction, { env: { ...daemonEnv, NX_BATCH_MODE: 'true' } }),
  });
  secs([bin('nx'), 'daemon', '--stop'], daemonEnv);
}
const loadAfter = loadAverage();

// Bytes: our zips vs CDK's asset folders zipped the way CDK uploads them.
const ourBytes = dirBytes(join(ws, 'dist/stack/apps/many'), (p) => p.endsWith('.zip'));
const assetsDir = join(ws, `cdk.out.${N}`);
let cdkBytes = 0;
for (const name of readdirSync(assetsDir)) {
  const p = join(assetsDir, name);
  if (!name.startsWith('asset.') || !statSync(p).isDirectory()) continue;
  const zip = join(ws, '.cdk-asset.zip');
  rmSync(zip, { force: true });
  execFileSync('zip', ['-qrX9', zip, '.'], { cwd: p });
  cdkBytes += statSync(zip).size;
}

const m = (k, set = r) => set[k].median;
const all = (k, set = r) => set[k].all.map((s) => s.toFixed(2)).join(' ');
printTable(`nxstack packaging vs cdk synth vs raw esbuild (${N} functions, medians of ${RUNS} alternating rounds, ${new Date().toISOString()})`, [
  ['load average (1/5/15 min) before / after', `${loadBefore}  |  ${loadAfter}  (2 cores)`],
  ['raw esbuild, 1 entry', `${fmt(m('rawOne'))}  [${all('rawOne')}]`],
  [`raw esbuild, ${N} entries in one call`, `${fmt(m('rawAll'))}  [${all('rawAll')}]`],
  ['cdk synth, 1 NodejsFunction', `${fmt(m('cdkOne'))}  [${all('cdkOne')}]`],
  [`cdk synth, ${N} NodejsFunctions`, `${fmt(m('cdkAll'))}  [${all('cdkAll')}]`],
  ['nx show projects (no daemon, graph warm)', `${fmt(m('nxShow'))}  [${all('nxShow')}]`],
  ['nx run one:package--fn1 (no daemon, graph warm)', `${fmt(m('nxOne'))}  [${all('nxOne')}]`],
  [`nx run many:package (no daemon, graph warm)`, `${fmt(m('nxAll'))}  [${all('nxAll')}]`],
  ['nx run one:package--fn1 (no daemon, graph cold)', `${fmt(m('nxOneCold'))}  [${all('nxOneCold')}]`],
  [`nx run many:package (no daemon, graph cold)`, `${fmt(m('nxAllCold'))}  [${all('nxAllCold')}]`],
  ['nx run many:package (NX_BATCH_MODE=true, no daemon, graph warm)', `${fmt(m('nxAllBatch'))}  [${all('nxAllBatch')}]`],
  [`nx run-many ${N} package--fn targets (one process each, no daemon)`, `${fmt(m('nxPerFn'))}  [${all('nxPerFn')}]`],
  [`nx run-many ${N} package--fn targets (NX_BATCH_MODE=true, no daemon)`, `${fmt(m('nxPerFnBatch'))}  [${all('nxPerFnBatch')}]`],
  ...(d
    ? [
        ['nx run one:package--fn1 (daemon)', `${fmt(m('nxOne', d))}  [${all('nxOne', d)}]`],
        [`nx run many:package (daemon)`, `${fmt(m('nxAll', d))}  [${all('nxAll', d)}]`],
        [`nx run-many ${N} package--fn targets (NX_BATCH_MODE=true, daemon)`, `${fmt(m('nxPerFnBatch', d))}  [${all('nxPerFnBatch', d)}]`],
      ]
    : []),
  ['1 fn: nxstack / cdk synth, no daemon, graph warm (goal <= 0.5x)', ratio(m('nxOne'), m('cdkOne'))],
  ['1 fn: nxstack / cdk synth, no daemon, graph cold', ratio(m('nxOneCold'), m('cdkOne'))],
  ...(d ? [['1 fn: nxstack / cdk synth, daemon (goal <= 0.5x)', ratio(m('nxOne', d), m('cdkOne'))]] : []),
  ['1 fn: nxstack / raw esbuild, no daemon', ratio(m('nxOne'), m('rawOne'))],
  [`${N} fns: nxstack / cdk synth, no daemon, graph warm (goal <= 0.2x)`, ratio(m('nxAll'), m('cdkAll'))],
  [`${N} fns: nxstack / cdk synth, no daemon, graph cold`, ratio(m('nxAllCold'), m('cdkAll'))],
  ...(d ? [[`${N} fns: nxstack / cdk synth, daemon (goal <= 0.2x)`, ratio(m('nxAll', d), m('cdkAll'))]] : []),
  [`${N} fns: nxstack / raw esbuild one call, no daemon, graph warm (goal <= 1.5x)`, ratio(m('nxAll'), m('rawAll'))],
  [`${N} fns: nxstack / raw esbuild one call, no daemon, graph cold`, ratio(m('nxAllCold'), m('rawAll'))],
  ...(d ? [[`${N} fns: nxstack / raw esbuild one call, daemon (goal <= 1.5x)`, ratio(m('nxAll', d), m('rawAll'))]] : []),
  [`${N} fns: run-many batch / raw esbuild one call, no daemon`, ratio(m('nxPerFnBatch'), m('rawAll'))],
  [`${N} fns: run-many batch / run-many one process per task, no daemon`, ratio(m('nxPerFnBatch'), m('nxPerFn'))],
  [`${N} fns: cdk synth / raw esbuild one call`, ratio(m('cdkAll'), m('rawAll'))],
  [`zip bytes: nxstack (${N} zips)`, `${ourBytes}`],
  [`zip bytes: cdk assets zipped`, `${cdkBytes}`],
  ['zip bytes: nxstack / cdk', ratio(ourBytes, cdkBytes)],
]);
