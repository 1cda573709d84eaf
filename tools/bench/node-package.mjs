#!/usr/bin/env node
// Benchmark (issue 3, issue 11): nxstack's Node packaging vs AWS CDK NodejsFunction (`cdk synth`,
// local esbuild) and raw esbuild, whole processes side by side in one run on the same generated
// handlers: every round runs each case once, in turn; medians are reported.
//   node tools/bench/node-package.mjs [--functions 50] [--runs 3] [--no-daemon-rows] [--baseline <name>] [--only <case,...>]
// --baseline <name>: tools/bench/.work/<name> holds this workspace installed with other packages
// (e.g. main's: run this script once on main, then `mv tools/bench/.work/node-package
// tools/bench/.work/<name>`); its `nx run` cases run in the same rounds, side by side.
// --only <case,...>: run only these cases (names as in the table's keys: rawAll, nxAll, nxShow…;
// baseline cases get a `Base` suffix), e.g. `--only rawAll,nxShow,nxAll,nxAllBase --no-daemon-rows`.
// Cache state, the same for every side: no task cache (--skip-nx-cache; cdk.out and esbuild's
// outdir removed before each run; neither esbuild nor cdk keeps a cache). "graph warm" = Nx's
// workspace data (its project-graph cache and our createNodes cache) left from the previous run,
// as on a developer machine; "graph cold" = .nx/workspace-data removed first, as in a fresh CI
// checkout.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { dirBytes, fmt, printTable, ratio, timed } from './lib.mjs';
import { alternate, loadAverage, median } from './side-by-side.mjs';
import { timedWithCpu } from './process-time.mjs';
import { generateNodeWorkspace } from './node-workspace.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const N = opt('functions', 50);
const RUNS = opt('runs', 3);
const DAEMON_ROWS = !args.includes('--no-daemon-rows');
const strFlag = (name) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args[i + 1] : undefined; };
const BASELINE = strFlag('baseline');
const ONLY = strFlag('only')?.split(',');
const repo = resolve(import.meta.dirname, '..', '..');
const ws = join(repo, 'tools/bench/.work/node-package');

generateNodeWorkspace({ repo, ws, count: N });
const bin = (name) => join(ws, 'node_modules', '.bin', name);
const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_LOG_GROUPING: 'true' };
const cdkEnv = { CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
const entries = Array.from({ length: N }, (_, i) => `apps/many/src/fn${i + 1}.ts`);
// Every case records its CPU seconds too (GNU time's user+sys of the process tree it waited for):
// on this shared machine CPU moves far less than the wall clock.
let lastCpu;
const secs = (argv, env = {}, cwd = ws) => {
  const r = timedWithCpu(argv, { cwd, env });
  lastCpu = r.cpu;
  return r.seconds;
};
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
  return secs([join(dir, 'node_modules/.bin/nx'), ...(Array.isArray(target) ? target : ['run', target]), '--skip-nx-cache'], env, dir);
};
const baseWs = BASELINE && join(repo, 'tools/bench/.work', BASELINE);
if (baseWs && !existsSync(join(baseWs, 'node_modules/nx'))) throw new Error(`--baseline ${BASELINE}: no bench workspace at ${baseWs}`);
// The 50 per-function targets in one run: one process per task, or (Nx batch mode) one for all.
const perFunction = ['run-many', '--projects=many', `--targets=${Array.from({ length: N }, (_, i) => `package--fn${i + 1}`).join(',')}`];
const batchEnv = { ...nxEnv, NX_BATCH_MODE: 'true' };

// Warm-up: first runs pay disk cache and Nx project-graph costs that every later run reuses.
secs([bin('nx'), 'show', 'projects'], nxEnv);
if (baseWs) timed([join(baseWs, 'node_modules/.bin/nx'), 'show', 'projects'], { cwd: baseWs, env: nxEnv });
const loadBefore = loadAverage();
const cpu = {};
const withCpu = (k, run) => () => {
  lastCpu = undefined;
  const seconds = run();
  (cpu[k] ??= []).push(lastCpu);
  return seconds;
};
const pick = (cases) => Object.fromEntries(Object.entries(cases).filter(([k, v]) => v && (!ONLY || ONLY.includes(k))).map(([k, v]) => [k, withCpu(k, v)]));
const r = alternate(RUNS, pick({
  rawOne: esbuild('raw-out-1', ['apps/one/src/fn1.ts']),
  rawAll: esbuild('raw-out', entries),
  cdkOne: cdk(1),
  cdkAll: cdk(N),
  nxOne: nx('one:package--fn1'),
  nxAll: nx('many:package'),
  nxOneCold: nx('one:package--fn1', { graphCold: true }),
  nxAllCold: nx('many:package', { graphCold: true }),
  nxAllBatch: nx('many:package', { env: batchEnv }),
  nxPerFn: nx(perFunction),
  nxPerFnBatch: nx(perFunction, { env: batchEnv }),
  nxShow: () => secs([bin('nx'), 'show', 'projects'], nxEnv),
  nxOneBase: baseWs && nx('one:package--fn1', { dir: baseWs }),
  nxAllBase: baseWs && nx('many:package', { dir: baseWs }),
  nxAllColdBase: baseWs && nx('many:package', { dir: baseWs, graphCold: true }),
  nxPerFnBatchBase: baseWs && nx(perFunction, { env: batchEnv, dir: baseWs }),
}));
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
for (const name of existsSync(assetsDir) ? readdirSync(assetsDir) : []) {
  const p = join(assetsDir, name);
  if (!name.startsWith('asset.') || !statSync(p).isDirectory()) continue;
  const zip = join(ws, '.cdk-asset.zip');
  rmSync(zip, { force: true });
  execFileSync('zip', ['-qrX9', zip, '.'], { cwd: p });
  cdkBytes += statSync(zip).size;
}

