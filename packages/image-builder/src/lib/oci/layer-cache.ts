/**
 * Reuse of built layers by the digests of their inputs: a layer whose files (paths, modes, sha256
 * of each content) are those of an earlier build is not tarred, gzipped or hashed again; its blob
 * file is taken from the blob folder. A code-only change thus rebuilds the code layer alone.
 */
import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { TarEntry } from '@nxstack/core';
import { fileBlobIn } from './blob-files';
import { layerFromEntries, type Layer } from './layer';
import { MediaTypes } from './media-types';

/** A file of a layer, read (streamed) when the key is computed and again when the layer is written. */
export interface LayerFile {
  readonly path: string;
  readonly mode: number;
  readonly size: number;
  /** The file on disk or `zip!path`, for messages. */
  readonly source: string;
  open(): AsyncIterable<Buffer>;
}

interface LayerRecord {
  readonly digest: string;
  readonly diffId: string;
  readonly size: number;
}

/** Key of a layer's inputs; bump the version when the layer writer's output would change. */
async function inputsKey(files: readonly LayerFile[]): Promise<string> {
  const hash = createHash('sha256').update('nxstack-layer-v1\n');
  for (const f of files) {
    const content = createHash('sha256');
    for await (const chunk of f.open()) content.update(chunk);
    hash.update(`${f.path}\0${f.mode.toString(8)}\0${content.digest('hex')}\n`);
  }
  return hash.digest('hex');
}

/** The layer of `files` (already placed at their paths in the image), built once per distinct input into `blobDir`. */
export async function cachedLayerOf(files: readonly LayerFile[], blobDir: string): Promise<Layer> {
  const record = path.join(blobDir, 'layers', `${await inputsKey(files)}.json`);
  const known = await fs.readFile(record, 'utf8').then((t) => JSON.parse(t) as LayerRecord, () => undefined);
  if (known) {
    const file = fileBlobIn(blobDir, known.digest);
    // A blob file that lost its bytes is rebuilt, never handed on.
    if ((await fs.stat(file).then((s) => s.size, () => -1)) === known.size) {
      return { descriptor: { mediaType: MediaTypes.ociLayerGzip, digest: known.digest, size: known.size }, diffId: known.diffId, file, read: () => fs.readFile(file) };
    }
  }
  const layer = await layerFromEntries(files.map((f): TarEntry => ({ path: f.path, mode: f.mode, size: f.size, source: f.source, open: () => f.open() })), MediaTypes.ociLayerGzip, blobDir);
  await fs.mkdir(path.dirname(record), { recursive: true });
  const tmp = `${record}.tmp-${process.pid}`;
  await fs.writeFile(tmp, JSON.stringify({ digest: layer.descriptor.digest, diffId: layer.diffId, size: layer.descriptor.size } satisfies LayerRecord));
  await fs.rename(tmp, record);
  return layer;
}
