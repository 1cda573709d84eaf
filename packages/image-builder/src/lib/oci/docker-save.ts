/**
 * Converts `docker save` output (the legacy archive: manifest.json, <config>.json, <id>/layer.tar)
 * into an Image with Docker v2 schema 2 media types, so daemon-built images push like any other.
 */
import { readTar, NxstackError } from '@nxstack/core';
import { bufferBlob, imageFrom, type Image, type ImageConfig } from './image';
import { layerFromTar } from './layer';
import { MediaTypes } from './media-types';

export function imageFromDockerSave(archive: Buffer, what: string): Image {
  const files = new Map(readTar(archive, what).filter((e) => e.type === 'file').map((e) => [e.path, e.content]));
  const index = files.get('manifest.json');
  if (!index) throw new NxstackError('NXS_DOCKER_SAVE_INVALID', `docker save of ${what} has no manifest.json.`, { hint: 'Check the Docker engine version (20.10 or later).' });
  const [entry] = JSON.parse(index.toString('utf8')) as Array<{ Config: string; Layers: string[] }>;
  const rawConfig = entry && files.get(entry.Config);
  if (!entry || !rawConfig) throw new NxstackError('NXS_DOCKER_SAVE_INVALID', `docker save of ${what} has no image config.`, { hint: 'Save a single image by tag or id.' });
  const config = JSON.parse(rawConfig.toString('utf8')) as ImageConfig;
  const layers = entry.Layers.map((p) => {
    const tar = files.get(p);
    if (!tar) throw new NxstackError('NXS_DOCKER_SAVE_INVALID', `docker save of ${what} lacks layer ${p}.`, { hint: 'Save the image again.' });
    return layerFromTar(tar, MediaTypes.dockerLayerGzip);
  });
  // Keep the engine's config bytes (its diff_ids already match the uncompressed layer tars).
  const image = imageFrom(config, layers, MediaTypes.dockerManifest, MediaTypes.dockerConfig);
  if (image.rawConfig.equals(rawConfig)) return image;
  const manifest = { ...image.manifest, config: bufferBlob(MediaTypes.dockerConfig, rawConfig).descriptor };
  const rawManifest = Buffer.from(JSON.stringify(manifest));
  return { ...image, manifest, rawManifest, rawConfig, digest: bufferBlob('', rawManifest).descriptor.digest };
}
