/**
 * The e2e workspaces' install of the packed @nxstack packages, once per test run where it can be:
 * - the packages are built and packed once per run into NXSTACK_E2E_PACK_DIR (set by the global
 *   setup), not once per workspace;
 * - a workspace whose package.json was installed before in this run gets a copy of that install
 *   (node_modules, package.json, package-lock.json) instead of a second `npm install`.
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
  const cached = cacheRoot ? path.join(cacheRoot, createHash('sha256').update(readFileSync(path.join(dir, 'package.json'))).digest('hex').slice(0, 16)) : undefined;
  if (cached && existsSync(path.join(cached, 'done'))) {
    execFileSync('cp', ['-a', path.join(cached, 'node_modules'), dir]);
    for (const f of INSTALLED_FILES) copyFileSync(path.join(cached, f), path.join(dir, f));
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
  execFileSync('cp', ['-a', path.join(dir, 'node_modules'), staging]);
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
