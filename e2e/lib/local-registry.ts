/**
 * The install path a user takes, on this machine: the packed @nxstack packages published to the
 * run's Verdaccio (tools/services/verdaccio.sh), and a fresh Nx 24 workspace made by `nx init`
 * whose .npmrc points the @nxstack scope at it. Everything else installs from the usual registry.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { nxEnv, type NxRun } from './sample-workspace';

export interface PublishedPackage {
  readonly name: string;
  readonly version: string;
  /** sha512 SRI of the tarball, as npm records it in package-lock.json. */
  readonly integrity: string;
}

function readPackedManifest(tarball: string): { name: string; version: string } {
  return JSON.parse(execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' })) as { name: string; version: string };
}

/** dist.integrity of name@version on the registry, or undefined when it has no such version. */
function heldIntegrity(registry: string, name: string, version: string): string | undefined {
  const r = spawnSync('npm', ['view', `${name}@${version}`, 'dist.integrity', '--registry', registry, '--json'], { cwd: tmpdir(), encoding: 'utf8' });
  if (r.status !== 0) {
    if (/E404/.test(`${r.stdout}${r.stderr}`)) return undefined;
    throw new Error(`npm view ${name}@${version} failed:\n${r.stdout}${r.stderr}`);
  }
  return r.stdout.trim() ? (JSON.parse(r.stdout) as string) : undefined;
}

/**
 * Publishes each tarball unless the registry already holds that exact tarball (npm pack is
 * deterministic, so test files of one run that publish the same build agree). The same version
 * with other bytes is an error, never silently kept.
 */
export function publishPackedPackages(registry: string, tarballs: readonly string[]): PublishedPackage[] {
  const published: PublishedPackage[] = [];
  const authKey = `//${new URL(registry).host}/:_authToken`;
  for (const tarball of tarballs) {
    const { name, version } = readPackedManifest(tarball);
    const integrity = `sha512-${createHash('sha512').update(readFileSync(tarball)).digest('base64')}`;
    const held = heldIntegrity(registry, name, version);
    if (held && held !== integrity) throw new Error(`${name}@${version} is already published with other bytes (${held}); restart the test run`);
    if (held) {
      published.push({ name, version, integrity });
      continue;
    }
    // Verdaccio lets anyone publish @nxstack/*, but the npm client wants some token for the host.
    execFileSync('npm', ['publish', path.resolve(tarball), '--registry', registry, `--${authKey}=e2e-anonymous`, '--ignore-scripts', '--loglevel=error'], {
      cwd: tmpdir(),
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    published.push({ name, version, integrity });
  }
  return published;
}

/** A fresh Nx 24 workspace as `npx nx@24.0.6 init` makes it in an empty npm project; @nxstack resolves from `registry`. */
export function createFreshNxWorkspace(registry: string): string {
  const dir = path.join(mkdtempSync(path.join(tmpdir(), 'nxs-install-')), 'workspace');
  mkdirSync(dir);
  execFileSync('npm', ['init', '-y'], { cwd: dir, stdio: 'ignore' });
  const init = npx(dir, ['-y', '--prefer-offline', 'nx@24.0.6', 'init', '--interactive=false']);
  if (init.status !== 0) throw new Error(`nx init failed (exit ${init.status}):\n${init.output.slice(-4000)}`);
  writeFileSync(path.join(dir, '.npmrc'), `@nxstack:registry=${registry}\n`);
  return dir;
}

/** `npx <args>` in the workspace, as a user types it (with the e2e nx environment: no daemon, no cloud). */
export function npx(workspace: string, args: string[], extraEnv: Record<string, string> = {}): NxRun {
  const r = spawnSync('npx', args, { cwd: workspace, env: nxEnv(extraEnv), encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** `npm <args>` in the workspace. */
export function npm(workspace: string, args: string[]): NxRun {
  const r = spawnSync('npm', args, { cwd: workspace, env: { ...process.env, npm_config_loglevel: 'error' }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 });
  return { status: r.status, output: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}
