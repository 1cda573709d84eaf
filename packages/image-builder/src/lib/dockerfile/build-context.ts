/**
 * The build context sent to the engine: a deterministic tar of the context folder minus what
 * `.dockerignore` excludes (the Dockerfile and .dockerignore are always sent, as docker does).
 * Its digest is the build id (NXSTACK_BUILD_ID): same sources + args, same id.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import ignore from '@balena/dockerignore';
import { createTar, listFiles, NxstackError, type SourceLocation, type TarEntry } from '@nxstack/core';
import { sha256Digest } from '../oci/image';

export interface BuildContext {
  readonly tar: Buffer;
  /** Dockerfile path inside the context (posix). */
  readonly dockerfile: string;
  readonly files: number;
}

/** Files added to the context besides the folder's own (the packaged artifact), with their context paths. */
export interface ExtraContextFile {
  readonly path: string;
  readonly mode: number;
  readonly content: Buffer;
}

/** `workspaceRoot`: every file sent (symlinks followed) must lie inside it. */
export async function createBuildContext(contextDir: string, dockerfilePath: string, workspaceRoot: string, where?: SourceLocation, extra: readonly ExtraContextFile[] = []): Promise<BuildContext> {
  const ctxStat = await fs.stat(contextDir).catch(() => undefined);
  if (!ctxStat?.isDirectory()) {
    throw new NxstackError('NXS_BUILD_CONTEXT_MISSING', `Build context ${contextDir} is not a folder.`, { location: where, hint: 'Set packaging.properties.buildContextPath to an existing folder (relative to the project).' });
  }
  const dockerfileAbs = path.resolve(contextDir, dockerfilePath);
  if (!(await fs.stat(dockerfileAbs).then((s) => s.isFile(), () => false))) {
    throw new NxstackError('NXS_DOCKERFILE_NOT_FOUND', `Dockerfile not found: ${dockerfileAbs}.`, {
      location: where,
      hint: 'Create it, or set packaging.properties.dockerfilePath (or DOCKERFILE_PATH) to its path relative to buildContextPath.',
    });
  }
  const dockerfile = path.relative(contextDir, dockerfileAbs).split(path.sep).join('/');
  if (dockerfile.startsWith('../')) {
    throw new NxstackError('NXS_DOCKERFILE_OUTSIDE_CONTEXT', `Dockerfile ${dockerfileAbs} is outside the build context ${contextDir}.`, { location: where, hint: 'Move the Dockerfile into the build context folder.' });
  }
  const ignoreText = await fs.readFile(path.join(contextDir, '.dockerignore'), 'utf8').catch(() => '');
  const ig = ignore().add(ignoreText.split(/\r?\n/).map((l) => l.trim()).filter((l) => l && !l.startsWith('#')));
  const files = await listFiles(contextDir, { insideWorkspace: { workspaceRoot, what: 'a file of the build context', location: where } });
  const kept = files.filter((f) => f.path === dockerfile || f.path === '.dockerignore' || !ig.ignores(f.path));
  const extraPaths = new Set(extra.map((e) => e.path));
  const clash = kept.find((f) => extraPaths.has(f.path));
  if (clash) {
    throw new NxstackError('NXS_BUILD_CONTEXT_CONFLICT', `The build context already holds ${clash.path}, where the packaged artifact goes.`, { location: where, hint: 'Remove that file from the build context or add it to .dockerignore.' });
  }
  const entries: TarEntry[] = [...kept.map((f): TarEntry => ({ path: f.path, mode: f.mode, sourceFile: f.absolutePath })), ...extra];
  return { tar: await createTar(entries), dockerfile, files: entries.length };
}

/** Content digest of the context plus the user's build args. */
export function buildIdOf(context: BuildContext, buildArgs: Readonly<Record<string, string>>): string {
  const args = Object.keys(buildArgs).sort().map((k) => `${k}=${buildArgs[k]}`).join('\n');
  return sha256Digest(Buffer.concat([context.tar, Buffer.from(`\n${context.dockerfile}\n${args}`)])).slice('sha256:'.length, 'sha256:'.length + 32);
}
