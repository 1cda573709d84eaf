/**
 * Layer images (AWS's pattern for layers in container images: `FROM <layer image>` and
 * `COPY --from=layer /opt /opt`): an image function names a container image whose /opt is merged
 * into its own image. The reference must carry its digest (`repo:tag@sha256:…`): a tag that moves
 * never changes a build behind the user's back; re-pinning is an edit of stack.yml, which changes
 * the package task's hash like any other edit.
 */
import { z } from 'zod';

export const layerImageEntrySchema = z.strictObject({
  /** `registry/repository[:tag]@sha256:<digest>` of an image holding /opt (and /opt/extensions). */
  image: z.string().min(1),
});

export type LayerImageEntry = z.output<typeof layerImageEntrySchema>;

export function isLayerImageEntry(layer: unknown): layer is LayerImageEntry {
  return !!layer && typeof layer === 'object' && typeof (layer as { image?: unknown }).image === 'string';
}
