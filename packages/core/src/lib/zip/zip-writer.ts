import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { promisify } from 'node:util';
import * as zlib from 'node:zlib';
import { NxstackError } from '../errors';
import { comparePaths } from './list-files';

const deflateRaw = promisify(zlib.deflateRaw);

/** One file of a zip. Directory entries are never written: Lambda and unzip do not need them. */
export type ZipEntry = {
  /** Posix path inside the archive, relative, no leading slash. */
  readonly path: string;
  /** Unix mode bits; anything with an execute bit is written 0o755, the rest 0o644. */
  readonly mode?: number;
} & (
  | { readonly sourceFile: string }
  | { readonly content: Buffer | string }
  /** Bytes read when the zip is written (an entry of another zip): `size` is what `open` must yield each time. */
  | { readonly size: number; readonly open: () => AsyncIterable<Buffer>; readonly source: string }
);

export interface ZipOptions {
  /**
   * Deflate level. Default 6: on 50 typical Lambda bundles level 9 took 2-4x longer for zips
   * only ~1.7% smaller, and packaging time is what users wait for on every deploy.
   */
  readonly level?: number;
}

export interface ZipResult {
  readonly sha256: string;
  readonly size: number;
  readonly entries: number;
}

// 1980-01-01 00:00:00, the earliest DOS timestamp: every entry gets it so zips are reproducible.
const DOS_TIME = 0;
const DOS_DATE = (0 << 9) | (1 << 5) | 1;
const UTF8_FLAG = 0x0800;
const MAX_32 = 0xffffffff;
const COMPRESS_AHEAD = 8;

/**
 * Entry data: in memory (small files), or a file on disk (a spooled deflate stream, or the source
 * itself when stored), or a stored streamed source read again (`reopen`; `file` names it).
 */
type EntryData = Buffer | { readonly file: string; readonly length: number; readonly crc: number; readonly spooled: boolean; readonly reopen?: () => AsyncIterable<Buffer> };

interface PreparedEntry {
  readonly name: Buffer;
  readonly mode: number;
  readonly crc: number;
  readonly size: number;
  readonly method: 0 | 8;
  readonly data: EntryData;
}

/** Files larger than this are deflated as streams into a spool file next to the zip, never held whole in memory. */
export const ZIP_STREAM_THRESHOLD = 1024 * 1024;
const CHUNK = 1024 * 1024;

function dataLength(d: EntryData): number {
  return Buffer.isBuffer(d) ? d.length : d.length;
}

function changedError(file: string): NxstackError {
  return new NxstackError('NXS_FILE_CHANGED_WHILE_PACKAGING', `${file} changed while it was being zipped.`, { location: { file }, hint: 'Stop whatever writes to it (a watcher, a build) and package again.' });
}

/** Deflates a large file into `spool` as a stream: crc and sizes without holding the file. */
async function prepareLarge(entry: { path: string; mode?: number } & ({ sourceFile: string } | { open: () => AsyncIterable<Buffer>; source: string }), level: number, spool: string): Promise<PreparedEntry> {
  let crc = 0;
  let size = 0;
  let deflatedLength = 0;
  await pipeline(
    'sourceFile' in entry ? createReadStream(entry.sourceFile, { highWaterMark: CHUNK }) : entry.open(),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        crc = zlib.crc32(chunk, crc);
        size += chunk.length;
        done(null, chunk);
      },
    }),
    zlib.createDeflateRaw({ level }),
    new Transform({
      transform(chunk: Buffer, _enc, done) {
        deflatedLength += chunk.length;
        done(null, chunk);
      },
    }),
    createWriteStream(spool),
  );
  const stored = deflatedLength >= size;
  if (stored) await fs.rm(spool, { force: true });
  return {
    name: Buffer.from(entry.path, 'utf8'),
    mode: (entry.mode ?? 0o644) & 0o111 ? 0o755 : 0o644,
    crc,
    size,
    method: stored ? 0 : 8,
    data: !stored
      ? { file: spool, length: deflatedLength, crc, spooled: true }
      : 'sourceFile' in entry
        ? { file: entry.sourceFile, length: size, crc, spooled: false }
        : { file: entry.source, length: size, crc, spooled: false, reopen: entry.open },
  };
}

