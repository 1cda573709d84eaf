/**
 * Copies an image by digest from one repository to another without changing a byte (as
 * `crane copy` does): on one registry every blob is mounted across repositories (no byte moves),
 * between registries (another region or account) each missing blob is read from the source and
 * uploaded; then the manifest is PUT by its digest and under each tag. An index is copied with
 * its platform manifests first. The digest stays the same, so templates pin the same image.
 */
import { NxstackError } from '@nxstack/core';
import { isIndex } from '../oci/media-types';
import type { RegistryClient } from './registry-client';

export interface ImageLocationIn {
  readonly client: RegistryClient;
  readonly repository: string;
}

export interface CopyImageOptions {
  readonly from: ImageLocationIn;
  readonly to: ImageLocationIn;
  /** sha256:… of the manifest (or index) to copy. */
  readonly digest: string;
  /** Tags to put on the target besides the digest. */
  readonly tags?: readonly string[];
  readonly onProgress?: (p: { phase: 'blob-exists' | 'blob-mounted' | 'blob-copied' | 'manifest'; digest: string; bytes: number; tag?: string }) => void;
}

export interface CopyImageResult {
  /** `<registry>/<repository>@<digest>` on the target. */
  readonly reference: string;
  readonly blobsMounted: number;
  readonly blobsCopied: number;
  readonly blobsPresent: number;
  readonly bytesCopied: number;
}

interface Descriptor {
  readonly digest: string;
  readonly size: number;
  readonly mediaType?: string;
}

export async function copyImage(o: CopyImageOptions): Promise<CopyImageResult> {
  const sameRegistry = o.from.client.location === o.to.client.location;
  const counts = { blobsMounted: 0, blobsCopied: 0, blobsPresent: 0, bytesCopied: 0 };

  const copyBlob = async (d: Descriptor): Promise<void> => {
    if (await o.to.client.blobExists(o.to.repository, d.digest)) {
      counts.blobsPresent++;
      o.onProgress?.({ phase: 'blob-exists', digest: d.digest, bytes: 0 });
      return;
    }
    const read = () => o.from.client.getBlob(o.from.repository, d.digest);
    const how = await o.to.client.uploadBlobBytes(o.to.repository, { mediaType: 'application/octet-stream', ...d }, read, sameRegistry ? o.from.repository : undefined);
    if (how === 'mounted') counts.blobsMounted++;
    else {
      counts.blobsCopied++;
      counts.bytesCopied += d.size;
    }
    o.onProgress?.({ phase: how === 'mounted' ? 'blob-mounted' : 'blob-copied', digest: d.digest, bytes: how === 'mounted' ? 0 : d.size });
  };

  /** Blobs, then the manifest by digest; an index's children first (a registry refuses an index with unknown children). */
  const copyManifest = async (digest: string): Promise<{ mediaType: string; body: Buffer }> => {
    const found = await o.from.client.getManifest(o.from.repository, digest);
    if (!found || found.digest !== digest) {
      throw new NxstackError('NXS_PROMOTE_SOURCE_MISSING', `Image ${o.from.client.location}/${o.from.repository}@${digest} ${found ? 'does not match its digest' : 'is gone'}.`, {
        hint: 'The source stage runs an image its registry no longer holds: deploy the source stage again (it pushes its images), then promote.',
      });
    }
    const parsed = JSON.parse(found.body.toString('utf8')) as { manifests?: Descriptor[]; config?: Descriptor; layers?: Descriptor[] };
    if (isIndex(found.mediaType)) {
      for (const child of parsed.manifests ?? []) await copyManifest(child.digest);
    } else {
      const seen = new Set<string>();
      for (const d of [parsed.config, ...(parsed.layers ?? [])]) {
        if (!d || seen.has(d.digest)) continue;
        seen.add(d.digest);
        await copyBlob(d);
      }
    }
    await o.to.client.putManifest(o.to.repository, digest, found.mediaType, found.body);
    return found;
  };

  const top = await copyManifest(o.digest);
  o.onProgress?.({ phase: 'manifest', digest: o.digest, bytes: top.body.length });
  for (const tag of [...new Set(o.tags ?? [])]) {
    await o.to.client.putManifest(o.to.repository, tag, top.mediaType, top.body);
    o.onProgress?.({ phase: 'manifest', digest: o.digest, bytes: top.body.length, tag });
  }
  return { reference: `${o.to.client.location}/${o.to.repository}@${o.digest}`, ...counts };
}
