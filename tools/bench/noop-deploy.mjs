#!/usr/bin/env node
// Benchmark (issue 11, "No-op deploy" in README.md): `nx run api:deploy --stage <s>` when nothing
// changed (2 functions, package tasks cached, artifacts present, stack up to date) against a bare
// `nx show projects` in the same workspace, through the real nx CLI on the packed packages, moto,
// daemon off. Also `nx run api:validate` (one cached task, no task process): what any `nx run`
// costs before a task process is forked. Cases alternate round by round; medians of wall and CPU.
//   node tools/bench/noop-deploy.mjs [--rounds 5]
import { resolve } from 'node:path';
import { sampleOnMoto } from './sample-on-moto.mjs';
import { fmt, printTable, timed } from './lib.mjs';
import { loadAverage, median, timedWithCpu } from './process-time.mjs';

const args = process.argv.slice(2);
const rounds = Number(args[args.indexOf('--rounds') + 1] || 5) || 5;
const repo = resolve(import.meta.dirname, '..', '..');
const { ws, env, nx, stopMoto } = sampleOnMoto(repo, 'noop-deploy');
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
  stopMoto();
}
