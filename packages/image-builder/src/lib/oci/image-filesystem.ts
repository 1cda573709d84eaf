/**
 * The file tree an image's layers add up to: each layer tar applied in order, with the OCI
 * whiteouts (`.wh.<name>` deletes <name>, `.wh..wh..opq` empties its folder of what lower layers
 * put there). Hard links become copies of their target (the writers make none). Layers are read
 * as streams; only the bytes of the files asked for are kept, so checking the paths of a 1 GiB
 * image costs its file list, not its size.
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import * as zlib from 'node:zlib';
import { readTar, type ReadTarEntry } from '@nxstack/core';
import type { Blob, Image } from './image';

export type ImageFsEntry =
  /** `content` is absent for a file whose bytes were not asked for (see imageFilesystem's `contentOf`). */
  | { readonly type: 'file'; readonly mode: number; readonly content?: Buffer }
  | { readonly type: 'directory'; readonly mode: number }
  | { readonly type: 'symlink'; readonly linkTarget: string };

/** Paths without a leading `/` or `./` and without a trailing `/`. */
export type ImageFs = Map<string, ImageFsEntry>;

const WHITEOUT = '.wh.';
const OPAQUE = '.wh..wh..opq';

export function normalizeTarPath(p: string): string {
  return p.replace(/^(\.\/)+/, '').replace(/^\/+/, '').replace(/\/+$/, '');
}

function removeTree(fs: ImageFs, dir: string, keepDir: boolean): void {
  const prefix = `${dir}/`;
  for (const p of [...fs.keys()]) if (p.startsWith(prefix) || (!keepDir && p === dir)) fs.delete(p);
}

/** One entry of a layer tar as the tree needs it (content only when kept). */
type LayerEntry = Pick<ReadTarEntry, 'path' | 'type' | 'mode' | 'linkTarget'> & { readonly content?: Buffer };

/** Applies one layer's uncompressed tar to `fs` (mutated). */
export function applyLayerTar(fs: ImageFs, tar: Buffer, source: string): void {
  applyLayerEntries(fs, readTar(tar, source));
}

function applyLayerEntries(fs: ImageFs, entries: readonly LayerEntry[]): void {
  // Whiteouts of a layer apply to lower layers only: collect this layer's entries first.
  const added: Array<[string, ImageFsEntry]> = [];
  for (const e of entries) {
    const p = normalizeTarPath(e.path);
    if (!p) continue;
    const slash = p.lastIndexOf('/');
    const dir = slash < 0 ? '' : p.slice(0, slash);
    const name = p.slice(slash + 1);
    if (name === OPAQUE) {
      removeTree(fs, dir, true);
      continue;
    }
    if (name.startsWith(WHITEOUT)) {
      removeTree(fs, dir ? `${dir}/${name.slice(WHITEOUT.length)}` : name.slice(WHITEOUT.length), false);
      continue;
    }
    if (e.type === 'file') added.push([p, { type: 'file', mode: e.mode & 0o7777, content: e.content }]);
    else if (e.type === 'directory') added.push([p, { type: 'directory', mode: e.mode & 0o7777 }]);
    else if (e.type === 'symlink') added.push([p, { type: 'symlink', linkTarget: e.linkTarget ?? '' }]);
    else if (e.type === 'hardlink') {
      const target = added.find(([q]) => q === normalizeTarPath(e.linkTarget ?? ''))?.[1] ?? fs.get(normalizeTarPath(e.linkTarget ?? ''));
      if (target?.type === 'file') added.push([p, { type: 'file', mode: e.mode & 0o7777, content: target.content }]);
    }
  }
  for (const [p, entry] of added) {
    // A file or link replacing a folder replaces what was under it.
    if (entry.type !== 'directory' && fs.get(p)?.type === 'directory') removeTree(fs, p, false);
    fs.set(p, entry);
    // Tars need not list the folders of their files: the folders exist all the same.
    for (let at = p.lastIndexOf('/'); at > 0; at = p.lastIndexOf('/', at - 1)) {
      const parent = p.slice(0, at);
      if (fs.has(parent)) break;
      fs.set(parent, { type: 'directory', mode: 0o755 });
    }
  }
}

