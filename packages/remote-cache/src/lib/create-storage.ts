import { DirStorage } from './dir-storage';
import type { StorageSpec } from './options';
import { createCacheS3Client, S3Storage } from './s3-storage';
import type { CacheStorage } from './storage';

export async function createStorage(spec: StorageSpec, env: NodeJS.ProcessEnv = process.env): Promise<CacheStorage> {
  if (spec.kind === 'dir') {
    const dir = new DirStorage(spec.path);
    await dir.removeStaleUploads();
    return dir;
  }
  return new S3Storage(await createCacheS3Client(env), { bucket: spec.bucket, prefix: spec.prefix });
}
