import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import { NxstackError } from '../errors';
import { comparePaths } from './list-files';
import { readCentralDirectory } from './zip-reader';

/** Bytes copied per read while merging. */
const COPY_CHUNK = 1024 * 1024;

interface RawEntry {
  readonly name: string;
  /** Index of the input zip holding it. */
  readonly input: number;
  /** Where its local header + name + extra + compressed data lie in that zip, copied as is. */
  readonly offset: number;
  readonly length: number;
  /** Central directory record; its local-header offset is rewritten. */
  readonly central: Buffer;
}

/** Bytes of `length` at `position` of an open file (short reads refused: the zip is truncated). */
async function readAt(fh: FileHandle, position: number, length: number, file: string): Promise<Buffer> {
  const buf = Buffer.alloc(length);
  const { bytesRead } = await fh.read(buf, 0, length, position);
  if (bytesRead !== length) throw unreadable(file, 'it is truncated');
  return buf;
}

const unreadable = (file: string, why: string) => new NxstackError('NXS_ZIP_UNREADABLE', `Cannot merge ${file}: ${why}.`, { hint: 'Delete the dependency cache folder and package again.' });

/** The entries of one zip, from its end record and central directory only (its data is not read). */
async function rawEntries(fh: FileHandle, input: number, file: string): Promise<RawEntry[]> {
  const { cd, count } = await readCentralDirectory(fh, (why) => unreadable(file, why));
  let p = 0;
  const out: RawEntry[] = [];
  for (let n = 0; n < count; n++) {
    const flags = cd.readUInt16LE(p + 8);
    const csize = cd.readUInt32LE(p + 20);
    const nameLen = cd.readUInt16LE(p + 28);
    const centralLen = 46 + nameLen + cd.readUInt16LE(p + 30) + cd.readUInt16LE(p + 32);
    const offset = cd.readUInt32LE(p + 42);
    if (flags & 0x8) throw new NxstackError('NXS_ZIP_UNREADABLE', `Cannot merge ${file}: it uses data descriptors.`, { hint: 'Only zips written by nxstack can be merged.' });
    const local = await readAt(fh, offset, 30, file);
    const length = 30 + local.readUInt16LE(26) + local.readUInt16LE(28) + csize;
    out.push({ name: cd.subarray(p + 46, p + 46 + nameLen).toString('utf8'), input, offset, length, central: Buffer.from(cd.subarray(p, p + centralLen)) });
    p += centralLen;
  }
  return out;
}

export interface MergeZipsOptions {
  /** The error for a path found in two inputs; default NXS_ZIP_PATH_CONFLICT. */
  readonly conflictError?: (path: string) => NxstackError;
}

function defaultConflict(name: string): NxstackError {
  return new NxstackError('NXS_ZIP_PATH_CONFLICT', `"${name}" is in more than one of the zips being merged.`, { hint: 'Rename or exclude one of the two files.' });
}

/**
 * Merges zips written by writeZip into one, copying the already-compressed entries: the result
 * has the same bytes writeZip would give for all the files at once (same sort, same headers), but
 * a cached part (a dependency layer) is never compressed again. A path in two inputs is an error.
 */
export async function mergeZips(inputs: readonly string[], outFile: string, options: MergeZipsOptions = {}): Promise<{ sha256: string; size: number; entries: number }> {
  // Streamed: only the central directories are held; each entry's bytes are copied through one
  // buffer, so a function near Lambda's 250 MB limit costs a few MB of memory, not its size.
  const handles: FileHandle[] = [];
  try {
    const all: RawEntry[] = [];
    for (const [i, file] of inputs.entries()) {
      handles.push(await fs.open(file, 'r'));
      all.push(...(await rawEntries(handles[i]!, i, file)));
    }
    all.sort((a, b) => comparePaths(a.name, b.name));
    for (let i = 1; i < all.length; i++) {
      if (all[i].name === all[i - 1].name) {
        throw (options.conflictError ?? defaultConflict)(all[i].name);
      }
    }
    if (all.length > 0xffff) throw new NxstackError('NXS_ZIP_TOO_MANY_ENTRIES', `The artifact has ${all.length} files; at most 65535 are supported.`, { hint: 'Exclude files you do not need (excludeFiles, excludeDependencies).' });
    const dataSize = all.reduce((n, e) => n + e.length, 0);
    if (dataSize > 0xffffffff) throw new NxstackError('NXS_ZIP_TOO_LARGE', 'The artifact is larger than 4 GiB.', { hint: 'Lambda accepts at most 250 MB unzipped; exclude what the function does not need.' });
    await fs.mkdir(path.dirname(outFile), { recursive: true });
    const tmp = `${outFile}.${process.pid}.tmp`;
    const out = await fs.open(tmp, 'w');
    const hash = createHash('sha256');
    const write = async (bytes: Buffer) => {
      hash.update(bytes);
      await out.write(bytes, 0, bytes.length);
    };
    try {
      const centrals: Buffer[] = [];
      const chunk = Buffer.alloc(COPY_CHUNK);
      let offset = 0;
      for (const e of all) {
        const central = Buffer.from(e.central);
        central.writeUInt32LE(offset, 42);
        centrals.push(central);
        for (let done = 0; done < e.length; ) {
          const n = Math.min(chunk.length, e.length - done);
          const { bytesRead } = await handles[e.input]!.read(chunk, 0, n, e.offset + done);
          if (bytesRead !== n) throw unreadable(inputs[e.input]!, 'it is truncated');
          await write(chunk.subarray(0, n));
          done += n;
        }
        offset += e.length;
      }
      const cd = Buffer.concat(centrals);
      const eocd = Buffer.alloc(22);
      eocd.writeUInt32LE(0x06054b50, 0);
      eocd.writeUInt16LE(all.length, 8);
      eocd.writeUInt16LE(all.length, 10);
      eocd.writeUInt32LE(cd.length, 12);
      eocd.writeUInt32LE(offset, 16);
      await write(cd);
      await write(eocd);
      await out.close();
      await fs.rename(tmp, outFile);
      return { sha256: hash.digest('hex'), size: offset + cd.length + eocd.length, entries: all.length };
    } catch (e) {
      await out.close().catch(() => undefined);
      await fs.rm(tmp, { force: true });
      throw e;
    }
  } finally {
    await Promise.all(handles.map((h) => h.close()));
  }
}
