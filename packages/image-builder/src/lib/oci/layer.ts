/**
 * Deterministic gzip'd tar layers from file entries (uid/gid 0, fixed mtime, sorted, no hardlinks).
 * Layers made from entries are written and hashed as streams into a content-addressed blob
 * folder: a layer of any size costs a few MiB of memory.
 */
import { createHash } from 'node:crypto';
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { tarStream, type TarEntry } from '@nxstack/core';
import { fileBlobIn, temporaryBlobDir } from './blob-files';
import { sha256Digest, type Blob } from './image';
import { MediaTypes } from './media-types';

export interface Layer extends Blob {
  /** sha256 of the uncompressed tar: what the config's rootfs.diff_ids lists. */
  readonly diffId: string;
}

/** Fixed gzip settings (and a header with mtime 0): the same tar always gives the same blob. */
const GZIP_OPTIONS: zlib.ZlibOptions = { level: 6, memLevel: 8, strategy: zlib.constants.Z_DEFAULT_STRATEGY };

export function gzipDeterministic(data: Buffer): Buffer {
  return zlib.gzipSync(data, GZIP_OPTIONS);
}

export function layerFromTar(tar: Buffer, mediaType: string = MediaTypes.ociLayerGzip): Layer {
  const compressed = gzipDeterministic(tar);
  const descriptor = { mediaType, digest: sha256Digest(compressed), size: compressed.length };
  return { descriptor, diffId: sha256Digest(tar), read: async () => compressed };
}

/** A pass-through that hashes and counts what flows by. */
function measuring(): Transform & { digest(): string; bytes: number } {
  const hash = createHash('sha256');
  const t = new Transform({
    transform(chunk: Buffer, _enc, done) {
      hash.update(chunk);
      t.bytes += chunk.length;
      done(null, chunk);
    },
  }) as Transform & { digest(): string; bytes: number };
  t.bytes = 0;
  t.digest = () => `sha256:${hash.digest('hex')}`;
  return t;
}

/**
 * tar → gzip → `<blobDir>/sha256/<hex>`, hashing the tar (diff id) and the blob (digest) on the
 * way. `blobDir` defaults to a folder of this process under the system temp dir.
 */
export async function layerFromEntries(entries: readonly TarEntry[], mediaType: string = MediaTypes.ociLayerGzip, blobDir?: string): Promise<Layer> {
  return layerFromTarStream(tarStream(entries), mediaType, blobDir);
}

/** An uncompressed tar read as a stream (a layer of `docker save`), gzipped and hashed into `blobDir` like layerFromEntries. */
export async function layerFromTarStream(source: AsyncIterable<Buffer> | NodeJS.ReadableStream, mediaType: string = MediaTypes.ociLayerGzip, blobDir?: string): Promise<Layer> {
  const dir = blobDir ?? (await temporaryBlobDir());
  await fs.mkdir(path.join(dir, 'sha256'), { recursive: true });
  const tmp = path.join(dir, 'sha256', `.layer-${process.pid}-${Math.random().toString(36).slice(2)}`);
  const tar = measuring();
  const blob = measuring();
  try {
    await pipeline(source, tar, zlib.createGzip(GZIP_OPTIONS), blob, createWriteStream(tmp));
  } catch (err) {
    await fs.rm(tmp, { force: true });
    throw err;
  }
  const digest = blob.digest();
  const file = fileBlobIn(dir, digest);
  await fs.rename(tmp, file);
  return { descriptor: { mediaType, digest, size: blob.bytes }, diffId: tar.digest(), file, read: () => fs.readFile(file) };
}

/** Uncompressed tar bytes of a layer blob (gzip or plain). */
export async function layerTar(blob: Blob): Promise<Buffer> {
  const data = await blob.read();
  return data[0] === 0x1f && data[1] === 0x8b ? zlib.gunzipSync(data) : data;
}