/** A layer blob's uncompressed tar as a stream (gzip detected by its magic bytes, as layerTar does). */
async function* layerTarChunks(blob: Blob): AsyncGenerator<Buffer> {
  const source: AsyncIterable<Buffer> = blob.file ? createReadStream(blob.file, { highWaterMark: 1024 * 1024 }) : Readable.from([await blob.read()]);
  const it = source[Symbol.asyncIterator]();
  const first = await it.next();
  if (first.done) return;
  const head = first.value;
  const all = async function* () {
    yield head;
    for (let n = await it.next(); !n.done; n = await it.next()) yield n.value;
  };
  if (head[0] !== 0x1f || head[1] !== 0x8b) {
    yield* all();
    return;
  }
  const gunzip = zlib.createGunzip();
  // An error on either side ends the iteration below with that error.
  pipeline(Readable.from(all()), gunzip).catch(() => undefined);
  yield* gunzip;
}

const TYPES: Record<string, ReadTarEntry['type']> = { file: 'file', 'contiguous-file': 'file', directory: 'directory', symlink: 'symlink', link: 'hardlink' };

/** The entries of one layer, read as a stream through tar-stream; bytes kept only where `keep` says. */
async function layerEntries(blob: Blob, keep: (path: string) => boolean): Promise<LayerEntry[]> {
  const { extract } = require('tar-stream') as typeof import('tar-stream');
  const entries: LayerEntry[] = [];
  const ex = extract();
  ex.on('entry', (header, stream, next) => {
    const type = TYPES[header.type] ?? 'other';
    const base = { path: header.name.replace(/^\.\//, '').replace(/\/$/, ''), type, mode: header.mode ?? 0, ...(header.linkname ? { linkTarget: header.linkname } : {}) };
    if (type === 'file' && keep(normalizeTarPath(base.path))) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        entries.push({ ...base, content: Buffer.concat(chunks) });
        next();
      });
      stream.on('error', next);
      return;
    }
    entries.push(base);
    stream.on('end', () => next());
    stream.resume();
  });
  await pipeline(Readable.from(layerTarChunks(blob)), ex);
  return entries;
}

/**
 * The whole file tree of an image (every layer read, as a stream). `contentOf`: the files whose
 * bytes are kept (default: all); the others are listed with their modes only.
 */
export async function imageFilesystem(image: Image, options: { readonly contentOf?: (path: string) => boolean } = {}): Promise<ImageFs> {
  const fs: ImageFs = new Map();
  for (const layer of image.layers) applyLayerEntries(fs, await layerEntries(layer, options.contentOf ?? (() => true)));
  return fs;
}

/**
 * What `path` (absolute) names in the tree, following symlinks in every component (at most 40
 * hops, as Linux does); undefined when it does not exist.
 */
export function lookupPath(fs: ImageFs, absolute: string): ImageFsEntry | undefined {
  let parts = absolute.split('/').filter((s) => s && s !== '.');
  let hops = 0;
  for (let i = 0; i < parts.length; i++) {
    if (parts[i] === '..') {
      parts = [...parts.slice(0, Math.max(0, i - 1)), ...parts.slice(i + 1)];
      i = Math.max(-1, i - 2);
      continue;
    }
    const here = parts.slice(0, i + 1).join('/');
    const entry = fs.get(here);
    if (!entry) return undefined;
    if (entry.type === 'symlink') {
      if (++hops > 40) return undefined;
      const target = entry.linkTarget.startsWith('/') ? entry.linkTarget.split('/') : [...parts.slice(0, i), ...entry.linkTarget.split('/')];
      parts = [...target.filter((s) => s && s !== '.'), ...parts.slice(i + 1)];
      i = -1;
      continue;
    }
    if (i === parts.length - 1) return entry;
    if (entry.type !== 'directory') return undefined;
  }
  // The root, or a path of only `..`.
  return { type: 'directory', mode: 0o755 };
}
