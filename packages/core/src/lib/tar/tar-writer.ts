/**
 * Deterministic tar writer (ustar + PAX records for long names/links). Same entries in, same
 * bytes out: entries sorted by path, mtime fixed, uid/gid 0, no user/group names, fixed modes,
 * no hardlinks. Used for OCI image layers, which Lambda and ECS read as plain POSIX tars.
 */
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { NxstackError } from '../errors';
import { comparePaths } from '../zip/list-files';

export type TarEntry = {
  /** Posix path relative to the archive root, no leading `/` or `./` (directories may end with `/`). */
  readonly path: string;
  /** Permission bits; default 0o644 for files, 0o755 for directories, 0o777 for symlinks. */
  readonly mode?: number;
} & (
  | { readonly type?: 'file'; readonly content: Buffer | string }
  | { readonly type?: 'file'; readonly sourceFile: string }
  /** Bytes read when the archive is written (a zip entry, a file of a packaged artifact): `size` is what `open` must yield. */
  | { readonly type?: 'file'; readonly size: number; readonly open: () => AsyncIterable<Buffer>; readonly source: string }
  | { readonly type: 'directory' }
  | { readonly type: 'symlink'; readonly linkTarget: string }
);

/** Fixed modification time of every entry (1980-01-01, the zip epoch, so tars and zips agree). */
export const TAR_FIXED_MTIME = 315532800;

const BLOCK = 512;
const CHUNK = 1024 * 1024;

function normalizePath(p: string): string {
  const clean = p.replace(/\\/g, '/').replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
  if (!clean || clean.split('/').some((s) => s === '..')) throw new Error(`Invalid tar entry path: ${JSON.stringify(p)}`);
  return clean;
}

function octal(value: number, width: number): string {
  return value.toString(8).padStart(width - 1, '0') + '\0';
}

function paxRecord(key: string, value: string): Buffer {
  // A record's length prefix counts its own digits: iterate to the fixed point.
  const len = Buffer.byteLength(` ${key}=${value}\n`);
  let total = len + String(len).length;
  while (len + String(total).length !== total) total = len + String(total).length;
  return Buffer.from(`${total} ${key}=${value}\n`);
}

function header(name: string, mode: number, size: number, typeflag: string, linkname = ''): Buffer {
  const h = Buffer.alloc(BLOCK, 0);
  h.write(name, 0, 100, 'utf8');
  h.write(octal(mode & 0o7777, 8), 100, 8, 'ascii');
  h.write(octal(0, 8), 108, 8, 'ascii'); // uid
  h.write(octal(0, 8), 116, 8, 'ascii'); // gid
  h.write(octal(size, 12), 124, 12, 'ascii');
  h.write(octal(TAR_FIXED_MTIME, 12), 136, 12, 'ascii');
  h.write('        ', 148, 8, 'ascii'); // checksum placeholder
  h.write(typeflag, 156, 1, 'ascii');
  h.write(linkname, 157, 100, 'utf8');
  h.write('ustar\0', 257, 6, 'ascii');
  h.write('00', 263, 2, 'ascii');
  let sum = 0;
  for (const b of h) sum += b;
  h.write(octal(sum, 7) + ' ', 148, 8, 'ascii');
  return h;
}

function padding(size: number): Buffer {
  const rest = size % BLOCK;
  return Buffer.alloc(rest === 0 ? 0 : BLOCK - rest, 0);
}

/** Header blocks (with a PAX extended header first when a name or link does not fit ustar). */
function headerBlocks(name: string, mode: number, size: number, typeflag: string, linkname = ''): Buffer[] {
  const blocks: Buffer[] = [];
  const tooLong = Buffer.byteLength(name) > 100 || Buffer.byteLength(linkname) > 100;
  if (tooLong) {
    const records = Buffer.concat([
      ...(Buffer.byteLength(linkname) > 100 ? [paxRecord('linkpath', linkname)] : []),
      ...(Buffer.byteLength(name) > 100 ? [paxRecord('path', name)] : []),
    ]);
    blocks.push(header('PaxHeader', 0o644, records.length, 'x'), records, padding(records.length));
  }
  blocks.push(header(Buffer.from(name).subarray(0, 100).toString('utf8'), mode, size, typeflag, Buffer.from(linkname).subarray(0, 100).toString('utf8')));
  return blocks;
}

