import { promises as fs, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cachedLayerOf, type LayerFile } from './layer-cache';
import { layerFromEntries } from './layer';

const inMemory = (path: string, text: string): LayerFile => {
  const content = Buffer.from(text);
  return { path, mode: 0o644, size: content.length, source: path, open: async function* () { yield content; } };
};

describe('layer reuse by input digests', () => {
  it('reuses the blob of unchanged inputs without writing it again, rebuilds changed or damaged ones', async () => {
    const blobDir = mkdtempSync(join(tmpdir(), 'layer-cache-'));
    const files = [inMemory('var/task/node_modules/a/index.js', 'module.exports = 1;\n'.repeat(1000))];
    const first = await cachedLayerOf(files, blobDir);
    const written = await fs.stat(first.file!);
    const again = await cachedLayerOf([inMemory('var/task/node_modules/a/index.js', 'module.exports = 1;\n'.repeat(1000))], blobDir);
    expect(again).toMatchObject({ diffId: first.diffId, file: first.file, descriptor: first.descriptor });
    expect((await fs.stat(again.file!)).mtimeMs).toBe(written.mtimeMs);
    // Same bytes as a layer built from scratch.
    expect((await layerFromEntries(files)).descriptor.digest).toBe(first.descriptor.digest);
    const changed = await cachedLayerOf([inMemory('var/task/node_modules/a/index.js', 'module.exports = 2;\n')], blobDir);
    expect(changed.descriptor.digest).not.toBe(first.descriptor.digest);
    await fs.writeFile(first.file!, 'damaged');
    const rebuilt = await cachedLayerOf(files, blobDir);
    expect(rebuilt.descriptor.digest).toBe(first.descriptor.digest);
    expect((await fs.readFile(rebuilt.file!)).length).toBe(first.descriptor.size);
  });
});
