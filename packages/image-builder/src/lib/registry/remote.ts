/** Images read from a registry: manifest and config fetched now, layer bytes on demand (cached). */
import { NxstackError } from '@nxstack/core';
import type { Blob, Image, ImageConfig, ImageManifest } from '../oci/image';
import { isIndex } from '../oci/media-types';
import { formatReference, type ImageReference } from './reference';
import type { RegistryClient } from './registry-client';

const ARCH = { x86_64: 'amd64', arm64: 'arm64' } as const;

export async function pullImage(client: RegistryClient, ref: ImageReference, architecture: 'x86_64' | 'arm64' = 'x86_64'): Promise<Image> {
  const name = formatReference(ref);
  let found = await client.getManifest(ref.repository, ref.digest ?? ref.tag ?? 'latest');
  if (!found) {
    throw new NxstackError('NXS_BASE_IMAGE_NOT_FOUND', `Image ${name} does not exist in ${ref.registry}.`, {
      hint: 'Check the repository and tag (baseImage), or push the base image to that registry first.',
    });
  }
  if (isIndex(found.mediaType)) {
    // Multi-platform base: pick the linux manifest for the function's architecture.
    const index = JSON.parse(found.body.toString('utf8')) as { manifests: Array<{ digest: string; platform?: { os: string; architecture: string } }> };
    const pick = index.manifests.find((m) => m.platform?.os === 'linux' && m.platform.architecture === ARCH[architecture]);
    if (!pick) {
      throw new NxstackError('NXS_BASE_IMAGE_PLATFORM', `Image ${name} has no linux/${ARCH[architecture]} variant.`, { hint: 'Pick a base image built for this architecture.' });
    }
    found = await client.getManifest(ref.repository, pick.digest);
    if (!found) throw new NxstackError('NXS_BASE_IMAGE_NOT_FOUND', `Platform manifest ${pick.digest} of ${name} is missing.`, { hint: 'The registry is inconsistent; push the base image again.' });
  }
  const manifest = JSON.parse(found.body.toString('utf8')) as ImageManifest;
  const rawConfig = await client.getBlob(ref.repository, manifest.config.digest);
  const config = JSON.parse(rawConfig.toString('utf8')) as ImageConfig;
  const layers: Blob[] = manifest.layers.map((descriptor) => {
    let cached: Promise<Buffer> | undefined;
    return { descriptor, read: () => (cached ??= client.getBlob(ref.repository, descriptor.digest)) };
  });
  return { manifest: { ...manifest, mediaType: manifest.mediaType ?? found.mediaType }, rawManifest: found.body, digest: found.digest, config, rawConfig, layers };
}
