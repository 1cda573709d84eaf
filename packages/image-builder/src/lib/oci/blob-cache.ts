/**
 * Content-addressed cache of base-image layers on disk (.nxstack/cache/blobs by default), so a
 * rebuild does not download a 50 MB base again. Entries are verified by digest on write.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { sha256Digest, type Blob } from './image';

export function cachedBlob(cacheDir: string, blob: Blob): Blob {
  const [alg, hex] = blob.descriptor.digest.split(':');
  const file = path.join(cacheDir, alg ?? 'sha256', hex ?? '');
  return {
    descriptor: blob.descriptor,
    read: async () => {
      const hit = await fs.readFile(file).catch(() => undefined);
      if (hit && sha256Digest(hit) === blob.descriptor.digest) return hit;
      const data = await blob.read();
      await fs.mkdir(path.dirname(file), { recursive: true });
      const tmp = `${file}.tmp-${process.pid}-${Date.now()}`;
      await fs.writeFile(tmp, data);
      await fs.rename(tmp, file);
      return data;
    },
  };
}
