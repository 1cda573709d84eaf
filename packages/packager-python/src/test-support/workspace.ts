// Helpers shared by this package's tests: temporary workspaces and zip inspection.
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { readZip, type ReadZipEntry } from '@nxstack/core';

export async function tempWorkspace(prefix = 'nxs-py-'): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), prefix));
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [rel, content] of Object.entries(files)) {
    await fs.mkdir(path.dirname(path.join(root, rel)), { recursive: true });
    await fs.writeFile(path.join(root, rel), content);
  }
}

export async function zipEntries(file: string): Promise<Map<string, ReadZipEntry>> {
  return new Map((await readZip(file)).map((e) => [e.path, e]));
}

/** `Tag:` lines of the WHEEL file of the dist-info whose name starts with `dist` (e.g. pydantic_core-). */
export function wheelTags(entries: Map<string, ReadZipEntry>, dist: string): string[] {
  const wheel = [...entries.keys()].find((p) => p.startsWith(dist) && /\.dist-info\/WHEEL$/.test(p));
  if (!wheel) throw new Error(`no ${dist}*.dist-info/WHEEL in the zip`);
  return entries.get(wheel)!.content.toString('utf8').split('\n').filter((l) => l.startsWith('Tag:')).map((l) => l.slice(4).trim());
}

/** ELF e_machine of a shared object: 62 = x86-64, 183 = AArch64. */
export function elfMachine(content: Buffer): number {
  if (content.readUInt32BE(0) !== 0x7f454c46) throw new Error('not an ELF file');
  return content.readUInt16LE(18);
}

export function distInfoVersion(entries: Map<string, ReadZipEntry>, dist: string): string | undefined {
  const re = new RegExp(`^${dist}-([^/]+)\\.dist-info/METADATA$`, 'i');
  for (const p of entries.keys()) {
    const m = re.exec(p);
    if (m) return m[1];
  }
  return undefined;
}
