/**
 * Minimal tar reader (ustar, GNU long names, PAX path/linkpath): enough to convert `docker save`
 * output into an OCI layout and to inspect image layers in tests.
 */
import { NxstackError } from '../errors';

export interface ReadTarEntry {
  readonly path: string;
  readonly type: 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';
  readonly mode: number;
  readonly uid: number;
  readonly gid: number;
  readonly mtime: number;
  readonly linkTarget?: string;
  readonly content: Buffer;
}

function str(buf: Buffer, start: number, len: number): string {
  const s = buf.subarray(start, start + len);
  const nul = s.indexOf(0);
  return s.subarray(0, nul < 0 ? len : nul).toString('utf8');
}

function num(buf: Buffer, start: number, len: number): number {
  const s = str(buf, start, len).trim();
  return s ? parseInt(s, 8) : 0;
}

function parsePax(data: Buffer): Record<string, string> {
  const out: Record<string, string> = {};
  let i = 0;
  while (i < data.length) {
    const sp = data.indexOf(0x20, i);
    if (sp < 0) break;
    const len = parseInt(data.subarray(i, sp).toString('ascii'), 10);
    if (!len) break;
    const rec = data.subarray(sp + 1, i + len - 1).toString('utf8');
    const eq = rec.indexOf('=');
    out[rec.slice(0, eq)] = rec.slice(eq + 1);
    i += len;
  }
  return out;
}

const TYPES: Record<string, ReadTarEntry['type']> = { '0': 'file', '\0': 'file', '': 'file', '7': 'file', '5': 'directory', '2': 'symlink', '1': 'hardlink' };

/** Reads every entry of an uncompressed tar held in memory. */
export function readTar(buf: Buffer, source = 'tar archive'): ReadTarEntry[] {
  const entries: ReadTarEntry[] = [];
  let offset = 0;
  let longName: string | undefined;
  let longLink: string | undefined;
  let pax: Record<string, string> = {};
  while (offset + 512 <= buf.length) {
    const h = buf.subarray(offset, offset + 512);
    if (h.every((b) => b === 0)) break;
    const size = num(h, 124, 12);
    const typeflag = String.fromCharCode(h[156] ?? 0);
    const dataStart = offset + 512;
    if (dataStart + size > buf.length) {
      throw new NxstackError('NXS_TAR_TRUNCATED', `${source} is truncated at offset ${offset}.`, { hint: 'Produce the archive again; it was cut short.' });
    }
    const data = buf.subarray(dataStart, dataStart + size);
    offset = dataStart + Math.ceil(size / 512) * 512;
    if (typeflag === 'x') { pax = { ...pax, ...parsePax(data) }; continue; }
    if (typeflag === 'g') continue;
    if (typeflag === 'L') { longName = str(data, 0, data.length); continue; }
    if (typeflag === 'K') { longLink = str(data, 0, data.length); continue; }
    const prefix = str(h, 345, 155);
    const baseName = str(h, 0, 100);
    const name = pax.path ?? longName ?? (prefix ? `${prefix}/${baseName}` : baseName);
    const link = pax.linkpath ?? longLink ?? str(h, 157, 100);
    const type = TYPES[typeflag] ?? 'other';
    entries.push({
      path: name.replace(/^\.\//, '').replace(/\/$/, ''),
      type,
      mode: num(h, 100, 8),
      uid: num(h, 108, 8),
      gid: num(h, 116, 8),
      mtime: num(h, 136, 12),
      ...(type === 'symlink' || type === 'hardlink' ? { linkTarget: link } : {}),
      content: Buffer.from(data),
    });
    longName = longLink = undefined;
    pax = {};
  }
  return entries;
}
