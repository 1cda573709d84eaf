import {
  buildpackOptionsFromResource,
  definedOnly as defined,
  lambdaResourcesFromStack,
  mergeBuildpackOptions,
  NxstackError,
} from '@nxstack/core';
import type { EsLanguageSpecificConfig, PackageNodeFunctionOptions } from './options';

/** Options an executor receives: the library's, optionally sourced from stack.yml resources. */
export type NodePackageExecutorOptions = Partial<Omit<PackageNodeFunctionOptions, 'workspaceRoot'>> & {
  /** stack.yml path relative to the workspace root. */
  readonly stackFile?: string;
  readonly resource?: string;
  /** Several resources of the same stack.yml, packaged in one run (one esbuild build). */
  readonly resources?: readonly string[];
};

export interface ExecutorScope {
  readonly workspaceRoot: string;
  /** Root of the Nx project running the target, used when no stack.yml is given. */
  readonly projectRoot?: string;
}

function resourceNames(options: { resource?: string; resources?: readonly string[] }): string[] {
  return [...(options.resource ? [options.resource] : []), ...(options.resources ?? [])];
}

/**
 * One PackageNodeFunctionOptions per resource: from stack.yml when `stackFile` is set, with the
 * executor's explicit options winning; otherwise the executor options alone.
 */
export async function nodeFunctionOptionsFromExecutor(options: NodePackageExecutorOptions, scope: ExecutorScope): Promise<PackageNodeFunctionOptions[]> {
  const { stackFile, resource: _resource, resources: _resources, ...explicit } = options;
  const names = resourceNames(options);
  if (!stackFile) {
    if (!explicit.entryfilePath || !(explicit.resourceName ?? options.resource)) {
      throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', 'The package executor needs either stackFile + resource, or resourceName + entryfilePath.', {
        hint: 'Set "stackFile" and "resource" in the target options, or spell the packaging out (resourceName, entryfilePath, ...).',
      });
    }
    return [{ workspaceRoot: scope.workspaceRoot, projectRoot: scope.projectRoot ?? '.', ...defined(explicit), resourceName: explicit.resourceName ?? options.resource!, entryfilePath: explicit.entryfilePath }];
  }
  if (names.length === 0) {
    throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', `stackFile ${stackFile} is set but no resource is named.`, { hint: 'Add "resource": "<name>" (or "resources": [...]) to the target options.' });
  }
  if (names.length > 1 && (explicit.resourceName || explicit.entryfilePath || explicit.outputPath)) {
    throw new NxstackError('NXS_NODE_OPTION_INVALID', 'resourceName, entryfilePath and outputPath apply to one function; they cannot be combined with several resources.', {
      hint: 'Package one resource per target, or drop those options so each resource uses its stack.yml values.',
    });
  }
  const result: PackageNodeFunctionOptions[] = [];
  // One load of stack.yml for all named resources, not one per resource.
  const loaded = await lambdaResourcesFromStack(stackFile, names, scope.workspaceRoot, { packagingType: 'stacktape-lambda-buildpack' });
  for (const [i, name] of names.entries()) {
    const r = loaded[i];
    const merged = mergeBuildpackOptions(buildpackOptionsFromResource<EsLanguageSpecificConfig>(r), explicit);
    // Lambda@Edge takes no environment variables (no NODE_OPTIONS=--enable-source-maps) and at most 1 MB: no source map.
    const edge = r.resourceType === 'edge-lambda-function' ? { sourceMap: false } : {};
    result.push({ ...edge, ...merged, workspaceRoot: scope.workspaceRoot, projectRoot: r.projectRoot || '.', resourceName: merged.resourceName ?? name, entryfilePath: merged.entryfilePath ?? '' });
  }
  return result;
}
