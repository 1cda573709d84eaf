/**
 * The build context sent to the engine: a deterministic tar of the context folder minus what
 * `.dockerignore` excludes (the Dockerfile and .dockerignore are always sent, as docker does),
 * streamed through tar-fs: files sorted by path, mtime fixed, uid/gid 0, modes 0644/0755, so the
 * context costs a few MiB of memory whatever its size. Its digest is part of the build id
 * (NXSTACK_BUILD_ID): same sources + args, same id.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import ignore from '@balena/dockerignore';
import type { Headers, Pack } from 'tar-fs';
import { listFiles, normalizeMode, NxstackError, sizedChunks, TAR_FIXED_MTIME, type SourceLocation } from '@nxstack/core';
import { sha256Digest } from '../oci/image';

export interface BuildContext {
  /** A new stream of the context tar: the same bytes on every call while the files stay as they are. */
  open(): Readable;
  /** sha256 (hex) of the tar, measured when the context was made. */
  readonly digest: string;
  /** Dockerfile path inside the context (posix). */
  readonly dockerfile: string;
  readonly files: number;
}

/** Files added to the context besides the folder's own (the packaged artifact), with their context paths; read when the context is streamed. */
export interface ExtraContextFile {
  readonly path: string;
  readonly mode: number;
  readonly size: number;
  /** The file on disk or `zip!path`, for messages. */
  readonly source: string;
  open(): AsyncIterable<Buffer>;
}

const FIXED_MTIME = new Date(TAR_FIXED_MTIME * 1000);

function fixedHeader(header: Headers): Headers {
  return { ...header, mtime: FIXED_MTIME, uid: 0, gid: 0, uname: '', gname: '', mode: header.type === 'directory' ? 0o755 : normalizeMode(header.mode ?? 0o644) };
}

/**
 * Appends `extra` (sorted) to a tar-fs pack, one streamed entry at a time, then ends it. A file
 * whose size moved is reported through `fail` before tar-stream closes the pack without a reason.
 */
async function appendExtra(p: Pack, extra: readonly ExtraContextFile[], fail: (err: Error) => void): Promise<void> {
  for (const e of [...extra].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    await new Promise<void>((resolve, reject) => {
      const sink = p.entry(fixedHeader({ name: e.path, mode: e.mode, size: e.size, type: 'file' }), (err) => (err ? reject(err) : resolve()));
      const checked = async function* () {
        try {
          yield* sizedChunks(e.open(), e.size, e.source);
        } catch (err) {
          fail(err as Error);
          throw err;
        }
      };
      pipeline(Readable.from(checked()), sink).catch(reject);
    });
  }
  p.finalize();
}

/** Hashes a stream to its end. */
export async function streamDigest(stream: Readable): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of stream) hash.update(chunk as Buffer);
  return hash.digest('hex');
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
  const ignored = (rel: string): boolean => rel !== dockerfile && rel !== '.dockerignore' && ig.ignores(rel);
  // Files only (symlinks followed, each checked to stay inside the workspace), sorted by path.
  const files = await listFiles(contextDir, { insideWorkspace: { workspaceRoot, what: 'a file of the build context', location: where } });
  const kept = files.filter((f) => !ignored(f.path)).map((f) => f.path);
  const extraPaths = new Set(extra.map((e) => e.path));
  const clash = kept.find((f) => extraPaths.has(f));
  if (clash) {
    throw new NxstackError('NXS_BUILD_CONTEXT_CONFLICT', `The build context already holds ${clash}, where the packaged artifact goes.`, { location: where, hint: 'Remove that file from the build context or add it to .dockerignore.' });
  }
  const { pack } = require('tar-fs') as typeof import('tar-fs'); // only engine builds load it
  const open = (): Readable => {
    // tar-stream ends a failed pack with 'close' and no error: the reason is kept here and given to the reader.
    let failure: Error | undefined;
    const out = new PassThrough();
    const packed = pack(contextDir, {
      entries: [...kept], // tar-fs consumes the array it is given
      dereference: true,
      // .dockerignore is the filter: it also applies below any folder tar-fs is given.
      ignore: (abs) => ignored(path.relative(contextDir, abs).split(path.sep).join('/')),
      map: fixedHeader,
      finalize: false,
      finish: (p) => {
        appendExtra(p, extra, (err) => (failure ??= err)).catch((err: unknown) => {
          failure ??= err as Error;
          p.destroy(failure);
        });
      },
    });
    let ended = false;
    packed.on('end', () => (ended = true));
    packed.on('error', (err: Error) => out.destroy(failure ?? err));
    packed.on('close', () => {
      if (!ended) out.destroy(failure ?? new Error(`The build context stream of ${contextDir} ended early.`));
    });
    out.on('close', () => packed.destroy());
    packed.pipe(out);
    return out;
  };
  return { open, digest: await streamDigest(open()), dockerfile, files: kept.length + extra.length };
}

/** Content digest of the context plus the user's build args. */
export function buildIdOf(context: BuildContext, buildArgs: Readonly<Record<string, string>>): string {
  const args = Object.keys(buildArgs).sort().map((k) => `${k}=${buildArgs[k]}`).join('\n');
  return sha256Digest(`${context.digest}\n${context.dockerfile}\n${args}`).slice('sha256:'.length, 'sha256:'.length + 32);
}
