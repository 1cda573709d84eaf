#!/usr/bin/env node
// Benchmark (issue 11, "No-op deploy" in README.md): `nx run api:deploy --stage <s>` when nothing
// changed (2 functions, package tasks cached, artifacts present, stack up to date) against a bare
// `nx show projects` in the same workspace, through the real nx CLI on the packed packages, moto,
// daemon off. Also `nx run api:validate` (one cached task, no task process): what any `nx run`
// costs before a task process is forked. Cases alternate round by round; medians of wall and CPU.
//   node tools/bench/noop-deploy.mjs [--rounds 5] [--baseline <name>]
// --baseline <name>: tools/bench/.work/<name> holds this workspace installed with other packages
// (e.g. main's: run this script once on main, then `mv tools/bench/.work/noop-deploy
// tools/bench/.work/<name>`); its no-op deploy runs in the same rounds, side by side, on its own moto.
import { resolve } from 'node:path';
import { sampleOnMoto } from './sample-on-moto.mjs';
import { fmt, printTable, timed } from './lib.mjs';
import { loadAverage, median, timedWithCpu } from './process-time.mjs';

const args = process.argv.slice(2);
const flag = (name, def) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : def);
const rounds = Number(flag('rounds', 5)) || 5;
const baselineName = flag('baseline', undefined);
const repo = resolve(import.meta.dirname, '..', '..');
const stage = ['--stage', 'bench-noop', '--region', 'us-east-1'];
const workspaces = [{ label: '', ...sampleOnMoto(repo, 'noop-deploy') }];
if (baselineName) workspaces.push({ label: ` [baseline ${baselineName}]`, ...sampleOnMoto(repo, baselineName, { install: false }) });

try {
  const cases = {};
  for (const { label, ws, env, nx } of workspaces) {
    timed(nx('run', 'api:deploy', ...stage), { cwd: ws, env, label: `first deploy${label}` });
    const run = (argv) => ({ argv, cwd: ws, env });
    if (!label) {
      cases['nx show projects'] = run(nx('show', 'projects'));
      cases['nx run api:validate (cached, no task process)'] = run(nx('run', 'api:validate', ...stage));
    }
    cases[`nx run api:deploy, no-op${label}`] = run(nx('run', 'api:deploy', ...stage));
  }
  const results = Object.fromEntries(Object.keys(cases).map((k) => [k, { wall: [], cpu: [] }]));
  const loads = [];
  for (let i = 0; i < rounds; i++) {
    loads.push(loadAverage());
    for (const [name, { argv, cwd, env }] of Object.entries(cases)) {
      const r = timedWithCpu(argv, { cwd, env, label: name });
      if (name.includes('deploy') && !/stack api-bench-noop is up to date/.test(r.stdout)) throw new Error(`the no-op deploy was not one:\n${r.stdout.slice(-3000)}`);
      if (name.includes('deploy') && /uploads=[1-9]/.test(r.stdout)) throw new Error(`the no-op deploy uploaded something:\n${r.stdout.slice(-3000)}`);
      results[name].wall.push(r.seconds);
      if (r.cpu !== undefined) results[name].cpu.push(r.cpu);
    }
  }
  const base = results['nx show projects'];
  const rows = Object.entries(results).map(([name, r]) => [
    name,
    `${fmt(median(r.wall))} wall (${(median(r.wall) / median(base.wall)).toFixed(2)}x)` + (r.cpu.length ? `, ${fmt(median(r.cpu))} CPU (${(median(r.cpu) / median(base.cpu)).toFixed(2)}x)` : '') + `  [CPU per round: ${r.cpu.map((c) => c.toFixed(2)).join(' ')}]`,
  ]);
  printTable(`no-op deploy vs a bare nx run, medians of ${rounds} alternating rounds; load average per round: ${loads.join(' | ')}; after: ${loadAverage()}`, rows);
} finally {
  for (const { stopMoto } of workspaces) stopMoto();
}
