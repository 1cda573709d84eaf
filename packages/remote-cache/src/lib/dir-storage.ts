import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync } from 'node:fs';
import { link, open, readdir, stat, unlink } from 'node:fs/promises';
import * as path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { CacheStorage, StoredEntry } from './storage';

/** Upload files in progress; never served, removed when an upload fails. */
const INCOMING_PREFIX = '.incoming-';
/** Incoming files older than this are left over from a crashed process and are removed at start. */
const STALE_INCOMING_MS = 60 * 60 * 1000;

function isErrno(e: unknown, code: string): boolean {
  return (e as NodeJS.ErrnoException | undefined)?.code === code;
}

/**
 * Entries as files `<root>/<hash>`. An upload is written to an incoming file in the same
 * directory, flushed to disk, then hard-linked to its final name: link() fails when the name
 * exists, so two racing uploads of one hash cannot overwrite each other, and a crash at any
 * point leaves no entry under the hash.
 */
export class DirStorage implements CacheStorage {
  readonly description: string;

  constructor(private readonly root: string) {
    mkdirSync(root, { recursive: true });
    this.description = `dir:${root}`;
  }

  /** Removes incoming files a crashed process left behind. */
  async removeStaleUploads(now = Date.now()): Promise<number> {
    let removed = 0;
    for (const name of await readdir(this.root)) {
      if (!name.startsWith(INCOMING_PREFIX)) continue;
      const file = path.join(this.root, name);
      const info = await stat(file).catch(() => undefined);
      if (info && now - info.mtimeMs > STALE_INCOMING_MS) {
        await unlink(file).catch(() => undefined);
        removed++;
      }
    }
    return removed;
  }

  async get(hash: string): Promise<StoredEntry | undefined> {
    const file = path.join(this.root, hash);
    // Opening first pins the inode: the stream reads the entry even if it is removed meanwhile.
    const handle = await open(file, 'r').catch((e: unknown) => {
      if (isErrno(e, 'ENOENT')) return undefined;
      throw e;
    });
    if (!handle) return undefined;
    const { size } = await handle.stat();
    return { body: createReadStream('', { fd: handle }), size };
  }

  async has(hash: string): Promise<boolean> {
    return stat(path.join(this.root, hash)).then(
      () => true,
      (e: unknown) => {
        if (isErrno(e, 'ENOENT')) return false;
        throw e;
      },
    );
  }

  async put(hash: string, body: Readable): Promise<'stored' | 'exists'> {
    const incoming = path.join(this.root, `${INCOMING_PREFIX}${hash}-${process.pid}-${randomBytes(6).toString('hex')}`);
    try {
      // flush: fsync before close, so the linked entry never points at unwritten data.
      await pipeline(body, createWriteStream(incoming, { flags: 'wx', flush: true }));
      try {
        await link(incoming, path.join(this.root, hash));
      } catch (e) {
        if (isErrno(e, 'EEXIST')) return 'exists';
        throw e;
      }
      await this.syncDirectory();
      return 'stored';
    } finally {
      await unlink(incoming).catch(() => undefined);
    }
  }

  /** Makes the new directory entry durable. */
  private async syncDirectory(): Promise<void> {
    const dir = await open(this.root, 'r');
    try {
      await dir.sync();
    } finally {
      await dir.close();
    }
  }
}
