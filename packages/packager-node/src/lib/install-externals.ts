import { execFile } from 'node:child_process';
import { existsSync, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { NxstackError, sha256Hex, type Architecture } from '@nxstack/core';

const execFileAsync = promisify(execFile);

export interface InstallExternalsOptions {
  readonly workspaceRoot: string;
  /** name → exact version. */
  readonly packages: Readonly<Record<string, string>>;
  readonly architecture: Architecture;
  /** npm executable (default `npm` on PATH). */
  readonly npmCommand?: string;
}

// Bump when the staging layout or npm flags change, so old cache entries are not reused.
const CACHE_VERSION = 1;
const DONE_MARKER = '.nxstack-installed';

export function nodeDepsCacheDir(workspaceRoot: string): string {
  return path.join(workspaceRoot, 'node_modules', '.cache', 'nxstack', 'node-deps');
}

/**
 * Installs the packages for Lambda's platform (linux, glibc, the function's CPU) into a staging
 * folder and returns its node_modules. npm picks per-platform optional dependencies (napi-rs,
 * @img/sharp-*, @esbuild/*) from --os/--cpu/--libc, so an x86_64 machine gets arm64 binaries.
 * Install scripts are not run: they would build or download for this machine, not for Lambda.
 * Staging folders are cached by (packages, architecture): repeated builds never reinstall.
 */
export function installExternals(options: InstallExternalsOptions): Promise<string> {
  const names = Object.keys(options.packages).sort();
  const specs = names.map((n) => `${n}@${options.packages[n]}`);
  const key = sha256Hex(JSON.stringify({ v: CACHE_VERSION, specs, architecture: options.architecture, libc: 'glibc' })).slice(0, 32);
  const dir = path.join(nodeDepsCacheDir(options.workspaceRoot), key);
  // Functions of one batch often need the same set at once: one install, shared.
  let pending = inFlight.get(dir);
  if (!pending) {
    pending = installInto(dir, names, specs, options);
    inFlight.set(dir, pending);
    const done = () => inFlight.delete(dir);
    pending.then(done, done);
  }
  return pending;
}

const inFlight = new Map<string, Promise<string>>();

async function installInto(dir: string, names: string[], specs: string[], options: InstallExternalsOptions): Promise<string> {
  if (existsSync(path.join(dir, DONE_MARKER))) return path.join(dir, 'node_modules');

  const staging = `${dir}.tmp-${process.pid}-${Date.now()}`;
  await fs.mkdir(staging, { recursive: true });
  try {
    // Own package.json: npm must not walk up into the workspace and install there.
    const dependencies = Object.fromEntries(names.map((n) => [n, options.packages[n]]));
    await fs.writeFile(path.join(staging, 'package.json'), JSON.stringify({ name: 'nxstack-node-deps', private: true, dependencies }, null, 2));
    const cpu = options.architecture === 'arm64' ? 'arm64' : 'x64';
    const args = ['install', '--no-save', '--no-package-lock', '--omit=dev', '--ignore-scripts', '--no-audit', '--no-fund', '--workspaces=false',
      '--os=linux', `--cpu=${cpu}`, '--libc=glibc', '--loglevel=error', '--prefix', staging];
    try {
      await execFileAsync(options.npmCommand ?? 'npm', args, { cwd: staging, maxBuffer: 64 * 1024 * 1024, env: { ...process.env, npm_config_update_notifier: 'false' } });
    } catch (err) {
      const e = err as { stderr?: string; message: string };
      throw new NxstackError('NXS_NODE_EXTERNAL_INSTALL_FAILED', `npm install of ${specs.join(' ')} for linux-${cpu} failed:\n${(e.stderr || e.message).trim().split('\n').slice(-15).join('\n')}`, {
        hint: 'Check that these versions exist on the registry (they come from the workspace lockfile) and that npm can reach it.',
        cause: err,
      });
    }
    await fs.writeFile(path.join(staging, DONE_MARKER), specs.join('\n') + '\n');
    if (existsSync(path.join(dir, DONE_MARKER))) {
      // Another process finished the same install meanwhile: keep its copy.
      await fs.rm(staging, { recursive: true, force: true });
    } else {
      await fs.rm(dir, { recursive: true, force: true }); // a half-written leftover
      await fs.rename(staging, dir);
    }
  } catch (err) {
    await fs.rm(staging, { recursive: true, force: true });
    throw err;
  }
  return path.join(dir, 'node_modules');
}