const m = (k, set = r) => set?.[k]?.median ?? NaN;
const all = (k, set = r) => set?.[k]?.all.map((s) => s.toFixed(2)).join(' ');
const cpuOf = (k, set) => (set === r && cpu[k]?.length && cpu[k].every((c) => c !== undefined) ? `; CPU ${fmt(median(cpu[k]))}  [${cpu[k].map((c) => c.toFixed(2)).join(' ')}]` : '');
const cell = (k, set = r) => `${fmt(m(k, set))}  [${all(k, set)}]${cpuOf(k, set)}`;
printTable(`nxstack packaging vs cdk synth vs raw esbuild (${N} functions, medians of ${RUNS} alternating rounds, ${new Date().toISOString()})`, [
  ['load average (1/5/15 min) before / after', `${loadBefore}  |  ${loadAfter}  (2 cores)`],
  ['raw esbuild, 1 entry', cell('rawOne')],
  [`raw esbuild, ${N} entries in one call`, cell('rawAll')],
  ['cdk synth, 1 NodejsFunction', cell('cdkOne')],
  [`cdk synth, ${N} NodejsFunctions`, cell('cdkAll')],
  ['nx show projects (no daemon, graph warm)', cell('nxShow')],
  ['nx run one:package--fn1 (no daemon, graph warm)', cell('nxOne')],
  [`nx run many:package (no daemon, graph warm)`, cell('nxAll')],
  [`nx run one:package--fn1 (no daemon, graph warm) [baseline ${BASELINE}]`, cell('nxOneBase')],
  [`nx run many:package (no daemon, graph warm) [baseline ${BASELINE}]`, cell('nxAllBase')],
  [`nx run many:package (no daemon, graph cold) [baseline ${BASELINE}]`, cell('nxAllColdBase')],
  [`nx run-many ${N} package--fn targets (NX_BATCH_MODE=true, no daemon) [baseline ${BASELINE}]`, cell('nxPerFnBatchBase')],
  ['nx run one:package--fn1 (no daemon, graph cold)', cell('nxOneCold')],
  [`nx run many:package (no daemon, graph cold)`, cell('nxAllCold')],
  ['nx run many:package (NX_BATCH_MODE=true, no daemon, graph warm)', cell('nxAllBatch')],
  [`nx run-many ${N} package--fn targets (one process each, no daemon)`, cell('nxPerFn')],
  [`nx run-many ${N} package--fn targets (NX_BATCH_MODE=true, no daemon)`, cell('nxPerFnBatch')],
  ...(d
    ? [
        ['nx run one:package--fn1 (daemon)', cell('nxOne', d)],
        [`nx run many:package (daemon)`, cell('nxAll', d)],
        [`nx run-many ${N} package--fn targets (NX_BATCH_MODE=true, daemon)`, cell('nxPerFnBatch', d)],
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
  [`${N} fns: baseline ${BASELINE} / raw esbuild one call, no daemon, graph warm`, ratio(m('nxAllBase'), m('rawAll'))],
  [`${N} fns: nxstack / baseline ${BASELINE}, no daemon, graph warm`, ratio(m('nxAll'), m('nxAllBase'))],
  [`1 fn: nxstack / baseline ${BASELINE}, no daemon, graph warm`, ratio(m('nxOne'), m('nxOneBase'))],
  [`${N} fns run-many batch: nxstack / baseline ${BASELINE}, no daemon`, ratio(m('nxPerFnBatch'), m('nxPerFnBatchBase'))],
  [`${N} fns: nxstack / raw esbuild one call, no daemon, graph cold`, ratio(m('nxAllCold'), m('rawAll'))],
  ...(d ? [[`${N} fns: nxstack / raw esbuild one call, daemon (goal <= 1.5x)`, ratio(m('nxAll', d), m('rawAll'))]] : []),
  [`${N} fns: run-many batch / raw esbuild one call, no daemon`, ratio(m('nxPerFnBatch'), m('rawAll'))],
  [`${N} fns: run-many batch / run-many one process per task, no daemon`, ratio(m('nxPerFnBatch'), m('nxPerFn'))],
  [`${N} fns: cdk synth / raw esbuild one call`, ratio(m('cdkAll'), m('rawAll'))],
  [`zip bytes: nxstack (${N} zips)`, `${ourBytes}`],
  [`zip bytes: cdk assets zipped`, `${cdkBytes}`],
  ['zip bytes: nxstack / cdk', ratio(ourBytes, cdkBytes)],
].filter(([, value]) => !/NaN|undefined|^0$/.test(String(value)) && !String(value).startsWith('Infinity')));
