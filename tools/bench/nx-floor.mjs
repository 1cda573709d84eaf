#!/usr/bin/env node
// Benchmark (issue 11): the floor of any `nx run` without the daemon — what Nx itself costs before
// any plugin or executor of ours runs. A one-project workspace with no plugin in nx.json, the same
// nx install as node-package.mjs (its node_modules, linked), and a local executor that does nothing:
// - `nx show projects`: Nx's start and project graph, no task;
// - `nx run p:noop --skip-nx-cache`: the same plus one forked task process (Nx's run-executor).
// Every ratio goal of issue 11 whose budget (goal × the peer's time) is below the second figure
// cannot be met by any plugin or executor. Cases alternate; medians of wall and CPU per case.
//   node tools/bench/nx-floor.mjs [--runs 5]     (run node-package.mjs once first: it installs nx)
import { existsSync, mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { execFileSync } from 'node:child_process';
import { fmt, printTable } from './lib.mjs';
import { loadAverage, median, timedWithCpu } from './process-time.mjs';

const args = process.argv.slice(2);
const runs = Number(args[args.indexOf('--runs') + 1] || 5) || 5;
const repo = resolve(import.meta.dirname, '..', '..');
const modules = join(repo, 'tools/bench/.work/node-package/node_modules');
if (!existsSync(join(modules, 'nx'))) throw new Error(`no nx under ${modules}: run node tools/bench/node-package.mjs once first`);
const ws = join(repo, 'tools/bench/.work/nx-floor');

rmSync(ws, { recursive: true, force: true });
const write = (file, text) => { mkdirSync(join(ws, file, '..'), { recursive: true }); writeFileSync(join(ws, file), text); };
mkdirSync(ws, { recursive: true });
symlinkSync(modules, join(ws, 'node_modules'));
write('package.json', JSON.stringify({ name: 'nx-floor', private: true }));
write('nx.json', JSON.stringify({ useDaemonProcess: false }));
write('tools/noop/package.json', JSON.stringify({ name: 'noop-executor', version: '0.0.0', executors: './executors.json' }));
write('tools/noop/executors.json', JSON.stringify({ executors: { noop: { implementation: './impl.js', schema: './schema.json', description: 'does nothing' } } }));
write('tools/noop/schema.json', JSON.stringify({ type: 'object', properties: {} }));
write('tools/noop/impl.js', 'module.exports = async function noop() { return { success: true }; };\n');
write('apps/p/project.json', JSON.stringify({ name: 'p', root: 'apps/p', targets: { noop: { executor: './tools/noop:noop', cache: false } } }));
execFileSync('git', ['init', '-q', ws]);

const nx = join(ws, 'node_modules/.bin/nx');
const env = { NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_SKIP_LOG_GROUPING: 'true' };
const cases = {
  'nx show projects (no plugin)': [nx, 'show', 'projects'],
  'nx run p:noop --skip-nx-cache (one forked no-op task)': [nx, 'run', 'p:noop', '--skip-nx-cache'],
};
for (const argv of Object.values(cases)) timedWithCpu(argv, { cwd: ws, env }); // warm-up: disk cache, Nx's workspace data
const wall = {}, cpu = {}, loads = [];
for (let i = 0; i < runs; i++) {
  loads.push(loadAverage());
  for (const [name, argv] of Object.entries(cases)) {
    const r = timedWithCpu(argv, { cwd: ws, env });
    (wall[name] ??= []).push(r.seconds);
    (cpu[name] ??= []).push(r.cpu);
  }
}
printTable(`Nx's own floor without the daemon (nx ${JSON.parse(execFileSync('node', ['-p', 'JSON.stringify(require("nx/package.json").version)'], { cwd: ws, encoding: 'utf8' }))}), medians of ${runs} alternating rounds; load average per round: ${loads.join(' | ')}`,
  Object.keys(cases).map((name) => [name, `${fmt(median(wall[name]))} wall, ${fmt(median(cpu[name]))} CPU (GNU time: the nx CLI and the processes it waited for)`]));
