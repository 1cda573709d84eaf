#!/usr/bin/env node
// The measuring stick of issue 15: how many of Stacktape's starter projects load and deploy to
// the local stage unchanged. Each starter's stacktape.yml is saved as-is as `<starter>/stack.yml`
// in a fresh Nx workspace with placeholder sources (placeholders.mjs), then
//   nx run <starter>:validate   (the graph and the whole stack.yml: "loads")
//   nx run <starter>:deploy     (stage local: "deploys")
//   nx run <starter>:destroy    (only to stop what the deploy started)
// run through the real nx CLI on the packed packages. Prints the counts and the first error of
// each failure, grouped by NXS_* code.
//
// Usage: node tools/starters/measure.mjs <starters> [--packs <dir>] [--work <dir>] [--only a,b] [--no-deploy] [--keep] [--reuse-base]
//   <starters>: a folder holding `<name>/stacktape.yml` (e.g. an extracted `starter-projects/`),
//   or the git directory the fetch tool mirrors stacktape/stacktape into (read with git show).
//   --reuse-base: keep the install of an earlier run in <work>/base (same packages).
// Stacktape's files are read from there and never copied into this repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { writePlaceholders } from './placeholders.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv) {
  const opts = { deploy: true, keep: false, reuseBase: false, only: undefined, packs: undefined, work: undefined, source: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--packs') opts.packs = argv[++i];
    else if (a === '--work') opts.work = argv[++i];
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (a === '--no-deploy') opts.deploy = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--reuse-base') opts.reuseBase = true;
    else if (!opts.source) opts.source = a;
    else throw new Error(`unexpected argument ${a}`);
  }
  if (!opts.source) throw new Error('usage: measure.mjs <starter-projects folder | stacktape git dir> [--packs dir] [--work dir] [--only a,b] [--no-deploy] [--keep]');
  return opts;
}

