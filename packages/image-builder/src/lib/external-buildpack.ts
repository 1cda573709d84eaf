/**
 * external-buildpack: Cloud Native Buildpacks through the `pack` CLI into the Docker engine,
 * then exported like a Dockerfile build. argv only, never a shell string.
 */
import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError, type SourceLocation } from '@nxstack/core';

export const DEFAULT_BUILDER = 'paketobuildpacks/builder-jammy-base';

export interface PackBuildOptions {
  readonly imageName: string;
  readonly sourceDirectoryPath: string;
  readonly builder?: string;
  readonly buildpacks?: readonly string[];
  readonly dockerHost?: string;
  readonly environment?: Readonly<Record<string, string>>;
}

/** The argv given to `pack` (exported so it can be checked without pack installed). */
export function packBuildArgv(o: PackBuildOptions): string[] {
  const argv = ['build', o.imageName, '--path', o.sourceDirectoryPath, '--builder', o.builder ?? DEFAULT_BUILDER, '--pull-policy', 'if-not-present', '--network', 'host'];
  for (const bp of o.buildpacks ?? []) argv.push('--buildpack', bp);
  for (const [k, v] of Object.entries(o.environment ?? {}).sort(([a], [b]) => (a < b ? -1 : 1))) argv.push('--env', `${k}=${v}`);
  if (o.dockerHost) argv.push('--docker-host', o.dockerHost);
  return argv;
}

/** Finds `pack` on PATH; undefined when absent. */
export async function findPack(pathEnv: string | undefined): Promise<string | undefined> {
  for (const dir of (pathEnv ?? '').split(path.delimiter).filter(Boolean)) {
    const candidate = path.join(dir, 'pack');
    if (await fs.access(candidate, 0o1).then(() => true, () => false)) return candidate;
  }
  return undefined;
}

export async function runPackBuild(o: PackBuildOptions & { pathEnv: string | undefined; location?: SourceLocation; onProgress?: (line: string) => void }): Promise<void> {
  const pack = await findPack(o.pathEnv);
  if (!pack) {
    throw new NxstackError('NXS_PACK_NOT_FOUND', 'external-buildpack packaging needs the `pack` CLI, which is not on PATH.', {
      location: o.location,
      hint: 'Install it from https://buildpacks.io/docs/for-platform-operators/how-to/integrate-ci/pack/ (e.g. `brew install buildpacks/tap/pack`, or download the release tarball and put `pack` on PATH), then run again.',
    });
  }
  await new Promise<void>((resolve, reject) => {
    const child = execFile(pack, packBuildArgv(o), { maxBuffer: 64 * 1024 * 1024 }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      reject(new NxstackError('NXS_PACK_BUILD_FAILED', `pack build failed: ${stderr.trim().split('\n').slice(-5).join('\n')}`, { location: o.location, hint: 'Check the builder and buildpacks names and the source folder.' }));
    });
    child.stdout?.on('data', (d: Buffer) => d.toString().split('\n').filter(Boolean).forEach((l) => o.onProgress?.(l)));
  });
}
