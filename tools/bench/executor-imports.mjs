#!/usr/bin/env node
// What loading each executor costs: every executor entry module (executors.json `implementation`
// and `batchImplementation`) and the plugin entry are required in a fresh Node process, which
// reports the milliseconds (wall and CPU) the require took and the packages it loaded. Shared by
// tools/executor-imports.test.ts (which packages may load) and the benchmark (how long it takes).
//   node tools/bench/executor-imports.mjs [--runs 5]   (after node tools/build.mjs)
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(import.meta.dirname, '..', '..');

/** Every executor entry module of the repo's packages: { id: '@nxstack/x:name' or '…(batch)', file }. */
export function executorEntries() {
  const out = [];
  for (const dir of readdirSync(join(repo, 'packages')).sort()) {
    const pkgDir = join(repo, 'packages', dir);
    const manifest = join(pkgDir, 'executors.json');
    if (!existsSync(manifest)) continue;
    const { executors } = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [name, e] of Object.entries(executors)) {
      out.push({ id: `@nxstack/${dir}:${name}`, file: join(pkgDir, `${e.implementation}.js`) });
      if (e.batchImplementation) out.push({ id: `@nxstack/${dir}:${name} (batch)`, file: join(pkgDir, `${e.batchImplementation}.js`) });
    }
  }
  out.push({ id: '@nxstack/plugin (createNodes entry)', file: join(repo, 'packages/plugin/dist/index.js') });
  return out;
}

// Runs in the fresh process: require the module, then name the packages of every loaded file.
const PROBE = `
const { performance } = require('node:perf_hooks');
const file = process.argv[1];
const t0 = performance.now();
const c0 = process.cpuUsage();
require(file);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
const names = new Set();
for (const f of Object.keys(require.cache)) {
  const p = f.split('\\\\').join('/');
  const i = p.lastIndexOf('/node_modules/');
  if (i >= 0) {
    const parts = p.slice(i + 14).split('/');
    names.add(parts[0].startsWith('@') ? parts[0] + '/' + parts[1] : parts[0]);
  } else {
    const m = /\\/packages\\/([^/]+)\\/dist\\//.exec(p);
    if (m) names.add('@nxstack/' + m[1]);
  }
}
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, packages: [...names].sort() }));
`;

/** Requires `file` in a fresh Node process: { ms, cpuMs, packages } (package names, @nxstack/* included). */
export function probeImport(file) {
  const out = execFileSync(process.execPath, ['-e', PROBE, file], { encoding: 'utf8', cwd: repo });
  return JSON.parse(out);
}

/** Packages that no packaging task needs: cloud SDKs, Docker engine clients and our deploy-side code. */
export const DEPLOY_SIDE = [/^@aws-sdk\//, /^@smithy\//, /^@aws-crypto\//, /^dockerode$/, /^docker-modem$/, /^ssh2$/, /^@grpc\//, /^protobufjs$/, /^@nxstack\/deployer$/, /^@nxstack\/local-runtime$/];

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const runs = args.includes('--runs') ? Number(args[args.indexOf('--runs') + 1]) : 5;
  const { median } = await import('./side-by-side.mjs');
  const { loadAverage } = await import('./side-by-side.mjs');
  // On a machine shared with other jobs the wall time moves with the load; the CPU time much less.
  console.log(`executor entry import time, fresh process, median of ${runs} (wall ms, CPU ms); load average ${loadAverage()}`);
  for (const { id, file } of executorEntries()) {
    const times = [];
    const cpus = [];
    let packages = [];
    for (let i = 0; i < runs; i++) ({ ms: times[i], cpuMs: cpus[i], packages } = probeImport(file));
    const heavy = packages.filter((p) => DEPLOY_SIDE.some((re) => re.test(p)) || /^(esbuild|zod|yaml|tar-fs|archiver)$/.test(p));
    console.log(`  ${id.padEnd(46)} ${median(times).toFixed(0).padStart(5)} ms  ${median(cpus).toFixed(0).padStart(5)} ms CPU  ${packages.length} pkgs  ${heavy.join(' ')}`);
  }
}
