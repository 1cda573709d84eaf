/**
 * Layer images in a function's `layers` (resource-types/layer-images.ts): only an image function
 * that nxstack builds can receive their /opt, and each reference must be pinned by digest.
 */
import { isNxstackError, NxstackError } from '../../errors';
import { parseReference } from '../../image-reference';
import { isLayerImageEntry } from '../resource-types/layer-images';
import type { ConfigPath, YamlSource } from '../yaml-source';

/** `resources`: the stack's resource types by name (a `{ resourceName }` must name a layer-image). */
export function checkLayerImages(layers: unknown, packagingType: string | undefined, path: ConfigPath, source: YamlSource, resources: Readonly<Record<string, string>>): NxstackError[] {
  if (!Array.isArray(layers)) return [];
  const built = packagingType === 'stacktape-image-buildpack' || packagingType === 'custom-dockerfile' || packagingType === 'external-buildpack';
  return layers.flatMap((layer, i): NxstackError[] => {
    if (!isLayerImageEntry(layer)) return [];
    const at = [...path, i, 'image'];
    const named = typeof layer.image === 'string' ? layer.image : `resource ${layer.image.resourceName}`;
    if (!built) {
      return [new NxstackError('NXS_LAYER_IMAGE_NEEDS_IMAGE_FUNCTION', `A layer image (${named}) can only be merged into a function image nxstack builds; this function's packaging is ${packagingType ?? 'missing'}.`, {
        location: source.locate(at),
        hint: packagingType === 'prebuilt-image'
          ? 'A prebuilt image is used as it is: build it with the layer image\'s /opt copied in, or use custom-dockerfile.'
          : 'Lambda attaches only zip layers (ARNs) to zip functions: use stacktape-image-buildpack or custom-dockerfile packaging, or a layer version ARN.',
      })];
    }
    if (typeof layer.image === 'object') {
      const name = layer.image.resourceName;
      if (resources[name] === 'layer-image') return [];
      const layerImages = Object.keys(resources).filter((n) => resources[n] === 'layer-image');
      return [new NxstackError('NXS_LAYER_IMAGE_UNKNOWN', `Layer image resource '${name}' is ${resources[name] ? `a ${resources[name]}, not a layer-image` : 'not in this stack'}.`, {
        location: source.locate([...at, 'resourceName']),
        hint: layerImages.length ? `Layer images of this stack: ${layerImages.join(', ')}.` : 'Add a resource of type layer-image (packaging: custom-dockerfile whose image holds /opt) and name it here.',
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
