import {
  buildpackOptionsFromResource,
  definedOnly as defined,
  lambdaResourcesFromStack,
  mergeBuildpackOptions,
  NxstackError,
  type StackLambdaResource,
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
  /** Reads resources of a stack.yml (default: one lambdaResourcesFromStack); a batch shares one load. */
  readonly readResources?: ReadNodeResources;
}

export type ReadNodeResources = (stackFile: string, names: readonly string[]) => Promise<StackLambdaResource[]>;

const NODE_PACKAGING = { packagingType: 'stacktape-lambda-buildpack' } as const;

/** One load of a stack.yml for the named node resources: the reader when nothing is shared. */
const loadNodeResources = (workspaceRoot: string): ReadNodeResources => (stackFile, names) => lambdaResourcesFromStack(stackFile, names, workspaceRoot, NODE_PACKAGING);

/** One stack.yml load per file for all the resources `wanted` names; a load that fails leaves each caller to its own. */
export async function sharedResourceReader(workspaceRoot: string, wanted: ReadonlyArray<{ stackFile?: string; resource?: string; resources?: readonly string[] }>): Promise<ReadNodeResources> {
  const byFile = new Map<string, Set<string>>();
  for (const o of wanted) if (o.stackFile) for (const n of resourceNames(o)) byFile.set(o.stackFile, (byFile.get(o.stackFile) ?? new Set()).add(n));
  const load = loadNodeResources(workspaceRoot);
  const read = new Map<string, Map<string, StackLambdaResource>>();
  for (const [file, names] of byFile) {
    try {
      const list = await load(file, [...names]);
      read.set(file, new Map([...names].map((n, i) => [n, list[i]])));
    } catch {
      // Some resource has a problem: each task loads for its own resources and gets its own error.
    }
  }
  return async (stackFile, names) => {
    const known = read.get(stackFile);
    return known && names.every((n) => known.has(n)) ? names.map((n) => known.get(n)!) : load(stackFile, names);
  };
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
  const loaded = await (scope.readResources ?? loadNodeResources(scope.workspaceRoot))(stackFile, names);
  for (const [i, name] of names.entries()) {
    const r = loaded[i];
    const merged = mergeBuildpackOptions(buildpackOptionsFromResource<EsLanguageSpecificConfig>(r), explicit);
    // Lambda@Edge takes no environment variables (no NODE_OPTIONS=--enable-source-maps) and at most 1 MB: no source map.
    const edge = r.resourceType === 'edge-lambda-function' ? { sourceMap: false } : {};
    result.push({ ...edge, ...merged, workspaceRoot: scope.workspaceRoot, projectRoot: r.projectRoot || '.', resourceName: merged.resourceName ?? name, entryfilePath: merged.entryfilePath ?? '' });
  }
  return result;
}
