/**
 * ArtifactStore of the local stage: plain files under `.nxstack/<stage>/artifacts/<key>`.
 * Written to a temp file and renamed, so a crash never leaves a half-written artifact behind
 * under its final (content-addressed, hence trusted) name.
 */
import { createWriteStream, promises as fs } from 'node:fs';
import * as path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { pathToFileURL } from 'node:url';
import type { ArtifactStore } from '@nxstack/core';
import { NxstackError } from '@nxstack/core';

export class LocalArtifactStore implements ArtifactStore {
  readonly location: string;

  constructor(readonly rootDir: string) {
    this.location = pathToFileURL(rootDir).href;
  }

  /** Absolute path of a key; keys are posix and never escape the root. */
  pathOf(key: string): string {
    const file = path.resolve(this.rootDir, ...key.split('/'));
    if (!file.startsWith(path.resolve(this.rootDir) + path.sep)) {
      throw new NxstackError('NXS_ARTIFACT_KEY_INVALID', `Artifact key "${key}" leaves the store folder.`, { hint: 'Keys are relative posix paths.' });
    }
    return file;
  }

  async has(key: string): Promise<boolean> {
    try {
      return (await fs.stat(this.pathOf(key))).isFile();
    } catch {
      return false;
    }
  }

  async put(key: string, body: () => Readable, size: number, onProgress?: (sentBytes: number) => void): Promise<void> {
    const file = this.pathOf(key);
    await fs.mkdir(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}.${Date.now()}.tmp`;
    let sent = 0;
    const counter = new Transform({
      transform(chunk: Buffer, _enc, done) {
        sent += chunk.length;
        onProgress?.(sent);
        done(null, chunk);
      },
    });
    try {
      await pipeline(body(), counter, createWriteStream(temp));
      if (sent !== size) {
        throw new NxstackError('NXS_ARTIFACT_SIZE_MISMATCH', `Artifact ${key}: read ${sent} bytes, manifest says ${size}.`, { hint: 'Package the resource again.' });
      }
      await fs.rename(temp, file);
    } finally {
      await fs.rm(temp, { force: true });
    }
  }
}
