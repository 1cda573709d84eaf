#!/usr/bin/env node
// Where the time of one `nx run` goes (issue 11): the nx CLI, its plugin worker and the task
// process each write a V8 CPU profile (cpu-profile-preload.cjs through NODE_OPTIONS=--require;
// profile timestamps use the machine's monotonic clock, shared by the processes), Nx's own performance marks are printed (NX_PERF_LOGGING), and this script cuts
// the run into phases: Nx start, plugin load, createNodes, the rest of the graph + hashing, task
// start, our work, teardown. Daemon off, as in CI. Run in the node-package.mjs workspace.
//   node tools/bench/profile-nx-run.mjs [--runs 3] [--graph warm|cold] [--ws <dir>] [target ...]
// Default targets: one:package--fn1 and many:package, each with --skip-nx-cache.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadAverage, median } from './side-by-side.mjs';
import { generateNodeWorkspace } from './node-workspace.mjs';

const args = process.argv.slice(2);
const flag = (name, def) => { const i = args.indexOf(`--${name}`); return i >= 0 ? args.splice(i, 2)[1] : def; };
const RUNS = Number(flag('runs', '3'));
const GRAPH = flag('graph', 'warm');
const repo = resolve(import.meta.dirname, '..', '..');
const wsFlag = flag('ws', undefined);
const targets = args.length ? args : ['one:package--fn1', 'many:package'];
const ws = wsFlag ? resolve(wsFlag) : join(repo, 'tools/bench/.work/node-package');
if (!wsFlag && (!existsSync(join(ws, 'node_modules/nx')) || process.env.BENCH_REINSTALL)) generateNodeWorkspace({ repo, ws, count: 50 });
const profDir = join(ws, '.profiles');

/** A profile's samples with absolute timestamps (µs) and, per sample, the frames' urls and names. */
function loadProfile(file) {
  const p = JSON.parse(readFileSync(file, 'utf8'));
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = new Map();
  const stack = (id) => {
    if (!stackOf.has(id)) {
      const frames = [];
      for (let x = id; x !== undefined; x = parent.get(x)) frames.push(byId.get(x).callFrame);
      stackOf.set(id, frames);
    }
    return stackOf.get(id);
  };
  let t = p.startTime;
  const samples = p.samples.map((id, i) => ({ t: (t += p.timeDeltas[i] ?? 0), frames: stack(id), id }));
  return { start: p.startTime, end: p.endTime, samples, byId, argv: p.argv ?? [] };
}

const within = (s, re) => s.frames.some((f) => re.test(f.url) || re.test(f.functionName));
const first = (prof, re, after = 0) => prof.samples.find((s) => s.t >= after && within(s, re))?.t;
const last = (prof, re) => [...prof.samples].reverse().find((s) => within(s, re))?.t;

/** Self CPU ms by package in a profile (idle excluded), top n. */
function cpuByPackage(prof, n = 6) {
  const by = new Map();
  let prev = prof.start;
  for (const s of prof.samples) {
    const dt = s.t - prev;
    prev = s.t;
    const leaf = s.frames[0];
    if (leaf.functionName === '(idle)' || leaf.functionName === '(program)') continue;
    const url = leaf.url.replace('file://', '');
    const nm = url.lastIndexOf('/node_modules/');
    const ours = /\/packages\/([^/]+)\/dist\//.exec(url);
    const key = nm >= 0 ? url.slice(nm + 14).split('/').slice(0, url.slice(nm + 14).startsWith('@') ? 2 : 1).join('/') : ours ? `@nxstack/${ours[1]}` : url.startsWith('node:') ? 'node' : leaf.functionName.startsWith('(') ? leaf.functionName : 'other';
    by.set(key, (by.get(key) ?? 0) + dt / 1000);
  }
  return [...by].sort((a, b) => b[1] - a[1]).slice(0, n).map(([k, ms]) => `${k} ${ms.toFixed(0)}`).join(', ');
}

