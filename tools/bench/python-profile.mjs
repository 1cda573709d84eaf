#!/usr/bin/env node
// Where a cold Python package spends its time (issue 4 follow-up), in the workspace that
// lambda-builds.mjs generated: Nx's fixed cost, loading our executor, pip alone (the packager's
// exact argv), zipping the installed layer (our writer vs Info-ZIP), merging code + layer.
//   node tools/bench/python-profile.mjs [--runs 2]   (run lambda-builds.mjs once first)
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import { bestOf, dirBytes, fmt, printTable, timed } from './lib.mjs';

const args = process.argv.slice(2);
const RUNS = (() => { const i = args.indexOf('--runs'); return i >= 0 ? Number(args[i + 1]) : 2; })();
const repo = resolve(import.meta.dirname, '..', '..');
const ws = join(repo, 'tools/bench/.work/lambda-builds');
if (!existsSync(join(ws, 'node_modules'))) throw new Error('run node tools/bench/lambda-builds.mjs first');
const req = createRequire(join(ws, 'package.json'));
const core = req('@nxstack/core');
const pyDist = (f) => req(`@nxstack/packager-python/dist/lib/${f}`);
const { pipTargetArgs } = pyDist('target-platform');
const { DEPENDENCY_NOISE } = pyDist('dependency-layer');

const py312 = join(execFileSync('pyenv', ['root'], { encoding: 'utf8' }).trim(), 'versions', '3.12.1', 'bin');
const env = { PATH: `${py312}:${process.env.PATH}`, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false' };
const tmp = mkdtempSync(join(ws, '.profile-'));
const site = join(tmp, 'site-packages');
const requirements = join(ws, 'apps/py/src/requirements.txt');

/** Times an async function like lib.mjs's timed() does a process. */
async function timedAsync(fn) {
  const start = process.hrtime.bigint();
  await fn();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9 };
}
async function bestOfAsync(n, fn) {
  let best = Infinity;
  for (let i = 0; i < n; i++) best = Math.min(best, (await timedAsync(fn)).seconds);
  return best;
}

try {
  const nxGraph = bestOf(RUNS, () => timed([join(ws, 'node_modules/.bin/nx'), 'show', 'projects'], { cwd: ws, env }));
  const loadExecutor = bestOf(RUNS, () => timed([process.execPath, '-e', "require('@nxstack/packager-python/dist/executors/package/executor')"], { cwd: ws }));
  const pipArgv = ['python3', '-m', 'pip', 'install', '--target', site, '--no-compile', '--no-warn-script-location', '--no-warn-conflicts', '--disable-pip-version-check', '--no-input', '--progress-bar', 'off', ...pipTargetArgs('3.12', 'x86_64'), '-r', requirements];
  const pip = bestOf(RUNS, () => { rmSync(site, { recursive: true, force: true }); return timed(pipArgv, { cwd: tmp, env }); });
  const siteBytes = dirBytes(site);
  const files = await core.listFiles(site, { exclude: DEPENDENCY_NOISE });
  const entries = files.map((f) => ({ path: f.path, mode: f.mode, sourceFile: f.absolutePath }));
  const layerZip = join(tmp, 'layer.zip');
  const ourZip = await bestOfAsync(RUNS, () => core.writeZip(entries, layerZip));
  const infoZip = bestOf(RUNS, () => { rmSync(join(tmp, 'info.zip'), { force: true }); return timed(['zip', '-qrX', '-6', join(tmp, 'info.zip'), '.', '-x', '*/__pycache__/*', 'bin/*'], { cwd: site }); });
  const codeZip = join(tmp, 'code.zip');
  await core.writeZip([{ path: 'handler.py', sourceFile: join(ws, 'apps/py/src/handler.py') }], codeZip);
  const merge = await bestOfAsync(RUNS, () => core.mergeZips([layerZip, codeZip], join(tmp, 'fn.zip')));
  printTable(`cold python package, parts (best of ${RUNS}; pip HTTP cache warm; ${new Date().toISOString()})`, [
    ['nx show projects (Nx start-up + project graph)', fmt(nxGraph)],
    ['node: require our python executor', fmt(loadExecutor)],
    ['pip install --target (packager argv, 3.12 x86_64)', fmt(pip)],
    [`site-packages: ${files.length} files, ${(siteBytes / 1e6).toFixed(1)} MB`, ''],
    ['core writeZip of the layer (deflate 6)', fmt(ourZip)],
    ['Info-ZIP zip -6 of the same folder (reference)', fmt(infoZip)],
    ['core mergeZips layer + code', fmt(merge)],
  ]);
} finally {
  rmSync(tmp, { recursive: true, force: true });
}
