/**
 * The e2e workspaces' install of the packed @nxstack packages, once per test run where it can be:
 * - the packages are built and packed once per run into NXSTACK_E2E_PACK_DIR (set by the global
 *   setup), not once per workspace;
 * - a workspace whose package.json declares the same dependencies as one installed before in this
 *   run (its name and description may differ) gets that install (node_modules hard-linked,
 *   package.json and package-lock.json under its own name) instead of a second `npm install`.
 *   Hard links, not copies: copying ~15k files took 13.4 s (linking 2.6 s) in one measure under load. Nothing writes into an
 *   installed package in place (npm replaces whole folders), so the shared files stay as installed.
 * Both are keyed to the run (the global setup removes them), so a test never sees packages older
 * than the source it runs against. Without the variables (a script outside vitest) it packs and
 * installs as before.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const INSTALLED_FILES = ['package.json', 'package-lock.json'];

/** Builds and packs every @nxstack package into `dest` (tools/pack.sh); returns the tarball paths. */
export function packPackages(dest: string): string[] {
  const tarballs = execFileSync('bash', [path.join(REPO_ROOT, 'tools', 'pack.sh'), dest], { cwd: REPO_ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
    .split('\n')
    .filter((l) => l.endsWith('.tgz'));
  if (tarballs.length === 0) throw new Error('tools/pack.sh printed no tarballs');
  return tarballs;
}

/** Installs the packed packages (and the template's own dependencies) into the workspace `dir`. */
export function installPackedPackages(dir: string): void {
  const tarballs = copyTarballs(runTarballs() ?? packPackages(path.join(dir, '.packs')), path.join(dir, '.packs'));
  const cacheRoot = process.env['NXSTACK_E2E_INSTALL_CACHE'];
  const own = JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as PackageJson;
  const cached = cacheRoot ? path.join(cacheRoot, installKey(own)) : undefined;
  if (cached && existsSync(path.join(cached, 'done'))) {
    execFileSync('cp', ['-al', path.join(cached, 'node_modules'), dir]);
    for (const f of INSTALLED_FILES) copyFileSync(path.join(cached, f), path.join(dir, f));
    renameInstall(dir, own);
    return;
  }
  execFileSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', '--save-dev', ...tarballs], {
    cwd: dir,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, npm_config_loglevel: 'error' },
  });
  if (cached) saveInstall(dir, cached);
}

/** The run's tarballs, packed by the first workspace that asks (a lock directory keeps concurrent workers to one pack). */
function runTarballs(): string[] | undefined {
  const packDir = process.env['NXSTACK_E2E_PACK_DIR'];
  if (!packDir) return undefined;
  const list = path.join(packDir, 'tarballs.txt');
  return withLock(`${packDir}.lock`, () => {
    if (!existsSync(list)) writeFileSync(list, packPackages(packDir).join('\n'));
    return readFileSync(list, 'utf8').split('\n').filter(Boolean);
  });
}

interface PackageJson {
  name?: string;
  description?: string;
  [key: string]: unknown;
}

/** What an install depends on: the package.json without the fields that only name the workspace. */
function installKey(pkg: PackageJson): string {
  const { name: _name, description: _description, ...rest } = pkg;
  return createHash('sha256').update(JSON.stringify(rest)).digest('hex').slice(0, 16);
}

/** Gives an install made for another template this workspace's name and description back. */
function renameInstall(dir: string, own: PackageJson): void {
  const pkgFile = path.join(dir, 'package.json');
  const installed = JSON.parse(readFileSync(pkgFile, 'utf8')) as PackageJson;
  writeFileSync(pkgFile, `${JSON.stringify({ ...installed, name: own.name, description: own.description }, null, 2)}\n`);
  const lockFile = path.join(dir, 'package-lock.json');
  const lock = JSON.parse(readFileSync(lockFile, 'utf8')) as { name?: string; packages?: Record<string, { name?: string }> };
  lock.name = own.name;
  if (lock.packages?.['']) lock.packages[''].name = own.name;
  writeFileSync(lockFile, `${JSON.stringify(lock, null, 2)}\n`);
}

function copyTarballs(tarballs: readonly string[], dest: string): string[] {
  mkdirSync(dest, { recursive: true });
  return tarballs.map((t) => {
    const copy = path.join(dest, path.basename(t));
    if (path.resolve(t) !== copy) copyFileSync(t, copy);
    return copy;
  });
}

function saveInstall(dir: string, cached: string): void {
  const staging = `${cached}.${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  execFileSync('cp', ['-al', path.join(dir, 'node_modules'), staging]);
  for (const f of INSTALLED_FILES) copyFileSync(path.join(dir, f), path.join(staging, f));
  writeFileSync(path.join(staging, 'done'), '');
  try {
    renameSync(staging, cached);
  } catch {
    rmSync(staging, { recursive: true, force: true }); // another worker saved the same install first
  }
}

function withLock<T>(lockDir: string, fn: () => T): T {
  const deadline = Date.now() + 600_000;
  for (;;) {
    try {
      mkdirSync(lockDir);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || Date.now() > deadline) throw e;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lockDir, { recursive: true, force: true });
  }
}
