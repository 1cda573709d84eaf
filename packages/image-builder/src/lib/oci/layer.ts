/** Deterministic gzip'd tar layers from file entries (uid/gid 0, fixed mtime, sorted, no hardlinks). */
import * as zlib from 'node:zlib';
import { createTar, type TarEntry } from '@nxstack/core';
import { sha256Digest, type Blob } from './image';
import { MediaTypes } from './media-types';

export interface Layer extends Blob {
  /** sha256 of the uncompressed tar: what the config's rootfs.diff_ids lists. */
  readonly diffId: string;
}

/** gzip with a fixed header (mtime 0) and fixed level, so the same tar always gives the same blob. */
export function gzipDeterministic(data: Buffer): Buffer {
  return zlib.gzipSync(data, { level: 6, memLevel: 8, strategy: zlib.constants.Z_DEFAULT_STRATEGY });
}

export function layerFromTar(tar: Buffer, mediaType: string = MediaTypes.ociLayerGzip): Layer {
  const compressed = gzipDeterministic(tar);
  const descriptor = { mediaType, digest: sha256Digest(compressed), size: compressed.length };
  return { descriptor, diffId: sha256Digest(tar), read: async () => compressed };
}

export async function layerFromEntries(entries: readonly TarEntry[], mediaType?: string): Promise<Layer> {
  return layerFromTar(await createTar(entries), mediaType);
}

/** Uncompressed tar bytes of a layer blob (gzip or plain). */
export async function layerTar(blob: Blob): Promise<Buffer> {
  const data = await blob.read();
  return data[0] === 0x1f && data[1] === 0x8b ? zlib.gunzipSync(data) : data;
}