function profileOnce(target) {
  rmSync(profDir, { recursive: true, force: true });
  mkdirSync(profDir, { recursive: true });
  if (GRAPH === 'cold') rmSync(join(ws, '.nx/workspace-data'), { recursive: true, force: true });
  const env = { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', NX_PERF_LOGGING: 'true', CPU_PROFILE_DIR: profDir, NODE_OPTIONS: `--require ${join(import.meta.dirname, 'cpu-profile-preload.cjs')}` };
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [join(ws, 'node_modules/nx/dist/bin/nx.js'), 'run', target, '--skip-nx-cache'], { cwd: ws, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  const wall = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`nx run ${target} failed:\n${r.stdout}\n${r.stderr}`);
  const profiles = readdirSync(profDir).map((f) => loadProfile(join(profDir, f)));
  const byArgv = (re) => profiles.find((p) => p.argv.some((a) => re.test(a)));
  const task = byArgv(/run-executor\.js$/);
  const worker = profiles.find((p) => p !== task && p.samples.some((s) => within(s, /@nxstack\/plugin|packages\/plugin\/dist/)));
  const main = byArgv(/bin\/nx\.js$/);
  const ourPlugin = /node_modules\/@nxstack\/plugin\//;
  const createNodesStart = first(worker, /^createStackNodes$/);
  const createNodesEnd = last(worker, /node_modules\/@nxstack\/(plugin|core)\//);
  const workStart = first(task, /node_modules\/@nxstack\/packager-node\/dist\/lib\//);
  const workEnd = last(task, /node_modules\/@nxstack\/packager-node\/dist\//);
  const perf = (name) => [...`${r.stdout}${r.stderr}`.matchAll(new RegExp(`Time taken for '${name}' ([\\d.]+)ms`, 'g'))].reduce((a, m) => a + Number(m[1]), 0);
  const ms = (a, b) => (b - a) / 1000;
  return {
    wall,
    phases: {
      'Nx start (nx CLI start → plugin worker start)': ms(main.start, worker.start),
      'plugin load (worker start → createNodes called; incl. requiring @nxstack/plugin)': ms(worker.start, createNodesStart),
      'createNodes (@nxstack/plugin, first → last sample)': ms(createNodesStart, createNodesEnd),
      'rest of graph, task hashing, scheduling (→ task process start)': ms(createNodesEnd, task.start),
      '  of which Nx task hashing (NX_PERF_LOGGING hashMultipleTasks + hashSingleTask)': perf('hashMultipleTasks') + perf('hashSingleTask'),
      'task start (task process start → our executor code; node + nx run-executor + requires)': ms(task.start, workStart),
      'our work (packager-node, first → last sample)': ms(workStart, workEnd),
      'teardown (→ nx CLI exit)': ms(workEnd, main.end),
    },
    cpu: { 'nx CLI': cpuByPackage(main), 'plugin worker': cpuByPackage(worker), 'task process': cpuByPackage(task) },
    processes: profiles.length,
    ourPluginLoaded: worker.samples.some((s) => within(s, ourPlugin)),
  };
}

console.log(`profile of nx run (daemon off, graph ${GRAPH}, median of ${RUNS}; load average ${loadAverage()} on 2 cores; ${new Date().toISOString()})`);
for (const target of targets) {
  profileOnce(target); // warm-up: disk cache; fills the graph caches for "warm"
  const runs = Array.from({ length: RUNS }, () => profileOnce(target));
  console.log(`\nnx run ${target} --skip-nx-cache: wall ${median(runs.map((r) => r.wall)).toFixed(0)} ms (under --cpu-prof), ${runs[0].processes} node processes`);
  for (const phase of Object.keys(runs[0].phases)) console.log(`  ${phase.padEnd(92)} ${median(runs.map((r) => r.phases[phase])).toFixed(0).padStart(6)} ms`);
  console.log('  CPU by package (self ms, last run):');
  for (const [proc, text] of Object.entries(runs.at(-1).cpu)) console.log(`    ${proc.padEnd(14)} ${text}`);
}
console.log(`\nload average after: ${loadAverage()}`);
