import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { NxstackError } from '../errors';
import { comparePaths } from './list-files';

interface RawEntry {
  readonly name: string;
  /** Local header + name + extra + compressed data, copied as is. */
  readonly local: Buffer;
  /** Central directory record; its local-header offset is rewritten. */
  readonly central: Buffer;
}

function rawEntries(buf: Buffer, file: string): RawEntry[] {
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new NxstackError('NXS_ZIP_UNREADABLE', `Cannot merge ${file}: no end-of-central-directory record.`, { hint: 'Delete the dependency cache folder and package again.' });
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const out: RawEntry[] = [];
  for (let n = 0; n < count; n++) {
    const flags = buf.readUInt16LE(p + 8);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const centralLen = 46 + nameLen + buf.readUInt16LE(p + 30) + buf.readUInt16LE(p + 32);
    const offset = buf.readUInt32LE(p + 42);
    if (flags & 0x8) throw new NxstackError('NXS_ZIP_UNREADABLE', `Cannot merge ${file}: it uses data descriptors.`, { hint: 'Only zips written by nxstack can be merged.' });
    const localLen = 30 + buf.readUInt16LE(offset + 26) + buf.readUInt16LE(offset + 28) + csize;
    out.push({ name: buf.subarray(p + 46, p + 46 + nameLen).toString('utf8'), local: buf.subarray(offset, offset + localLen), central: Buffer.from(buf.subarray(p, p + centralLen)) });
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
  const all: RawEntry[] = [];
  for (const file of inputs) all.push(...rawEntries(await fs.readFile(file), file));
  all.sort((a, b) => comparePaths(a.name, b.name));
  for (let i = 1; i < all.length; i++) {
    if (all[i].name === all[i - 1].name) {
      throw (options.conflictError ?? defaultConflict)(all[i].name);
    }
  }
  if (all.length > 0xffff) throw new NxstackError('NXS_ZIP_TOO_MANY_ENTRIES', `The artifact has ${all.length} files; at most 65535 are supported.`, { hint: 'Exclude files you do not need (excludeFiles, excludeDependencies).' });
  const hash = createHash('sha256');
  const chunks: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const e of all) {
    const central = Buffer.from(e.central);
    central.writeUInt32LE(offset, 42);
    centrals.push(central);
    chunks.push(e.local);
    offset += e.local.length;
  }
  if (offset > 0xffffffff) throw new NxstackError('NXS_ZIP_TOO_LARGE', 'The artifact is larger than 4 GiB.', { hint: 'Lambda accepts at most 250 MB unzipped; exclude what the function does not need.' });
  const cd = Buffer.concat(centrals);
  const eocd = Buffer.alloc(22);
  eocd.writeUInt32LE(0x06054b50, 0);
  eocd.writeUInt16LE(all.length, 8);
  eocd.writeUInt16LE(all.length, 10);
  eocd.writeUInt32LE(cd.length, 12);
  eocd.writeUInt32LE(offset, 16);
  chunks.push(cd, eocd);
  for (const c of chunks) hash.update(c);
  await fs.mkdir(path.dirname(outFile), { recursive: true });
  const tmp = `${outFile}.${process.pid}.tmp`;
  await fs.writeFile(tmp, chunks);
  await fs.rename(tmp, outFile);
  return { sha256: hash.digest('hex'), size: offset + cd.length + eocd.length, entries: all.length };
}
