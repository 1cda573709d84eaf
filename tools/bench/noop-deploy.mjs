#!/usr/bin/env node
// Benchmark (issue 11, "No-op deploy" in README.md): `nx run api:deploy --stage <s>` when nothing
// changed (2 functions, package tasks cached, artifacts present, stack up to date) against a bare
// `nx show projects` in the same workspace, through the real nx CLI on the packed packages, moto,
// daemon off. Also `nx run api:validate` (one cached task, no task process): what any `nx run`
// costs before a task process is forked. Cases alternate round by round; medians of wall and CPU.
//   node tools/bench/noop-deploy.mjs [--rounds 5]
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { installOurPackages } from './install-packages.mjs';
import { fmt, printTable, timed } from './lib.mjs';
import { loadAverage, median, timedWithCpu } from './process-time.mjs';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 5) || 5;
const repo = resolve(import.meta.dirname, '..', '..');
const ws = join(repo, 'tools/bench/.work/noop-deploy');
const motoDir = join(ws, '.moto');

mkdirSync(ws, { recursive: true });
cpSync(join(repo, 'e2e/sample-workspace'), ws, { recursive: true, filter: (src) => !src.endsWith('package.json') });
const sample = JSON.parse(readFileSync(join(repo, 'e2e/sample-workspace/package.json'), 'utf8'));
installOurPackages({ repo, ws, name: 'nxstack-bench-noop-deploy', devDependencies: sample.devDependencies, dependencies: sample.dependencies });

const moto = execFileSync('bash', [join(repo, 'tools/services/moto.sh'), 'start', motoDir], { encoding: 'utf8' }).trim();
const env = { AWS_ENDPOINT_URL: moto, AWS_ACCESS_KEY_ID: 'testing', AWS_SECRET_ACCESS_KEY: 'testing', AWS_REGION: 'us-east-1', AWS_EC2_METADATA_DISABLED: 'true', NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const nx = (...a) => [process.execPath, join(ws, 'node_modules/nx/dist/bin/nx.js'), ...a];
const stage = ['--stage', 'bench-noop', '--region', 'us-east-1'];

try {
  timed(nx('run', 'api:deploy', ...stage), { cwd: ws, env, label: 'first deploy' });
  const cases = {
    'nx show projects': nx('show', 'projects'),
    'nx run api:validate (cached, no task process)': nx('run', 'api:validate', ...stage),
    'nx run api:deploy, no-op': nx('run', 'api:deploy', ...stage),
  };
  const results = Object.fromEntries(Object.keys(cases).map((k) => [k, { wall: [], cpu: [] }]));
  const loads = [];
  for (let i = 0; i < rounds; i++) {
    loads.push(loadAverage());
    for (const [name, argv] of Object.entries(cases)) {
      const r = timedWithCpu(argv, { cwd: ws, env, label: name });
      if (name.includes('deploy') && !/stack api-bench-noop is up to date/.test(r.stdout)) throw new Error(`the no-op deploy was not one:\n${r.stdout.slice(-3000)}`);
      results[name].wall.push(r.seconds);
      if (r.cpu !== undefined) results[name].cpu.push(r.cpu);
    }
  }
  const base = results['nx show projects'];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    `${fmt(median(r.wall))} wall (${(median(r.wall) / median(base.wall)).toFixed(2)}x)` + (r.cpu.length ? `, ${fmt(median(r.cpu))} CPU (${(median(r.cpu) / median(base.cpu)).toFixed(2)}x)` : ''),
  ]);
  printTable(`no-op deploy vs a bare nx run, medians of ${rounds} alternating rounds; load average per round: ${loads.join(' | ')}`, rows);
} finally {
  execFileSync('bash', [join(repo, 'tools/services/moto.sh'), 'stop', motoDir], { stdio: 'inherit' });
}
