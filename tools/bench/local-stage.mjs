#!/usr/bin/env node
// Benchmark (issue 12): a cold local deploy of the sample workspace (`nx run api:deploy` on the
// `local` stage: validate, package each resource, publish to .nxstack/local, compile, write the
// state) against packaging alone (`nx run api:package`), both without the Nx cache, in one run.
// Goal: deploy ≤ 2× package.
//   node tools/bench/local-stage.mjs [--runs 3]
import { cpSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installOurPackages } from './install-packages.mjs';
import { bestOf, fmt, printTable, ratio, timed } from './lib.mjs';

const args = process.argv.slice(2);
const opt = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? Number(args[i + 1]) : def; };
const RUNS = opt('runs', 3);
const repo = resolve(import.meta.dirname, '..', '..');
const sample = join(repo, 'e2e/sample-workspace');
const ws = join(repo, 'tools/bench/.work/local-stage');

const samplePkg = JSON.parse(readFileSync(join(sample, 'package.json'), 'utf8'));
cpSync(sample, ws, { recursive: true, filter: (src) => src !== join(sample, 'package.json') && !src.includes('node_modules') });
installOurPackages({ repo, ws, name: 'local-stage-bench', devDependencies: samplePkg.devDependencies, dependencies: samplePkg.dependencies });

const nx = [process.execPath, join(ws, 'node_modules/nx/dist/bin/nx.js')];
const nxEnv = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_LOG_GROUPING: 'true', NXSTACK_STAGE: '' };
const clean = () => {
  for (const dir of ['dist/stack', '.nxstack/local']) rmSync(join(ws, dir), { recursive: true, force: true });
};
// Warm-up: the first nx run pays the project graph and disk cache that every later run reuses.
timed([...nx, 'show', 'projects'], { cwd: ws, env: nxEnv });

const pkg = bestOf(RUNS, () => {
  clean();
  return timed([...nx, 'run', 'api:package', '--skip-nx-cache'], { cwd: ws, env: nxEnv });
});
const deploy = bestOf(RUNS, () => {
  clean();
  return timed([...nx, 'run', 'api:deploy', '--skip-nx-cache'], { cwd: ws, env: nxEnv });
});

printTable(`Sample workspace, local stage, cold (no Nx cache, no .nxstack state), best of ${RUNS}`, [
  ['nx run api:package (baseline)', fmt(pkg)],
  ['nx run api:deploy (local)', fmt(deploy)],
  ['deploy / package (goal ≤ 2x)', ratio(deploy, pkg)],
]);