async function readAll(chunks: AsyncIterable<Buffer>): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const c of chunks) out.push(c);
  return Buffer.concat(out);
}

async function prepare(entry: ZipEntry, level: number, spool: string): Promise<PreparedEntry> {
  if ('sourceFile' in entry && (await fs.stat(entry.sourceFile)).size > ZIP_STREAM_THRESHOLD) return prepareLarge(entry, level, spool);
  if ('open' in entry && entry.size > ZIP_STREAM_THRESHOLD) return prepareLarge(entry, level, spool);
  // In-memory content is read, never changed: no copy of it.
  const raw = 'sourceFile' in entry ? await fs.readFile(entry.sourceFile) : 'open' in entry ? await readAll(entry.open()) : typeof entry.content === 'string' ? Buffer.from(entry.content) : entry.content;
  const deflated = await deflateRaw(raw, { level });
  // Store when compression does not help (already-compressed files): smaller and faster to read.
  const stored = deflated.length >= raw.length;
  return {
    name: Buffer.from(entry.path, 'utf8'),
    mode: (entry.mode ?? 0o644) & 0o111 ? 0o755 : 0o644,
    crc: zlib.crc32(raw),
    size: raw.length,
    method: stored ? 0 : 8,
    data: stored ? raw : deflated,
  };
}

/** Chunks of an entry's data; a stored source file is read again and must not have changed since. */
async function* dataChunks(d: EntryData): AsyncGenerator<Buffer> {
  if (Buffer.isBuffer(d)) {
    yield d;
    return;
  }
  let crc = 0;
  let read = 0;
  for await (const chunk of d.reopen ? d.reopen() : createReadStream(d.file, { highWaterMark: CHUNK })) {
    if (!d.spooled) crc = zlib.crc32(chunk as Buffer, crc);
    read += (chunk as Buffer).length;
    yield chunk as Buffer;
  }
  if (read !== d.length || (!d.spooled && crc !== d.crc)) throw changedError(d.file);
}

function checkEntries(entries: readonly ZipEntry[]): ZipEntry[] {
  const sorted = [...entries].sort((a, b) => comparePaths(a.path, b.path));
  for (let i = 0; i < sorted.length; i++) {
    const p = sorted[i].path;
    if (!p || p.startsWith('/') || p.split('/').some((s) => s === '..' || s === '')) {
      throw new NxstackError('NXS_ZIP_BAD_PATH', `Zip entry path "${p}" is not a clean relative path.`, { hint: 'Use posix paths relative to the artifact root, without "..".' });
    }
    if (i > 0 && sorted[i - 1].path === p) {
      throw new NxstackError('NXS_ZIP_DUPLICATE_ENTRY', `Two files would land at "${p}" in the zip.`, { hint: 'Check includeFiles and the packager output for overlapping paths.' });
    }
  }
  if (sorted.length > 0xffff) {
    throw new NxstackError('NXS_ZIP_TOO_MANY_ENTRIES', `The artifact has ${sorted.length} files; the zip writer supports at most 65535.`, { hint: 'Exclude files you do not need (excludeFiles, excludeDependencies).' });
  }
  return sorted;
}

function localHeader(e: PreparedEntry): Buffer {
  const h = Buffer.alloc(30);
  h.writeUInt32LE(0x04034b50, 0);
  h.writeUInt16LE(20, 4);
  h.writeUInt16LE(UTF8_FLAG, 6);
  h.writeUInt16LE(e.method, 8);
  h.writeUInt16LE(DOS_TIME, 10);
  h.writeUInt16LE(DOS_DATE, 12);
  h.writeUInt32LE(e.crc, 14);
  h.writeUInt32LE(dataLength(e.data), 18);
  h.writeUInt32LE(e.size, 22);
  h.writeUInt16LE(e.name.length, 26);
  h.writeUInt16LE(0, 28);
  return h;
}

