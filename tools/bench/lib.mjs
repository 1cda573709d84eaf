// Shared helpers for the benchmarks: timing child processes and printing ratio tables.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Runs argv in cwd, returns wall seconds; throws with the output tail when it fails. */
export function timed(argv, { cwd, env = {}, label = argv.join(' ') } = {}) {
  const start = process.hrtime.bigint();
  const res = spawnSync(argv[0], argv.slice(1), { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (res.status !== 0) {
    const tail = `${res.stdout ?? ''}\n${res.stderr ?? ''}`.split('\n').slice(-40).join('\n');
    throw new Error(`${label} failed (exit ${res.status}):\n${tail}`);
  }
  return { seconds, stdout: res.stdout };
}

/** Best of n runs: the least disturbed measurement on a shared 2-core machine. */
export function bestOf(n, fn) {
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, fn().seconds);
  return best;
}

export function dirBytes(dir, filter = () => true) {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    const s = statSync(p);
    if (s.isDirectory()) total += dirBytes(p, filter);
    else if (filter(p)) total += s.size;
  }
  return total;
}

export function printTable(title, rows) {
  console.log(`\n${title}`);
  const w = Math.max(...rows.map((r) => r[0].length));
  for (const [name, value] of rows) console.log(`  ${name.padEnd(w)}  ${value}`);
}

export const fmt = (s) => `${s.toFixed(2)} s`;
export const ratio = (a, b) => `${(a / b).toFixed(2)}x`;
