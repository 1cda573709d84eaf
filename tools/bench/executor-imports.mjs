#!/usr/bin/env node
// What loading each executor costs: every executor entry module (executors.json `implementation`
// and `batchImplementation`) and the plugin entry are required in a fresh Node process, which
// reports the milliseconds (wall and CPU) the require took and the packages it loaded; and the
// plugin's graph path (its entry, createNodes and createDependencies on a workspace) in a process
// that has first loaded what Nx's plugin worker has before it loads a plugin. Shared by
// tools/executor-imports.test.ts (which packages may load) and the benchmark (how long it takes).
//   node tools/bench/executor-imports.mjs [--runs 5]   (after node tools/build.mjs; this checkout's dist/)
//   node tools/bench/executor-imports.mjs --workspace <dir> [--baseline <dir>]
//     the packed packages installed in a bench workspace (e.g. tools/bench/.work/node-package), and
//     side by side in the same rounds those of another install (e.g. a copy made from main's packages);
//     the graph path then runs on that workspace's stack.yml files.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const repo = resolve(import.meta.dirname, '..', '..');

/**
 * Every executor entry module of the packages in `packagesDir` (this checkout's packages/, or a
 * workspace's node_modules/@nxstack): { id: '@nxstack/x:name' or '…(batch)', file }.
 */
export function executorEntries(packagesDir = join(repo, 'packages')) {
  const out = [];
  for (const dir of readdirSync(packagesDir).sort()) {
    const pkgDir = join(packagesDir, dir);
    const manifest = join(pkgDir, 'executors.json');
    if (!existsSync(manifest)) continue;
    const { executors } = JSON.parse(readFileSync(manifest, 'utf8'));
    for (const [name, e] of Object.entries(executors)) {
      out.push({ id: `@nxstack/${dir}:${name}`, file: join(pkgDir, `${e.implementation}.js`) });
      if (e.batchImplementation) out.push({ id: `@nxstack/${dir}:${name} (batch)`, file: join(pkgDir, `${e.batchImplementation}.js`) });
    }
  }
  out.push({ id: '@nxstack/plugin (createNodes entry)', file: join(packagesDir, 'plugin/dist/index.js') });
  return out;
}

// Shared by both probes: the package of every loaded file (@nxstack/* of this checkout included).
const PACKAGE_NAMES = `
function packageNames(files) {
  const names = new Set();
  for (const f of files) {
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
  return [...names].sort();
}
`;

// Runs in the fresh process: require the module, then name the packages of every loaded file.
const PROBE = `${PACKAGE_NAMES}
const { performance } = require('node:perf_hooks');
const file = process.argv[1];
const t0 = performance.now();
const c0 = process.cpuUsage();
require(file);
const ms = performance.now() - t0;
const cpu = process.cpuUsage(c0);
process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, packages: packageNames(Object.keys(require.cache)) }));
`;

// Runs in the fresh process: Nx's plugin loader first (its plugin worker has it loaded before it
// requires a plugin: nx/src/project-graph/plugins, with createNodesFromFiles, the error types and
// the workspace data folder), then the plugin entry, createNodes on every stack.yml (Nx's batch
// call) and createDependencies on the projects it returned. Reports what that added: packages and
// nx's own files, the projects, the files whose nodes failed (createNodes keeps the others'), the
// dependencies and the plugin's createNodes cache counts.
const GRAPH_PROBE = `${PACKAGE_NAMES}
const { performance } = require('node:perf_hooks');
const path = require('node:path');
const [plugin, root, filesJson] = process.argv.slice(1);
require('nx/src/project-graph/plugins');
const before = new Set(Object.keys(require.cache));
const t0 = performance.now();
const c0 = process.cpuUsage();
(async () => {
  const { createNodes, createDependencies } = require(plugin);
  const context = { workspaceRoot: root, nxJsonConfiguration: {} };
  let results;
  let failed = [];
  try {
    results = await createNodes[1](JSON.parse(filesJson), undefined, context);
  } catch (e) {
    if (!Array.isArray(e.errors) || !Array.isArray(e.partialResults)) throw e;
    results = e.partialResults;
    failed = e.errors.map(([file, err]) => [file, err.name + ': ' + err.message]);
    failed.unshift(e.constructor.name);
  }
  const projects = {};
  for (const [, r] of results) for (const [projectRoot, p] of Object.entries(r.projects ?? {})) projects[p.name ?? path.basename(projectRoot)] = { root: projectRoot };
  const dependencies = await createDependencies(undefined, { workspaceRoot: root, projects, nxJsonConfiguration: {} });
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(c0);
  // The plugin's createNodes cache counts (stack.yml files served from it / computed).
  const dataDir = require('nx/src/utils/cache-directory').workspaceDataDirectoryForWorkspace(root);
  const stats = JSON.parse(require('node:fs').readFileSync(path.join(dataDir, 'nxstack-graph-stats.json'), 'utf8'));
  const added = Object.keys(require.cache).filter((f) => !before.has(f));
  const nxFiles = added.map((f) => f.split('\\\\').join('/')).filter((f) => f.includes('/node_modules/nx/')).map((f) => f.slice(f.lastIndexOf('/node_modules/nx/') + 14));
  process.stdout.write(JSON.stringify({ ms, cpuMs: (cpu.user + cpu.system) / 1000, modules: added.length, packages: packageNames(added), nxFiles, projects: Object.values(projects).map((p) => p.root).sort(), failed, dependencies, stats }));
})().catch((e) => { console.error(e); process.exit(1); });
`;

