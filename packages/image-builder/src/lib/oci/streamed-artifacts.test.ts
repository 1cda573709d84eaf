/**
 * Streaming the zip writer and the layer writer must not change a byte: these digests were
 * recorded with the in-memory writers (before streaming) on the fixture below, which holds small
 * files, a large compressible file and a large incompressible one (both above the streaming
 * threshold), an executable, a long path (PAX) and a symlink.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { zipDirectory } from '@nxstack/core';
import { layerFromEntries } from './layer';
import { noiseBytes } from '../../../../../tools/test-services/noise-bytes';

function fixtureTree(): string {
  const dir = mkdtempSync(join(tmpdir(), 'streamed-fixture-'));
  const long = join(dir, `deep/${'a'.repeat(60)}/${'b'.repeat(60)}`);
  mkdirSync(long, { recursive: true });
  mkdirSync(join(dir, 'node_modules/dep'), { recursive: true });
  writeFileSync(join(dir, 'index.js'), 'exports.handler = async () => "ok";\n'.repeat(40));
  writeFileSync(join(long, 'file.txt'), 'long path\n');
  writeFileSync(join(dir, 'node_modules/dep/big.js'), Array.from({ length: 120_000 }, (_, i) => `module.exports.v${i} = ${i % 97};\n`).join(''));
  writeFileSync(join(dir, 'node_modules/dep/blob.bin'), noiseBytes(3 * 1024 * 1024 + 17, 2463534242));
  writeFileSync(join(dir, 'bootstrap'), '#!/bin/sh\necho hi\n');
  chmodSync(join(dir, 'bootstrap'), 0o700);
  writeFileSync(join(dir, 'ä-unicode.txt'), 'ünïcode');
  return dir;
}

const OLD = {
  zip: 'a2ac39cd7515448cdd1643c840b3e3bf20fdb840d4e999eb584ff16c0c854582',
  layerDigest: 'sha256:4dfe32d0cc894149acf91584702bb0a7e95000ef305325a6a6a69738c74401e8',
  layerDiffId: 'sha256:970f56783a9b82715e1cb36ad8a47fe336c7f9439325b7136f437f85c3c8b6d1',
};

describe('streamed zip and layer writers', () => {
  it('give the same bytes as the in-memory writers did', async () => {
    const src = fixtureTree();
    const out = mkdtempSync(join(tmpdir(), 'streamed-out-'));
    const zip = await zipDirectory(src, join(out, 'a.zip'));
    const files = ['index.js', `deep/${'a'.repeat(60)}/${'b'.repeat(60)}/file.txt`, 'node_modules/dep/big.js', 'node_modules/dep/blob.bin', 'bootstrap', 'ä-unicode.txt'];
    const layer = await layerFromEntries([
      ...files.map((f) => ({ path: `var/task/${f}`, mode: f === 'bootstrap' ? 0o755 : 0o644, sourceFile: join(src, f) })),
      { path: 'var/task/link', type: 'symlink' as const, linkTarget: 'index.js' },
      { path: 'var/task/inline.txt', content: 'inline content' },
    ]);
    expect({ zip: zip.sha256, layerDigest: layer.descriptor.digest, layerDiffId: layer.diffId }).toEqual(OLD);
  });
});
