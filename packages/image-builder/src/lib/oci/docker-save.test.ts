/**
 * imageFromDockerSave reads the archive as a stream: layers over 1 MiB are spooled to blob files
 * as they pass, small entries stay in memory; both give the digests the in-memory converter gave.
 */
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createTar, type TarEntry } from '@nxstack/core';
import { sha256Digest } from './image';
import { imageFromDockerSave } from './docker-save';
import { layerFromTar } from './layer';
import { MediaTypes } from './media-types';
import { noiseBytes } from '../../../../../tools/test-services/noise-bytes';

async function savedArchive(): Promise<{ archive: Buffer; big: Buffer; small: Buffer }> {
  const big = await createTar([{ path: 'data.bin', content: noiseBytes(2 * 1024 * 1024 + 3, 7) }]);
  const small = await createTar([{ path: 'hello.txt', content: 'hello\n' }]);
  const config = JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [sha256Digest(big), sha256Digest(small), sha256Digest(big)] } });
  const entries: TarEntry[] = [
    { path: 'aaa/layer.tar', content: big },
    { path: 'bbb/layer.tar', content: small },
    // An engine links a layer that appears twice.
    { path: 'ccc/layer.tar', type: 'symlink', linkTarget: '../aaa/layer.tar' },
    { path: 'cfg.json', content: config },
    { path: 'manifest.json', content: JSON.stringify([{ Config: 'cfg.json', RepoTags: ['x:1'], Layers: ['aaa/layer.tar', 'bbb/layer.tar', 'ccc/layer.tar'] }]) },
  ];
  return { archive: await createTar(entries), big, small };
}

describe('docker save read as a stream', () => {
  it('spools large layers to blob files, keeps small ones in memory, follows links, with the in-memory digests', async () => {
    const { archive, big, small } = await savedArchive();
    // Small chunks: entries cross chunk boundaries as they do on the engine's socket.
    const chunks = Array.from({ length: Math.ceil(archive.length / 65536) }, (_, i) => archive.subarray(i * 65536, (i + 1) * 65536));
    const image = await imageFromDockerSave(Readable.from(chunks), 'x:1');
    const expected = [layerFromTar(big, MediaTypes.dockerLayerGzip), layerFromTar(small, MediaTypes.dockerLayerGzip), layerFromTar(big, MediaTypes.dockerLayerGzip)];
    expect(image.manifest.layers).toEqual(expected.map((l) => l.descriptor));
    expect(image.layers[0]!.file).toBeDefined();
    expect(image.layers[1]!.file).toBeUndefined();
    expect((await image.layers[0]!.read()).equals(await expected[0]!.read())).toBe(true);
    expect(image.config.rootfs.diff_ids).toHaveLength(3);
  });

  it('a truncated archive is NXS_DOCKER_SAVE_INVALID', async () => {
    const { archive } = await savedArchive();
    const err = await imageFromDockerSave(Readable.from([archive.subarray(0, 1024 * 1024)]), 'x:1').catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'NXS_DOCKER_SAVE_INVALID' });
  });
});