/** Entries by normalised path, parents added (mode 0o755), sorted; duplicate paths keep the last entry given. */
function plan(entries: readonly TarEntry[]): Array<[string, TarEntry]> {
  const byPath = new Map<string, TarEntry>();
  for (const e of entries) {
    const p = normalizePath(e.path);
    byPath.set(p, e);
    const parts = p.split('/');
    for (let i = 1; i < parts.length; i++) {
      const dir = parts.slice(0, i).join('/');
      if (!byPath.has(dir)) byPath.set(dir, { path: dir, type: 'directory' });
    }
  }
  return [...byPath.keys()].sort(comparePaths).map((p) => [p, byPath.get(p)!]);
}

function changedError(file: string, expected: number, read: number): NxstackError {
  return new NxstackError('NXS_FILE_CHANGED_WHILE_PACKAGING', `${file} changed while it was being packaged (${expected} bytes when listed, ${read} read).`, {
    location: { file },
    hint: 'Stop whatever writes to it (a watcher, a build) and package again.',
  });
}

/** A file's bytes in chunks, failing loudly (NXS_FILE_CHANGED_WHILE_PACKAGING) when its size is not the one its header announced. */
export async function* sizedChunks(chunks: AsyncIterable<Buffer>, size: number, source: string): AsyncGenerator<Buffer> {
  let read = 0;
  for await (const chunk of chunks) {
    read += chunk.length;
    if (read > size) throw changedError(source, size, read);
    yield chunk;
  }
  if (read !== size) throw changedError(source, size, read);
}

/**
 * The archive as a stream of chunks: file contents are read in 1 MiB pieces (or as their `open`
 * yields them), so an archive of
 * any size costs a few MiB of memory. Parent directories are added for every file (mode 0o755)
 * so extraction never depends on defaults; duplicate paths keep the last entry given.
 */
export async function* tarChunks(entries: readonly TarEntry[]): AsyncGenerator<Buffer> {
  for (const [p, e] of plan(entries)) {
    if (e.type === 'directory') {
      yield* headerBlocks(`${p}/`, e.mode ?? 0o755, 0, '5');
    } else if (e.type === 'symlink') {
      yield* headerBlocks(p, e.mode ?? 0o777, 0, '2', e.linkTarget);
    } else if ('sourceFile' in e) {
      const size = (await fs.stat(e.sourceFile)).size;
      yield* headerBlocks(p, e.mode ?? 0o644, size, '0');
      yield* sizedChunks(createReadStream(e.sourceFile, { highWaterMark: CHUNK }), size, e.sourceFile);
      yield padding(size);
    } else if ('open' in e) {
      yield* headerBlocks(p, e.mode ?? 0o644, e.size, '0');
      yield* sizedChunks(e.open(), e.size, e.source);
      yield padding(e.size);
    } else {
      const data = Buffer.from(e.content);
      yield* headerBlocks(p, e.mode ?? 0o644, data.length, '0');
      yield data;
      yield padding(data.length);
    }
  }
  yield Buffer.alloc(BLOCK * 2, 0);
}

/** `tarChunks` as a Readable. */
export function tarStream(entries: readonly TarEntry[]): Readable {
  return Readable.from(tarChunks(entries), { objectMode: false });
}

/** The whole archive in memory: for small archives (configs, test fixtures); use tarChunks for files. */
export async function createTar(entries: readonly TarEntry[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of tarChunks(entries)) out.push(chunk);
  return Buffer.concat(out);
}

/** Streams `tarChunks(entries)` to a file; returns its size. */
export async function writeTar(entries: readonly TarEntry[], outFile: string): Promise<number> {
  let size = 0;
  await pipeline(tarStream(entries), new Transform({ transform(chunk: Buffer, _enc, done) { size += chunk.length; done(null, chunk); } }), createWriteStream(outFile));
  return size;
}