function centralHeader(e: PreparedEntry, offset: number): Buffer {
  const h = Buffer.alloc(46);
  h.writeUInt32LE(0x02014b50, 0);
  h.writeUInt16LE((3 << 8) | 20, 4); // made by Unix, so unzip honours the mode bits below
  h.writeUInt16LE(20, 6);
  h.writeUInt16LE(UTF8_FLAG, 8);
  h.writeUInt16LE(e.method, 10);
  h.writeUInt16LE(DOS_TIME, 12);
  h.writeUInt16LE(DOS_DATE, 14);
  h.writeUInt32LE(e.crc, 16);
  h.writeUInt32LE(dataLength(e.data), 20);
  h.writeUInt32LE(e.size, 24);
  h.writeUInt16LE(e.name.length, 28);
  h.writeUInt32LE(((0o100000 | e.mode) << 16) >>> 0, 38); // S_IFREG | permission bits
  h.writeUInt32LE(offset, 42);
  return h;
}

function endOfCentralDirectory(count: number, cdSize: number, cdOffset: number): Buffer {
  const h = Buffer.alloc(22);
  h.writeUInt32LE(0x06054b50, 0);
  h.writeUInt16LE(count, 8);
  h.writeUInt16LE(count, 10);
  h.writeUInt32LE(cdSize, 12);
  h.writeUInt32LE(cdOffset, 16);
  return h;
}

/**
 * Writes a reproducible zip: entries sorted by path, fixed timestamps, modes 0644/0755, no
 * directory entries, deflate (or stored when that is smaller). Same input → same bytes.
 */
export async function writeZip(entries: readonly ZipEntry[], outFile: string, options: ZipOptions = {}): Promise<ZipResult> {
  const sorted = checkEntries(entries);
  const level = options.level ?? 6;
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  const handle = await fs.open(tmp, 'w');
  const hash = createHash('sha256');
  const central: Buffer[] = [];
  let offset = 0;
  const write = async (buf: Buffer) => {
    hash.update(buf);
    await handle.write(buf);
    offset += buf.length;
  };
  const pending: Promise<PreparedEntry>[] = [];
  try {
    // Compress a few entries ahead of the writer; write strictly in sorted order.
    const start = (i: number) => prepare(sorted[i]!, level, `${tmp}.${i}.deflate`);
    for (let i = 0; i < Math.min(COMPRESS_AHEAD, sorted.length); i++) pending.push(start(i));
    for (let i = 0; i < sorted.length; i++) {
      const e = await pending[i]!;
      if (i + COMPRESS_AHEAD < sorted.length) pending.push(start(i + COMPRESS_AHEAD));
      if (offset + 30 + e.name.length + dataLength(e.data) > MAX_32) {
        throw new NxstackError('NXS_ZIP_TOO_LARGE', 'The artifact is larger than 4 GiB.', { hint: 'Lambda accepts at most 250 MB unzipped; exclude what the function does not need.' });
      }
      central.push(centralHeader(e, offset));
      central.push(e.name);
      await write(localHeader(e));
      await write(e.name);
      for await (const chunk of dataChunks(e.data)) await write(chunk);
      if (!Buffer.isBuffer(e.data) && e.data.spooled) await fs.rm(e.data.file, { force: true });
      pending[i] = undefined as unknown as Promise<PreparedEntry>; // let finished buffers be collected
    }
    const cdOffset = offset;
    const cd = Buffer.concat(central);
    await write(cd);
    await write(endOfCentralDirectory(sorted.length, cd.length, cdOffset));
    await handle.close();
    await fs.rename(tmp, outFile);
  } catch (err) {
    await handle.close().catch(() => undefined);
    await fs.rm(tmp, { force: true });
    // Spool files of entries compressed ahead (their promises may still be running or rejected).
    await Promise.allSettled(pending);
    await Promise.all(pending.map((_, i) => fs.rm(`${tmp}.${i}.deflate`, { force: true })));
    throw err;
  }
  return { sha256: hash.digest('hex'), size: offset, entries: sorted.length };
}