/** name → stacktape.yml text, from a folder or from the mirrored git directory. */
function readStarters(source) {
  const abs = path.resolve(source);
  const folder = existsSync(path.join(abs, 'starter-projects')) ? path.join(abs, 'starter-projects') : abs;
  if (readdirSync(folder).some((n) => existsSync(path.join(folder, n, 'stacktape.yml')))) {
    return Object.fromEntries(
      readdirSync(folder)
        .filter((n) => existsSync(path.join(folder, n, 'stacktape.yml')))
        .sort()
        .map((n) => [n, readFileSync(path.join(folder, n, 'stacktape.yml'), 'utf8')]),
    );
  }
  const git = (args) => execFileSync('git', ['--git-dir', abs, ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  const files = git(['ls-tree', '-r', '--name-only', 'HEAD', 'starter-projects']).split('\n').filter((f) => /^starter-projects\/[^/]+\/stacktape\.yml$/.test(f));
  if (!files.length) throw new Error(`no starter-projects/*/stacktape.yml in ${abs}`);
  return Object.fromEntries(files.sort().map((f) => [f.split('/')[1], git(['show', `HEAD:${f}`])]));
}

function nxVersion() {
  return JSON.parse(readFileSync(path.join(REPO, 'e2e', 'sample-workspace', 'package.json'), 'utf8')).devDependencies.nx;
}

/** One install of nx and the packed packages; each starter's workspace links its node_modules. */
function installBase(work, packsDir, reuse) {
  const base = path.join(work, 'base');
  if (reuse && existsSync(path.join(base, 'node_modules', '@nxstack', 'plugin'))) return base;
  mkdirSync(base, { recursive: true });
  let tarballs;
  if (packsDir) tarballs = readdirSync(packsDir).filter((f) => f.endsWith('.tgz')).map((f) => path.join(path.resolve(packsDir), f));
  else tarballs = execFileSync('bash', [path.join(REPO, 'tools', 'pack.sh'), path.join(work, 'packs')], { cwd: REPO, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).split('\n').filter((l) => l.endsWith('.tgz'));
  writeFileSync(path.join(base, 'package.json'), JSON.stringify({ name: 'starters-base', private: true, devDependencies: { nx: nxVersion() } }, null, 2));
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', ...tarballs], { cwd: base, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, npm_config_loglevel: 'error' } });
  return base;
}

function workspaceFor(work, name, text, base) {
  const ws = path.join(work, `ws-${name}`);
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(path.join(ws, name), { recursive: true });
  // Nx reads the external dependencies (task inputs) from package.json and the lockfile.
  for (const f of ['package.json', 'package-lock.json']) writeFileSync(path.join(ws, f), readFileSync(path.join(base, f)));
  writeFileSync(path.join(ws, 'nx.json'), JSON.stringify({ plugins: ['@nxstack/plugin'], useDaemonProcess: false }, null, 2));
  writeFileSync(path.join(ws, '.gitignore'), 'node_modules\n.nxstack\ndist\n');
  symlinkSync(path.join(base, 'node_modules'), path.join(ws, 'node_modules'), 'dir');
  writeFileSync(path.join(ws, name, 'stack.yml'), text);
  writePlaceholders(ws, path.join(ws, name), text);
  return ws;
}

function nx(ws, args) {
  const r = spawnSync(process.execPath, [path.join(ws, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args], {
    cwd: ws,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NXSTACK_STAGE: '' },
  });
  return { ok: r.status === 0, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** The first error of a failed run: its NXS_* code and line, else the first line that looks like an error. */
function firstError(output) {
  const lines = output.split('\n');
  const coded = lines.find((l) => /\bNXS_[A-Z0-9_]+\b/.test(l));
  if (coded) return { code: /\bNXS_[A-Z0-9_]+\b/.exec(coded)[0], line: coded.trim() };
  const other = lines.find((l) => /error|failed|cannot/i.test(l) && !/^\s*>/.test(l));
  return { code: '(no NXS code)', line: (other ?? lines.find((l) => l.trim()) ?? '').trim() };
}

function report(title, failures) {
  const byCode = new Map();
  for (const f of failures) {
    if (!byCode.has(f.error.code)) byCode.set(f.error.code, []);
    byCode.get(f.error.code).push(f);
  }
  console.log(`\n${title}: ${failures.length}`);
  for (const [code, list] of [...byCode].sort((a, b) => b[1].length - a[1].length)) {
    console.log(`  ${code} (${list.length})`);
    for (const f of list) console.log(`    ${f.name}: ${f.error.line.slice(0, 220)}`);
  }
}

function main() {
  const opts = parseArgs(process.argv.slice(2));
  const starters = readStarters(opts.source);
  const names = Object.keys(starters).filter((n) => !opts.only || opts.only.includes(n));
  const work = opts.work ? path.resolve(opts.work) : mkdtempSync(path.join(tmpdir(), 'nxs-starters-'));
  mkdirSync(work, { recursive: true });
  const base = installBase(work, opts.packs, opts.reuseBase);
  const loaded = [];
  const deployed = [];
  const loadFailures = [];
  const deployFailures = [];
  for (const name of names) {
    const ws = workspaceFor(work, name, starters[name], base);
    const validate = nx(ws, ['run', `${name}:validate`]);
    if (!validate.ok) {
      loadFailures.push({ name, error: firstError(validate.output) });
      console.log(`${name}: does not load (${loadFailures.at(-1).error.code})`);
    } else {
      loaded.push(name);
      if (opts.deploy) {
        const deploy = nx(ws, ['run', `${name}:deploy`]);
        if (deploy.ok) deployed.push(name);
        else deployFailures.push({ name, error: firstError(deploy.output) });
        console.log(`${name}: loads, ${deploy.ok ? 'deploys locally' : `local deploy fails (${deployFailures.at(-1).error.code})`}`);
        nx(ws, ['run', `${name}:destroy`]);
      } else console.log(`${name}: loads`);
    }
    if (!opts.keep) rmSync(ws, { recursive: true, force: true });
  }
  report('do not load', loadFailures);
  if (opts.deploy) report('load but do not deploy locally', deployFailures);
  console.log(`\nstarters: ${names.length}  load: ${loaded.length}${opts.deploy ? `  local deploy: ${deployed.length}` : ''}`);
  if (!opts.keep && !opts.work) rmSync(work, { recursive: true, force: true });
}

main();
