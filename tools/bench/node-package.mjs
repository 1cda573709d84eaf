#!/usr/bin/env node
// Benchmark (issue 3): nxstack's Node packaging vs AWS CDK NodejsFunction (`cdk synth`, local
// esbuild) and raw esbuild, measured side by side in one run on the same generated handlers.
//   node tools/bench/node-package.mjs [--functions 50] [--runs 3]   (medians of alternating rounds)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadavg } from 'node:os';
import { alternating } from './alternate.mjs';
import { dirBytes, fmt, printTable, ratio, timed } from './lib.mjs';
import { generateNodeWorkspace } from './node-workspace.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const N = opt('functions', 50);
const RUNS = opt('runs', 3);
const repo = resolve(import.meta.dirname, '..', '..');
const ws = join(repo, 'tools/bench/.work/node-package');

generateNodeWorkspace({ repo, ws, count: N });
const bin = (name) => join(ws, 'node_modules', '.bin', name);
const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_LOG_GROUPING: 'true' };
const cdkEnv = { CDK_DISABLE_VERSION_CHECK: '1', CDK_DISABLE_CLI_TELEMETRY: 'true' };
const entries = Array.from({ length: N }, (_, i) => `apps/many/src/fn${i + 1}.ts`);

// Warm-up: first runs pay disk cache and Nx project-graph costs that every later run reuses.
timed([bin('nx'), 'show', 'projects'], { cwd: ws, env: nxEnv });

const esbuildArgs = ['--bundle', '--platform=node', '--target=node20', '--format=cjs', '--sourcemap', '--external:@aws-sdk/*', '--log-level=error'];
const cdk = (count) => () => {
  const out = join(ws, `cdk.out.${count}`);
  rmSync(out, { recursive: true, force: true });
  return timed([bin('cdk'), 'synth', '--quiet', '--no-notices', '--no-version-reporting', '--output', out], { cwd: ws, env: { ...cdkEnv, FN_COUNT: String(count) } });
};
const nx = (args, env = nxEnv) => () => timed([bin('nx'), ...args, '--skip-nx-cache'], { cwd: ws, env });
// The 50 per-function targets in one run: one process per task, or (batch mode) one for all.
const perFunction = ['run-many', '--projects=many', `--targets=${Array.from({ length: N }, (_, i) => `package--fn${i + 1}`).join(',')}`];
const batchEnv = { ...nxEnv, NX_BATCH_MODE: 'true' };
// With the Nx daemon (Nx's default on a developer machine) the project graph is computed once
// and kept, so a run pays only for its tasks. CI runs without it.
const daemonEnv = { ...nxEnv, NX_DAEMON: 'true' };

// Every case once per round, alternating, so load from other processes hits all of them alike.
const loadBefore = loadavg();
const { medians: t, loads } = alternating(RUNS, {
  rawOne: () => timed([bin('esbuild'), ...esbuildArgs, `--outdir=${join(ws, 'raw-out-1')}`, 'apps/one/src/fn1.ts'], { cwd: ws }),
  rawAll: () => {
    rmSync(join(ws, 'raw-out'), { recursive: true, force: true });
    return timed([bin('esbuild'), ...esbuildArgs, `--outdir=${join(ws, 'raw-out')}`, ...entries], { cwd: ws });
  },
  cdkOne: cdk(1),
  cdkAll: cdk(N),
  nxOne: nx(['run', 'one:package--fn1']),
  nxAll: nx(['run', 'many:package']),
  nxAllBatch: nx(['run', 'many:package'], batchEnv),
  nxPerFn: nx(perFunction),
  nxPerFnBatch: nx(perFunction, batchEnv),
});
timed([bin('nx'), 'show', 'projects'], { cwd: ws, env: daemonEnv });
const { medians: d } = alternating(RUNS, {
  nxOne: nx(['run', 'one:package--fn1'], daemonEnv),
  nxAll: nx(['run', 'many:package'], daemonEnv),
  nxPerFnBatch: nx(perFunction, { ...daemonEnv, NX_BATCH_MODE: 'true' }),
});
timed([bin('nx'), 'daemon', '--stop'], { cwd: ws, env: daemonEnv });
const { rawOne, rawAll, cdkOne, cdkAll, nxOne, nxAll } = t;

// Bytes: our zips vs CDK's asset folders zipped the way CDK uploads them.
const ourDir = join(ws, 'dist/stack/apps/many');
const ourBytes = dirBytes(ourDir, (p) => p.endsWith('.zip'));
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

printTable(`nxstack packaging vs cdk synth vs raw esbuild (${N} functions, median of ${RUNS} alternating rounds, cold Nx cache (--skip-nx-cache), warm disk, ${new Date().toISOString()})`, [
  ['load average (1/5/15 min) before', loadBefore.map((l) => l.toFixed(1)).join(' / ')],
  ['load average (1 min) at each round', loads.map((l) => l.toFixed(1)).join(', ')],
  ['raw esbuild, 1 entry', fmt(rawOne)],
  [`raw esbuild, ${N} entries in one call`, fmt(rawAll)],
  ['cdk synth, 1 NodejsFunction', fmt(cdkOne)],
  [`cdk synth, ${N} NodejsFunctions`, fmt(cdkAll)],
  ['nx run one:package--fn1 (no daemon)', fmt(nxOne)],
  ['nx run many:package (aggregate, no daemon)', fmt(nxAll)],
  ['nx run many:package (aggregate, NX_BATCH_MODE=true, no daemon)', fmt(t.nxAllBatch)],
  [`nx run-many ${N} package--fn targets (one process each, no daemon)`, fmt(t.nxPerFn)],
  [`nx run-many ${N} package--fn targets (NX_BATCH_MODE=true, no daemon)`, fmt(t.nxPerFnBatch)],
  ['nx run one:package--fn1 (daemon)', fmt(d.nxOne)],
  ['nx run many:package (daemon)', fmt(d.nxAll)],
  [`nx run-many ${N} package--fn targets (NX_BATCH_MODE=true, daemon)`, fmt(d.nxPerFnBatch)],
  ['1 fn: nxstack / cdk synth, no daemon (goal <= 0.5x)', ratio(nxOne, cdkOne)],
  ['1 fn: nxstack / cdk synth, daemon (goal <= 0.5x)', ratio(d.nxOne, cdkOne)],
  ['1 fn: nxstack / raw esbuild, no daemon', ratio(nxOne, rawOne)],
  [`${N} fns: nxstack / cdk synth, no daemon (goal <= 0.2x)`, ratio(nxAll, cdkAll)],
  [`${N} fns: nxstack / cdk synth, daemon (goal <= 0.2x)`, ratio(d.nxAll, cdkAll)],
  [`${N} fns: nxstack / raw esbuild one call, no daemon (goal <= 1.5x)`, ratio(nxAll, rawAll)],
  [`${N} fns: nxstack / raw esbuild one call, daemon (goal <= 1.5x)`, ratio(d.nxAll, rawAll)],
  [`${N} fns: run-many batch / raw esbuild one call, no daemon`, ratio(t.nxPerFnBatch, rawAll)],
  [`${N} fns: run-many batch / run-many one process per task, no daemon`, ratio(t.nxPerFnBatch, t.nxPerFn)],
  [`${N} fns: cdk synth / raw esbuild one call`, ratio(cdkAll, rawAll)],
  [`zip bytes: nxstack (${N} zips)`, `${ourBytes}`],
  [`zip bytes: cdk assets zipped`, `${cdkBytes}`],
  ['zip bytes: nxstack / cdk', ratio(ourBytes, cdkBytes)],
]);
