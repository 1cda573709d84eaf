/**
 * Reads an image resource out of stack.yml through core's loadStack (the model owner's loader),
 * keeping the file:line locator for errors.
 */
import { isLayerImageEntry, loadStack, NxstackError, splitContainerUnit, type SourceLocation } from '@nxstack/core';
import type { LambdaLayerSource } from './buildpack/lambda-layers';
import type { WiringVariable } from './buildpack/extension-env-check';
import type { ImagePackaging, ImagePackagingType } from './image-build-types';

export const IMAGE_PACKAGING_TYPES: readonly ImagePackagingType[] = ['stacktape-image-buildpack', 'custom-dockerfile', 'prebuilt-image', 'external-buildpack'];

export interface StackImageResource {
  readonly packaging: ImagePackaging;
  readonly lambda: boolean;
  readonly runtime?: string;
  readonly architecture?: 'x86_64' | 'arm64';
  readonly layers?: LambdaLayerSource[];
  /** The function's stack.yml environment with literal values (directives resolve at deploy), located. */
  readonly environment?: WiringVariable[];
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
  // A batch job's image is its `container.packaging`; every other image resource's (and container's) is `packaging`.
  const packagingPath = !unit && res.type === 'batch-job' ? ['container', 'packaging'] : ['packaging'];
  // Paths under `packaging` (what the builders locate) point at the resource's real packaging.
  const locate = (p: readonly (string | number)[]) => stack.locate([...base, ...(p[0] === 'packaging' ? [...packagingPath, ...p.slice(1)] : p)]);
  const packaging = (packagingPath[0] === 'container' ? (props['container'] as { packaging?: unknown } | undefined)?.packaging : props['packaging']) as ImagePackaging | undefined;
  if (!packaging || !IMAGE_PACKAGING_TYPES.includes(packaging.type)) {
    throw new NxstackError('NXS_IMAGE_PACKAGING_UNKNOWN', `Resource ${resource} has no image packaging (got ${JSON.stringify(packaging?.type)}).`, {
      location: locate(packagingPath),
      hint: `Use one of ${IMAGE_PACKAGING_TYPES.join(', ')}; Lambda zip packagings are built by the language packagers.`,
    });
  }
  const layers = Array.isArray(props['layers'])
    ? (props['layers'] as unknown[]).filter((l): l is LambdaLayerSource => typeof l === 'string' || isLayerImageEntry(l))
    : undefined;
  const environment = Array.isArray(props['environment'])
    ? (props['environment'] as Array<{ name?: unknown; value?: unknown }>).flatMap((e, i) =>
        typeof e?.name === 'string' && ['string', 'number', 'boolean'].includes(typeof e.value) ? [{ name: e.name, value: String(e.value), location: locate(['environment', i, 'value']) }] : [],
      )
    : undefined;
  return {
    packaging: { type: packaging.type, properties: packaging.properties ?? {} },
    lambda: res.type === 'function',
    runtime: typeof props['runtime'] === 'string' ? props['runtime'] : undefined,
    architecture: props['architecture'] === 'arm64' ? 'arm64' : props['architecture'] === 'x86_64' ? 'x86_64' : undefined,
    layers,
    environment,
    locate,
  };
}
