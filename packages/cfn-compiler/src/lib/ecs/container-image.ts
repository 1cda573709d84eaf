import { imageUriValue } from '../image-uri';
import type { ResourceCompileContext, StackPath } from '../resource-types/resource-type';

interface ImagePackagingConfig {
  type: string;
  properties: { image?: string; command?: string[]; entryPoint?: string[]; repositoryCredentialsSecretArn?: string };
}

export interface ContainerImage {
  readonly image: unknown;
  readonly command?: string[];
  readonly entryPoint?: string[];
  /** Secret holding `{"username","password"}` for a private registry (prebuilt images). */
  readonly repositoryCredentialsSecretArn?: string;
}

/** True when the workload needs a `package--<name>` image (everything but prebuilt-image). */
export function needsBuiltImage(packaging: unknown): boolean {
  return (packaging as { type?: string } | undefined)?.type !== 'prebuilt-image';
}

/**
 * The container image of a service / batch job: a prebuilt image as written (pin a digest for
 * reproducible deploys), otherwise the pushed image of `package--<unit>` (default: the resource)
 * pinned by digest.
 */
export function containerImage(ctx: ResourceCompileContext, packagingPath: StackPath, unit?: string): ContainerImage {
  let packaging: unknown = ctx.properties;
  for (const key of packagingPath) packaging = (packaging as Record<string | number, unknown>)[key];
  const p = packaging as ImagePackagingConfig;
  const base = { command: p.properties.command, entryPoint: p.properties.entryPoint };
  if (p.type === 'prebuilt-image') {
    return { ...base, image: p.properties.image, repositoryCredentialsSecretArn: p.properties.repositoryCredentialsSecretArn };
  }
  return { ...base, image: imageUriValue(ctx.imageArtifact(unit).location.imageUri) };
}
