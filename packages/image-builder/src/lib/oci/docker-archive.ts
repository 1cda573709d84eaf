/**
 * An Image as a `docker load` archive (manifest.json + config + uncompressed layer tars), so a
 * daemonless-built image can run on a Docker engine (local stage, tests) without any registry.
 */
import { createTar, type TarEntry } from '@nxstack/core';
import type { Image } from './image';
import { layerTar } from './layer';

export async function dockerArchive(image: Image, repoTags: readonly string[]): Promise<Buffer> {
  const configName = `${image.manifest.config.digest.slice(7)}.json`;
  const entries: TarEntry[] = [{ path: configName, content: image.rawConfig }];
  const layerPaths: string[] = [];
  for (const layer of image.layers) {
    const p = `${layer.descriptor.digest.slice(7)}/layer.tar`;
    layerPaths.push(p);
    entries.push({ path: p, content: await layerTar(layer) });
  }
  entries.push({ path: 'manifest.json', content: JSON.stringify([{ Config: configName, RepoTags: [...repoTags], Layers: layerPaths }]) });
  return createTar(entries);
}
