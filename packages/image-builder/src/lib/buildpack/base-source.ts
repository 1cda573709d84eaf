/** Where a base image comes from: an OCI layout on disk (`oci-layout:<dir>[:<ref>]` or a folder path) or a registry. */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IMAGE_BLOB_CACHE_DIR } from '@nxstack/core';
import { cachedBlob } from '../oci/blob-cache';
import type { Image } from '../oci/image';
import { readLayout } from '../oci/layout';
import type { RegistryCredentials } from '../registry/auth';
import { parseReference, type ImageReference } from '../registry/reference';
import { pullImage } from '../registry/remote';
import { RegistryClient } from '../registry/registry-client';

export interface BaseImageSource {
  readonly image: Image;
  /** Set when the base came from a registry: lets a push mount its layers instead of uploading. */
  readonly reference?: ImageReference;
}

export interface ResolveBaseOptions {
  readonly cwd: string;
  readonly architecture?: 'x86_64' | 'arm64';
  readonly credentials?: RegistryCredentials;
  readonly insecureRegistries?: readonly string[];
  /** Where pulled base layers are kept between builds (default <cwd>/.nxstack/cache/blobs). */
  readonly cacheDir?: string;
}

export async function resolveBaseImage(ref: string, options: ResolveBaseOptions): Promise<BaseImageSource> {
  if (ref.startsWith('oci-layout:')) {
    const rest = ref.slice('oci-layout:'.length);
    const m = /^(.*?)(?::([\w][\w.-]*))?$/.exec(rest)!;
    return { image: await readLayout(path.resolve(options.cwd, m[1]!), m[2]) };
  }
  if (ref.startsWith('.') || ref.startsWith('/')) {
    const dir = path.resolve(options.cwd, ref);
    if (await fs.stat(path.join(dir, 'index.json')).then(() => true, () => false)) return { image: await readLayout(dir) };
  }
  const reference = parseReference(ref);
  const client = new RegistryClient({
    registry: reference.registry,
    credentials: options.credentials,
    insecure: options.insecureRegistries?.includes(reference.registry) || undefined,
  });
  const image = await pullImage(client, reference, options.architecture);
  const cacheDir = options.cacheDir ?? path.join(options.cwd, IMAGE_BLOB_CACHE_DIR);
  return { image: { ...image, layers: image.layers.map((l) => cachedBlob(cacheDir, l)) }, reference };
}
