/**
 * Pushes an image: every blob the registry lacks (cross-repository mount from the base image's
 * repository when it lives on the same registry), then the manifest under each tag. Blobs already
 * present are not sent: a code-only change uploads one layer, the config and the manifest.
 */
import { imageBlobs, type Image } from './oci/image';
import type { RegistryClient } from './registry/registry-client';

export interface PushProgress {
  readonly phase: 'blob-exists' | 'blob-mounted' | 'blob-uploaded' | 'manifest';
  readonly digest: string;
  readonly bytes: number;
  readonly tag?: string;
}

export interface PushOptions {
  readonly client: RegistryClient;
  readonly repository: string;
  /** Tags to put the manifest under; the manifest is always addressable by digest too. */
  readonly tags: readonly string[];
  /** Repository on the same registry holding the base image's layers (mount source). */
  readonly mountFrom?: string;
  readonly onProgress?: (p: PushProgress) => void;
}

export interface PushResult {
  readonly digest: string;
  /** `<registry>/<repository>@<digest>`: what templates reference. */
  readonly reference: string;
  readonly tags: readonly string[];
  /** Bytes sent in request bodies (blobs + manifests). */
  readonly bytesUploaded: number;
  readonly blobsUploaded: readonly string[];
  readonly blobsMounted: readonly string[];
  readonly blobsSkipped: readonly string[];
}

export async function pushImage(image: Image, options: PushOptions): Promise<PushResult> {
  const { client, repository, onProgress } = options;
  const uploaded: string[] = [];
  const mounted: string[] = [];
  const skipped: string[] = [];
  let bytes = 0;
  const seen = new Set<string>();
  for (const blob of imageBlobs(image)) {
    const { digest, size } = blob.descriptor;
    if (seen.has(digest)) continue;
    seen.add(digest);
    if (await client.blobExists(repository, digest)) {
      skipped.push(digest);
      onProgress?.({ phase: 'blob-exists', digest, bytes: 0 });
      continue;
    }
    // Blobs kept in files (built layers, OCI layouts) stream from disk; the rest are small or already in memory.
    const how = await client.uploadBlobBytes(repository, blob.descriptor, blob.file ? { file: blob.file } : await blob.read(), options.mountFrom);
    if (how === 'mounted') {
      mounted.push(digest);
      onProgress?.({ phase: 'blob-mounted', digest, bytes: 0 });
    } else {
      uploaded.push(digest);
      bytes += size;
      onProgress?.({ phase: 'blob-uploaded', digest, bytes: size });
    }
  }
  const tags = [...new Set(options.tags.length ? options.tags : ['latest'])];
  for (const tag of tags) {
    await client.putManifest(repository, tag, image.manifest.mediaType, image.rawManifest);
    bytes += image.rawManifest.length;
    onProgress?.({ phase: 'manifest', digest: image.digest, bytes: image.rawManifest.length, tag });
  }
  return {
    digest: image.digest,
    reference: `${client.location}/${repository}@${image.digest}`,
    tags,
    bytesUploaded: bytes,
    blobsUploaded: uploaded,
    blobsMounted: mounted,
    blobsSkipped: skipped,
  };
}
