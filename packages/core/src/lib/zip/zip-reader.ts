import { promises as fs } from 'node:fs';
import * as zlib from 'node:zlib';
import { NxstackError } from '../errors';

export interface ReadZipEntry {
  readonly path: string;
  /** Unix permission bits when the zip recorded them (made on Unix), else 0o644. */
  readonly mode: number;
  readonly isDirectory: boolean;
  readonly content: Buffer;
}

function fail(file: string, why: string): never {
  throw new NxstackError('NXS_ZIP_UNREADABLE', `Cannot read zip ${file}: ${why}.`, {
    location: { file },
    hint: 'Check that the file is a complete, non-encrypted zip (zip64 archives are not supported).',
  });
}

/** Reads every entry of a zip into memory (artifacts are Lambda-sized: at most 250 MB). */
export async function readZip(file: string): Promise<ReadZipEntry[]> {
  const buf = await fs.readFile(file);
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 0xffff); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) fail(file, 'no end-of-central-directory record');
  const count = buf.readUInt16LE(eocd + 10);
  let p = buf.readUInt32LE(eocd + 16);
  const entries: ReadZipEntry[] = [];
  for (let n = 0; n < count; n++) {
    if (buf.readUInt32LE(p) !== 0x02014b50) fail(file, 'corrupt central directory');
    const madeBy = buf.readUInt16LE(p + 4) >> 8;
    const flags = buf.readUInt16LE(p + 8);
    const method = buf.readUInt16LE(p + 10);
    const csize = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const external = buf.readUInt32LE(p + 38);
    const localOffset = buf.readUInt32LE(p + 42);
    const name = buf.subarray(p + 46, p + 46 + nameLen).toString(flags & 0x0800 ? 'utf8' : 'latin1');
    p += 46 + nameLen + extraLen + commentLen;
    if (flags & 0x1) fail(file, `entry ${name} is encrypted`);
    if (csize === 0xffffffff || localOffset === 0xffffffff) fail(file, 'zip64 entries');
    const dataStart = localOffset + 30 + buf.readUInt16LE(localOffset + 26) + buf.readUInt16LE(localOffset + 28);
    const data = buf.subarray(dataStart, dataStart + csize);
    let content: Buffer;
    if (method === 0) content = Buffer.from(data);
    else if (method === 8) content = zlib.inflateRawSync(data);
    else fail(file, `entry ${name} uses compression method ${method}`);
    const unixMode = madeBy === 3 ? (external >>> 16) & 0o777 : 0;
    entries.push({ path: name, mode: unixMode || 0o644, isDirectory: name.endsWith('/'), content });
  }
  return entries;
}
