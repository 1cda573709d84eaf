/**
 * Reads an image resource out of stack.yml through core's loadStack (the model owner's loader),
 * keeping the file:line locator for errors.
 */
import { loadStack, NxstackError, splitContainerUnit, type SourceLocation } from '@nxstack/core';
import type { ImagePackaging, ImagePackagingType } from './image-build-types';

export const IMAGE_PACKAGING_TYPES: readonly ImagePackagingType[] = ['stacktape-image-buildpack', 'custom-dockerfile', 'prebuilt-image', 'external-buildpack'];

export interface StackImageResource {
  readonly packaging: ImagePackaging;
  readonly lambda: boolean;
  readonly runtime?: string;
  readonly architecture?: 'x86_64' | 'arm64';
  readonly layers?: string[];
  readonly locate: (path: readonly (string | number)[]) => SourceLocation | undefined;
}

export async function loadStackImageResource(stackFile: string, resource: string, workspaceRoot: string): Promise<StackImageResource> {
  // A multi-container workload's container image is the unit `<workload>--<container>`.
  const unit = splitContainerUnit(resource);
  const owner = unit?.workload ?? resource;
  // Packaging settings never depend on the stage (the loader refuses that), so any stage's values do.
  const stack = await loadStack(stackFile, { workspaceRoot, packagingOf: owner });
  const resources = stack.config.resources as Record<string, { type: string; properties?: Record<string, unknown> }> | undefined;
  const res = resources?.[owner];
  if (!res) {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', `Resource ${owner} is not in ${stack.file}.`, { location: { file: stack.file }, hint: `Resources: ${Object.keys(resources ?? {}).join(', ') || 'none'}.` });
  }
  let base: (string | number)[] = ['resources', owner, 'properties'];
  let props = (res.properties ?? {}) as Record<string, unknown>;
  if (unit) {
    const containers = (res.type === 'multi-container-workload' ? props['containers'] : undefined) as Array<Record<string, unknown>> | undefined;
    const index = containers?.findIndex((c) => c['name'] === unit.container) ?? -1;
    if (!containers || index < 0) {
      throw new NxstackError('NXS_CONTAINER_NOT_FOUND', `${owner} has no container '${unit.container}' (resource ${resource}).`, {
        location: stack.locate(['resources', owner, 'properties', ...(containers ? ['containers'] : [])]),
        hint: containers ? `Containers: ${containers.map((c) => String(c['name'])).join(', ')}.` : `'${owner}' is a ${res.type}: only a multi-container-workload has containers (<workload>--<container>).`,
      });
    }
    base = [...base, 'containers', index];
    props = containers[index];
  }
  const locate = (p: readonly (string | number)[]) => stack.locate([...base, ...p]);
  const packaging = props['packaging'] as ImagePackaging | undefined;
  if (!packaging || !IMAGE_PACKAGING_TYPES.includes(packaging.type)) {
    throw new NxstackError('NXS_IMAGE_PACKAGING_UNKNOWN', `Resource ${resource} has no image packaging (got ${JSON.stringify(packaging?.type)}).`, {
      location: locate(['packaging']),
      hint: `Use one of ${IMAGE_PACKAGING_TYPES.join(', ')}; Lambda zip packagings are built by the language packagers.`,
    });
  }
  const layers = Array.isArray(props['layers']) ? (props['layers'] as unknown[]).filter((l): l is string => typeof l === 'string') : undefined;
  return {
    packaging: { type: packaging.type, properties: packaging.properties ?? {} },
    lambda: res.type === 'function',
    runtime: typeof props['runtime'] === 'string' ? props['runtime'] : undefined,
    architecture: props['architecture'] === 'arm64' ? 'arm64' : props['architecture'] === 'x86_64' ? 'x86_64' : undefined,
    layers,
    locate,
  };
}
