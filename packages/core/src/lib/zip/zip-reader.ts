import { createReadStream, promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { NxstackError } from '../errors';

export interface ReadZipEntry {
  readonly path: string;
  /** Unix permission bits when the zip recorded them (made on Unix), else 0o644. */
  readonly mode: number;
  readonly isDirectory: boolean;
  readonly content: Buffer;
}

/** An entry of a zip on disk whose bytes are read (and inflated) only when opened. */
export interface StreamedZipEntry {
  readonly path: string;
  /** Unix permission bits when the zip recorded them (made on Unix), else 0o644. */
  readonly mode: number;
  readonly isDirectory: boolean;
  /** Uncompressed size, from the central directory. */
  readonly size: number;
  /** `zip!path`, for messages. */
  readonly source: string;
  /** A new pass over the entry's uncompressed bytes, in chunks of at most 1 MiB. */
  open(): AsyncIterable<Buffer>;
}

const CHUNK = 1024 * 1024;

function unreadableError(file: string, why: string): NxstackError {
  return new NxstackError('NXS_ZIP_UNREADABLE', `Cannot read zip ${file}: ${why}.`, {
    location: { file },
    hint: 'Check that the file is a complete, non-encrypted zip (zip64 archives are not supported).',
  });
}

function fail(file: string, why: string): never {
  throw unreadableError(file, why);
}

async function readAt(fh: FileHandle, position: number, length: number, file: string): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) fail(file, 'it is truncated');
  return buf;
}

/**
 * The bytes of one entry: its local header is read when opened (to find where its data starts).
 * An entry of at most one chunk, compressed and not, is read and inflated in one piece through the
 * handle already open: on a zip of thousands of small files (a node_modules folder) a read stream
 * and an inflate stream per entry cost more than the bytes. Larger entries stream.
 */
async function* entryChunks(file: string, name: string, localOffset: number, compressedSize: number, size: number, method: number): AsyncGenerator<Buffer> {
  const fh = await fs.open(file, 'r');
  let start: number;
  let whole: Buffer | undefined;
  try {
    const local = await readAt(fh, localOffset, 30, file);
    if (local.readUInt32LE(0) !== 0x04034b50) fail(file, `corrupt local header of ${name}`);
    start = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    if (compressedSize > 0 && compressedSize <= CHUNK && size <= CHUNK) whole = await readAt(fh, start, compressedSize, file);
  } finally {
    await fh.close();
  }
  if (compressedSize === 0) return;
  if (whole) {
    yield method === 0 ? whole : zlib.inflateRawSync(whole);
    return;
  }
  const raw = createReadStream(file, { start, end: start + compressedSize - 1, highWaterMark: CHUNK });
  if (method === 0) {
    yield* raw;
    return;
  }
  const inflate = zlib.createInflateRaw({ chunkSize: 64 * 1024 });
  // An error on either side ends the iteration below with that error.
  pipeline(raw, inflate).catch(() => undefined);
  yield* inflate;
}

/**
 * A zip's central directory (its records and their count), found through the end record: the one
 * place zips are opened for reading and merging. `unreadable` makes the error of the caller.
 */
export async function readCentralDirectory(fh: FileHandle, unreadable: (why: string) => Error): Promise<{ readonly cd: Buffer; readonly count: number }> {
  const at = async (position: number, length: number) => {
    const buf = Buffer.alloc(length);
    if ((await fh.read(buf, 0, length, position)).bytesRead !== length) throw unreadable('it is truncated');
    return buf;
  };
  const size = (await fh.stat()).size;
  const tailLength = Math.min(size, 22 + 0xffff);
  const tail = await at(size - tailLength, tailLength);
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (tail.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw unreadable('no end-of-central-directory record');
  const cdOffset = tail.readUInt32LE(eocd + 16);
  if (cdOffset === 0xffffffff) throw unreadable('zip64 entries');
  return { cd: await at(cdOffset, tail.readUInt32LE(eocd + 12)), count: tail.readUInt16LE(eocd + 10) };
}

/**
 * The entries of a zip from its end record and central directory only: nothing of their data is
 * read until an entry is opened, so a zip of any size costs its directory in memory.
 */
export async function zipEntries(file: string): Promise<StreamedZipEntry[]> {
  const fh = await fs.open(file, 'r');
  let cd: Buffer;
  let count: number;
  try {
    ({ cd, count } = await readCentralDirectory(fh, (why) => unreadableError(file, why)));
  } finally {
    await fh.close();
  }
  const entries: StreamedZipEntry[] = [];
  let p = 0;
  for (let n = 0; n < count; n++) {
    if (p + 46 > cd.length || cd.readUInt32LE(p) !== 0x02014b50) fail(file, 'corrupt central directory');
    const madeBy = cd.readUInt16LE(p + 4) >> 8;
    const flags = cd.readUInt16LE(p + 8);
    const method = cd.readUInt16LE(p + 10);
    const csize = cd.readUInt32LE(p + 20);
    const usize = cd.readUInt32LE(p + 24);
    const nameLen = cd.readUInt16LE(p + 28);
    const extraLen = cd.readUInt16LE(p + 30);
    const commentLen = cd.readUInt16LE(p + 32);
    const external = cd.readUInt32LE(p + 38);
    const localOffset = cd.readUInt32LE(p + 42);
    const name = cd.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x0800 ? 'utf8' : 'latin1');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) fail(file, `entry ${name} is encrypted`);
    if (csize === 0xffffffff || usize === 0xffffffff || localOffset === 0xffffffff) fail(file, 'zip64 entries');
    if (method !== 0 && method !== 8) fail(file, `entry ${name} uses compression method ${method}`);
    const unixMode = madeBy === 3 ? (external >>> 16) & 0o777 : 0;
    entries.push({
      path: name,
      mode: unixMode || 0o644,
      isDirectory: name.endsWith('/'),
      size: usize,
      source: `${file}!${name}`,
      open: () => entryChunks(file, name, localOffset, csize, usize, method),
    });
  }
  return entries;
}

/** Reads every entry of a zip into memory: for small zips (tests, configs); use zipEntries for artifacts. */
export async function readZip(file: string): Promise<ReadZipEntry[]> {
  const out: ReadZipEntry[] = [];
  for (const e of await zipEntries(file)) {
    const chunks: Buffer[] = [];
    for await (const c of e.open()) chunks.push(c);
    out.push({ path: e.path, mode: e.mode, isDirectory: e.isDirectory, content: Buffer.concat(chunks) });
  }
  return out;
}