/** Requires `file` in a fresh Node process: { ms, cpuMs, packages } (package names, @nxstack/* included). */
export function probeImport(file, cwd = repo) {
  const out = execFileSync(process.execPath, ['-e', PROBE, file], { encoding: 'utf8', cwd });
  return JSON.parse(out);
}

/**
 * The plugin's graph path on `workspaceRoot` (its stack.yml files `configFiles`, relative), in a
 * fresh process where Nx's plugin loader is loaded first; `cwd` decides which nx is loaded (the
 * plugin's own). { ms, cpuMs, modules, packages, nxFiles (added), projects, failed, dependencies, stats }.
 */
export function probeGraphPath(pluginFile, workspaceRoot, configFiles, cwd = repo) {
  const out = execFileSync(process.execPath, ['-e', GRAPH_PROBE, pluginFile, workspaceRoot, JSON.stringify(configFiles)], { encoding: 'utf8', cwd });
  return JSON.parse(out);
}

/** Packages that no packaging task needs: cloud SDKs, Docker engine clients and our deploy-side code. */
export const DEPLOY_SIDE = [/^@aws-sdk\//, /^@smithy\//, /^@aws-crypto\//, /^dockerode$/, /^docker-modem$/, /^ssh2$/, /^@grpc\//, /^protobufjs$/, /^@nxstack\/deployer$/, /^@nxstack\/local-runtime$/];

/** The stack.yml files of a bench workspace's apps/ (relative to it). */
function stackFilesOf(ws) {
  return readdirSync(join(ws, 'apps')).sort().map((app) => `apps/${app}/stack.yml`).filter((f) => existsSync(join(ws, f)));
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const args = process.argv.slice(2);
  const flag = (name) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : undefined);
  const runs = Number(flag('runs') ?? 5);
  const { median, loadAverage } = await import('./side-by-side.mjs');
  // Each side: where its packages are and which process cwd resolves them (and their nx).
  const side = (ws) => (ws ? { label: ws, cwd: resolve(ws), packagesDir: join(resolve(ws), 'node_modules/@nxstack') } : { label: 'this checkout', cwd: repo, packagesDir: join(repo, 'packages') });
  const sides = [side(flag('workspace')), ...(flag('baseline') ? [side(flag('baseline'))] : [])];
  // On a machine shared with other jobs the wall time moves with the load; the CPU time much less.
  console.log(`executor entry import time, fresh process, median of ${runs} (wall ms, CPU ms); load average ${loadAverage()}`);
  console.log(`sides (alternating within each entry's rounds): ${sides.map((s) => s.label).join('  |  ')}`);
  const row = (id, measure) => {
    const per = sides.map(() => ({ times: [], cpus: [], packages: [], modules: undefined }));
    for (let i = 0; i < runs; i++) {
      sides.forEach((s, k) => {
        const r = measure(s);
        per[k].times.push(r.ms);
        per[k].cpus.push(r.cpuMs);
        per[k].packages = r.packages;
        per[k].modules = r.modules;
      });
    }
    // The first side's heavy packages; each other side's difference from it (+ loaded there only, - not loaded there).
    const heavy = per[0].packages.filter((x) => DEPLOY_SIDE.some((re) => re.test(x)) || /^(esbuild|zod|yaml|tar-fs|archiver|nx|@nx\/devkit)$/.test(x));
    const brief = (names) => {
      const scopes = new Map();
      for (const n of names) { const k = /^[+-]?@(aws-sdk|smithy|aws-crypto)\//.test(n) ? n.replace(/\/.*/, '/*') : n; scopes.set(k, (scopes.get(k) ?? 0) + 1); }
      const out = [...scopes].map(([k, c]) => (c > 1 ? `${k} (${c})` : k));
      return out.length > 8 ? `${out.slice(0, 6).join(' ')} … ${out.length - 6} more` : out.join(' ');
    };
    const cells = per.map((p, k) => {
      const diff = brief(k === 0 ? heavy : [...p.packages.filter((x) => !per[0].packages.includes(x)).map((x) => `+${x}`), ...per[0].packages.filter((x) => !p.packages.includes(x)).map((x) => `-${x}`)]);
      return `${median(p.times).toFixed(0).padStart(5)} ms ${median(p.cpus).toFixed(0).padStart(5)} ms CPU ${String(p.packages.length).padStart(3)} pkgs${p.modules === undefined ? '' : ` ${p.modules} modules`}  ${diff}`;
    });
    console.log(`  ${id.padEnd(52)} ${cells.join('  |  ')}`);
  };
  const ids = executorEntries(sides[0].packagesDir).map((e) => e.id);
  for (const id of ids) {
    row(id, (s) => {
      const entry = executorEntries(s.packagesDir).find((e) => e.id === id);
      return entry ? probeImport(entry.file, s.cwd) : { ms: NaN, cpuMs: NaN, packages: [] };
    });
  }
  // The graph path needs a workspace: the bench workspace(s) given, with their own createNodes cache.
  if (flag('workspace')) {
    row('@nxstack/plugin graph path (after nx plugin loader)', (s) => probeGraphPath(join(s.packagesDir, 'plugin/dist/index.js'), s.cwd, stackFilesOf(s.cwd), s.cwd));
  }
}
