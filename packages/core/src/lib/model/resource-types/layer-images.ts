/**
 * Layer images (AWS's pattern for layers in container images: `FROM <layer image>` and
 * `COPY --from=layer /opt /opt`): an image function names a container image whose /opt is merged
 * into its own image. Either an external image, whose reference must carry its digest
 * (`repo:tag@sha256:…`: a tag that moves never changes a build behind the user's back; re-pinning
 * is an edit of stack.yml, which changes the package task's hash like any other edit), or a
 * `layer-image` resource of the same stack, built from a Dockerfile by its own package task that
 * the function's package task depends on.
 */
import { z } from 'zod';
import { customDockerfileSchema } from '../packaging/image-packaging';

export const layerImageEntrySchema = z.strictObject({
  /** `registry/repository[:tag]@sha256:<digest>`, or `{ resourceName }` of a `layer-image` resource. */
  image: z.union([z.string().min(1), z.strictObject({ resourceName: z.string().min(1) })]),
});

export type LayerImageEntry = z.output<typeof layerImageEntrySchema>;

export function isLayerImageEntry(layer: unknown): layer is LayerImageEntry {
  const image = !!layer && typeof layer === 'object' ? (layer as { image?: unknown }).image : undefined;
  return typeof image === 'string' || (!!image && typeof image === 'object' && typeof (image as { resourceName?: unknown }).resourceName === 'string');
}

/** The `layer-image` resources an entry list names (`{ image: { resourceName } }`). */
export function layerImageResourceNames(layers: unknown): string[] {
  if (!Array.isArray(layers)) return [];
  return layers.flatMap((l) => (isLayerImageEntry(l) && typeof l.image === 'object' ? [l.image.resourceName] : []));
}

/**
 * `type: layer-image`: an image holding /opt (extensions, agents, shared libraries) that
 * functions of the stack name in `layers`. Only packaged (never pushed or deployed itself): what
 * reaches AWS is the function images it was merged into.
 */
export const layerImagePropertiesSchema = z.strictObject({
  packaging: customDockerfileSchema,
});

export const layerImageResourceType = {
  type: 'layer-image',
  propertiesSchema: layerImagePropertiesSchema,
  params: [],
} as const;
