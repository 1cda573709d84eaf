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
// Without the public internet, as the e2e tests: a private dockerd (tools/services/dockerd.sh)
// builds custom Dockerfiles, and stacktape-image-buildpack resources build on bases made on this
// machine (bases.mjs), set as the `baseImage` option of their package targets in project.json.
// Local database servers (relational-database, redis-cluster) run from the host's postgres /
// mariadb / redis (NXSTACK_LOCAL_DATABASES=host, as e2e/local-data.test.ts): the engines' public
// images cannot be pulled into the private dockerd.
// Three classes besides success and failure, each with its reason:
//   out-of-scope         a resource type issue 15 leaves out (framework web types, agentcore-*, convex)
//   environment-blocked  a prebuilt image that cannot be pulled here, or a starter's own script
//                        that needs a tool not installed / the internet beyond package registries
//   (failure)            anything else: the product's fault until shown otherwise.
//
// Usage: node tools/starters/measure.mjs <starters> [--packs <dir>] [--work <dir>] [--only a,b] [--no-deploy] [--keep] [--reuse-base] [--no-services]
//   <starters>: a folder holding `<name>/stacktape.yml` (e.g. an extracted `starter-projects/`),
//   or the git directory the fetch tool mirrors stacktape/stacktape into (read with git show).
//   --reuse-base: keep the install of an earlier run in <work>/base (same packages).
// Stacktape's files are read from there and never copied into this repository.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { baseFor, linkBase, writeBases } from './bases.mjs';
import { classify } from './classify.mjs';
import { writePlaceholders } from './placeholders.mjs';

const REPO = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

function parseArgs(argv) {
  const opts = { deploy: true, keep: false, reuseBase: false, services: true, only: undefined, packs: undefined, work: undefined, source: undefined };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--packs') opts.packs = argv[++i];
    else if (a === '--work') opts.work = argv[++i];
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (a === '--no-deploy') opts.deploy = false;
    else if (a === '--keep') opts.keep = true;
    else if (a === '--reuse-base') opts.reuseBase = true;
    else if (a === '--no-services') opts.services = false;
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

/** `package--<resource>` → baseImage for each stacktape-image-buildpack resource (services, jobs, image functions). */
function baseImageTargets(text, ws, basesDir) {
  const targets = {};
  for (const [res, def] of Object.entries(YAML.parse(text)?.resources ?? {})) {
    const packaging = def?.properties?.packaging;
    if (packaging?.type !== 'stacktape-image-buildpack') continue;
    const kind = baseFor(packaging.properties?.entryfilePath ?? '');
    if (kind) targets[`package--${res}`] = { options: { baseImage: linkBase(basesDir, kind, ws) } };
  }
  return targets;
}

function workspaceFor(work, name, text, base, basesDir) {
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
  const targets = basesDir ? baseImageTargets(text, ws, basesDir) : {};
  writeFileSync(path.join(ws, name, 'project.json'), JSON.stringify({ name, targets }, null, 2));
  return ws;
}

function nx(ws, args, env = {}) {
  const r = spawnSync(process.execPath, [path.join(ws, 'node_modules', 'nx', 'dist', 'bin', 'nx.js'), ...args], {
    cwd: ws,
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true', NX_TUI: 'false', FORCE_COLOR: '0', NXSTACK_STAGE: '', ...env },
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

/** A private dockerd under the work folder (tools/services/dockerd.sh); returns its DOCKER_HOST and how to stop it. */
function startDockerd(work) {
  const script = path.join(REPO, 'tools', 'services', 'dockerd.sh');
  const state = path.join(work, 'services');
  const host = execFileSync('bash', [script, 'start', state], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }).trim();
  return { host, stop: () => execFileSync('bash', [script, 'stop', state], { stdio: 'inherit' }) };
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const starters = readStarters(opts.source);
  const names = Object.keys(starters).filter((n) => !opts.only || opts.only.includes(n));
  const work = opts.work ? path.resolve(opts.work) : mkdtempSync(path.join(tmpdir(), 'nxs-starters-'));
  mkdirSync(work, { recursive: true });
  const base = installBase(work, opts.packs, opts.reuseBase);
  const basesDir = opts.services ? await writeBases(REPO, path.join(work, 'bases')) : undefined;
  const dockerd = opts.services ? startDockerd(work) : undefined;
  const env = { NXSTACK_LOCAL_DATABASES: 'host', ...(dockerd ? { DOCKER_HOST: dockerd.host } : {}) };
  const loaded = [];
  const deployed = [];
  const classes = { failure: { load: [], deploy: [] }, 'environment-blocked': [], 'out-of-scope': [] };
  const judge = (name, phase, output) => {
    const error = firstError(output);
    const c = classify({ phase, text: starters[name], output, code: error.code, line: error.line });
    if (c.kind === 'failure') classes.failure[phase].push({ name, error });
    else classes[c.kind].push({ name, error: { code: c.reason, line: error.line } });
    return `${c.kind === 'failure' ? (phase === 'load' ? 'does not load' : 'local deploy fails') : c.kind} (${error.code})`;
  };
  try {
    for (const name of names) {
      const ws = workspaceFor(work, name, starters[name], base, basesDir);
      const validate = nx(ws, ['run', `${name}:validate`], env);
      if (!validate.ok) console.log(`${name}: ${judge(name, 'load', validate.output)}`);
      else {
        loaded.push(name);
        if (opts.deploy) {
          const deploy = nx(ws, ['run', `${name}:deploy`], env);
          if (deploy.ok) deployed.push(name);
          console.log(`${name}: loads, ${deploy.ok ? 'deploys locally' : judge(name, 'deploy', deploy.output)}`);
          nx(ws, ['run', `${name}:destroy`], env);
        } else console.log(`${name}: loads`);
      }
      if (!opts.keep) rmSync(ws, { recursive: true, force: true });
    }
  } finally {
    dockerd?.stop();
  }
  report('do not load', classes.failure.load);
  if (opts.deploy) report('load but do not deploy locally', classes.failure.deploy);
  report('environment-blocked (reason, then the first error)', classes['environment-blocked']);
  report('out-of-scope', classes['out-of-scope']);
  console.log(
    `\nstarters: ${names.length}  load: ${loaded.length}${opts.deploy ? `  local deploy: ${deployed.length}` : ''}  environment-blocked: ${classes['environment-blocked'].length}  out-of-scope: ${classes['out-of-scope'].length}`,
  );
  if (!opts.keep && !opts.work) rmSync(work, { recursive: true, force: true });
}

await main();
