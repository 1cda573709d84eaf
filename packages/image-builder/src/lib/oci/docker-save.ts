/**
 * Converts `docker save` output (the legacy archive: manifest.json, <config>.json, <id>/layer.tar,
 * or blobs/sha256/… in the OCI form of Docker 25+) into an Image with Docker v2 schema 2 media
 * types, so daemon-built images push like any other. The archive is read once, as a stream: small
 * entries (manifest.json, configs) are kept in memory, every larger one is gzipped and hashed on
 * its way into a blob file, so a 1 GiB image costs a few MiB of memory, not its size.
 */
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { isNxstackError, NxstackError } from '@nxstack/core';
import { bufferBlob, imageFrom, type Image, type ImageConfig } from './image';
import { layerFromTar, layerFromTarStream, type Layer } from './layer';
import { MediaTypes } from './media-types';

/** Entries up to this size are held in memory (JSON, tiny layers); larger ones are spooled as layer blobs. */
const IN_MEMORY_LIMIT = 1024 * 1024;

function invalid(what: string, why: string, hint: string, cause?: unknown): NxstackError {
  return new NxstackError('NXS_DOCKER_SAVE_INVALID', `docker save of ${what} ${why}.`, { hint, cause });
}

interface SavedEntries {
  readonly small: Map<string, Buffer>;
  readonly spooled: Map<string, Layer>;
  /** Symlinks (an engine may link a layer that appears twice), resolved to archive paths. */
  readonly links: Map<string, string>;
}

async function readEntries(archive: NodeJS.ReadableStream | Readable, blobDir: string | undefined): Promise<SavedEntries> {
  // tar-fs's own parser (ustar, GNU long names, PAX), required only when an engine image is read.
  const { extract } = require('tar-stream') as typeof import('tar-stream');
  const out: SavedEntries = { small: new Map(), spooled: new Map(), links: new Map() };
  const ex = extract();
  ex.on('entry', (header, stream, next) => {
    const name = path.posix.normalize(header.name).replace(/^\.\//, '').replace(/\/$/, '');
    if (header.type === 'file' && header.size <= IN_MEMORY_LIMIT) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        out.small.set(name, Buffer.concat(chunks));
        next();
      });
      stream.on('error', next);
    } else if (header.type === 'file') {
      layerFromTarStream(stream, MediaTypes.dockerLayerGzip, blobDir).then((layer) => {
        out.spooled.set(name, layer);
        next();
      }, next);
    } else {
      if (header.type === 'symlink' && header.linkname) out.links.set(name, path.posix.join(path.posix.dirname(name), header.linkname));
      stream.on('end', () => next());
      stream.resume();
    }
  });
  await pipeline(archive, ex);
  return out;
}

/** `docker save` of one image (an archive stream), as an Image whose layers are blob files in `blobDir` (default: this process's temp blob folder). */
export async function imageFromDockerSave(archive: NodeJS.ReadableStream | Readable, what: string, blobDir?: string): Promise<Image> {
  const entries = await readEntries(archive, blobDir).catch((e: unknown) => {
    throw isNxstackError(e) ? e : invalid(what, `could not be read (${(e as Error).message})`, 'Check the Docker engine and its disk space, then build again.', e);
  });
  const resolve = (p: string): string => {
    let q = path.posix.normalize(p);
    for (let i = 0; i < 16 && entries.links.has(q); i++) q = entries.links.get(q)!;
    return q;
  };
  const json = async (p: string): Promise<Buffer | undefined> => {
    const q = resolve(p);
    const spooled = entries.spooled.get(q);
    return entries.small.get(q) ?? (spooled ? zlib.gunzipSync(await fs.readFile(spooled.file!)) : undefined);
  };
  const index = await json('manifest.json');
  if (!index) throw invalid(what, 'has no manifest.json', 'Check the Docker engine version (20.10 or later).');
  const [entry] = JSON.parse(index.toString('utf8')) as Array<{ Config: string; Layers: string[] }>;
  const rawConfig = entry && (await json(entry.Config));
  if (!entry || !rawConfig) throw invalid(what, 'has no image config', 'Save a single image by tag or id.');
  const config = JSON.parse(rawConfig.toString('utf8')) as ImageConfig;
  const layers = entry.Layers.map((p) => {
    const q = resolve(p);
    const spooled = entries.spooled.get(q);
    if (spooled) return spooled;
    const tar = entries.small.get(q);
    if (!tar) throw invalid(what, `lacks layer ${p}`, 'Save the image again.');
    return layerFromTar(tar, MediaTypes.dockerLayerGzip);
  });
  // Keep the engine's config bytes (its diff_ids already match the uncompressed layer tars).
  const image = imageFrom(config, layers, MediaTypes.dockerManifest, MediaTypes.dockerConfig);
  if (image.rawConfig.equals(rawConfig)) return image;
  const manifest = { ...image.manifest, config: bufferBlob(MediaTypes.dockerConfig, rawConfig).descriptor };
  const rawManifest = Buffer.from(JSON.stringify(manifest));
  return { ...image, manifest, rawManifest, rawConfig, digest: bufferBlob('', rawManifest).descriptor.digest };
}
