/**
 * Layer images in a function's `layers` (resource-types/layer-images.ts): only an image function
 * that nxstack builds can receive their /opt, and each reference must be pinned by digest.
 */
import { isNxstackError, NxstackError } from '../../errors';
import { parseReference } from '../../image-reference';
import { isLayerImageEntry } from '../resource-types/layer-images';
import type { ConfigPath, YamlSource } from '../yaml-source';

export function checkLayerImages(layers: unknown, packagingType: string | undefined, path: ConfigPath, source: YamlSource): NxstackError[] {
  if (!Array.isArray(layers)) return [];
  const built = packagingType === 'stacktape-image-buildpack' || packagingType === 'custom-dockerfile' || packagingType === 'external-buildpack';
  return layers.flatMap((layer, i): NxstackError[] => {
    if (!isLayerImageEntry(layer)) return [];
    const at = [...path, i, 'image'];
    if (!built) {
      return [new NxstackError('NXS_LAYER_IMAGE_NEEDS_IMAGE_FUNCTION', `A layer image (${layer.image}) can only be merged into a function image nxstack builds; this function's packaging is ${packagingType ?? 'missing'}.`, {
        location: source.locate(at),
        hint: packagingType === 'prebuilt-image'
          ? 'A prebuilt image is used as it is: build it with the layer image\'s /opt copied in, or use custom-dockerfile.'
          : 'Lambda attaches only zip layers (ARNs) to zip functions: use stacktape-image-buildpack or custom-dockerfile packaging, or a layer version ARN.',
      })];
    }
    try {
      const ref = parseReference(layer.image);
      if (ref.digest) return [];
      return [new NxstackError('NXS_LAYER_IMAGE_NOT_PINNED', `Layer image ${layer.image} is not pinned by digest: a tag can move, and the image would change without stack.yml changing.`, {
        location: source.locate(at),
        hint: `Append the digest of the image you tested: ${layer.image}@sha256:<64 hex> (e.g. from \`docker buildx imagetools inspect ${layer.image}\` or \`crane digest ${layer.image}\`). To take a newer image, replace the digest.`,
      })];
    } catch (e) {
      if (!isNxstackError(e)) throw e;
      return [new NxstackError(e.code, e.message, { location: source.locate(at), hint: e.hint })];
    }
  });
}
