/** Blobs kept as files named by digest (`<dir>/sha256/<hex>`): written once, copied, never held whole in memory. */
import { mkdtempSync, rmSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function fileBlobIn(dir: string, digest: string): string {
  const [alg, hex] = digest.split(':');
  if (alg !== 'sha256' || !/^[a-f0-9]{64}$/.test(hex ?? '')) throw new Error(`Unsupported digest ${digest}`);
  return path.join(dir, alg, hex!);
}

let processDir: string | undefined;

/** A blob folder private to this process (mode 0700 from mkdtemp), removed when it exits. */
export async function temporaryBlobDir(): Promise<string> {
  if (!processDir) {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'nxstack-blobs-'));
    processDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return processDir;
}

/** Copies a blob file to `target` (write to a temp name, then rename: readers never see half a blob). */
export async function copyBlobFile(source: string, target: string): Promise<void> {
  await fs.mkdir(path.dirname(target), { recursive: true });
  const tmp = `${target}.tmp-${process.pid}`;
  await fs.copyFile(source, tmp);
  await fs.rename(tmp, target);
}
