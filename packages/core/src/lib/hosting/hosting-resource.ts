import * as path from 'node:path';
import { NxstackError } from '../errors';
import { loadStack } from '../model';
import type { HostingBucketProperties } from '../model/resource-types/hosting-bucket';
import { toPosix } from '../output-paths';
import type { PackageHostingFilesOptions } from './package-hosting-files';

/** Options of the `@nxstack/core:hosting-files` executor: stackFile + resource, or the settings spelled out. */
export type HostingFilesExecutorOptions = Partial<Omit<PackageHostingFilesOptions, 'workspaceRoot' | 'location'>> & {
  readonly stackFile?: string;
  readonly resource?: string;
};

/** PackageHostingFilesOptions from the executor options and, when given, the stack.yml hosting-bucket; explicit options win. */
export async function hostingOptionsFromExecutor(options: HostingFilesExecutorOptions, scope: { workspaceRoot: string; projectRoot?: string }): Promise<PackageHostingFilesOptions> {
  const { stackFile, resource, ...explicit } = options;
  const defined = Object.fromEntries(Object.entries(explicit).filter(([, v]) => v !== undefined)) as Partial<PackageHostingFilesOptions>;
  if (!stackFile) {
    const resourceName = explicit.resourceName ?? resource;
    if (!resourceName || !explicit.uploadDirectoryPath) {
      throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', 'The hosting-files executor needs either stackFile + resource, or resourceName + uploadDirectoryPath.', {
        hint: 'Set "stackFile" and "resource" in the target options, or give resourceName and uploadDirectoryPath.',
      });
    }
    return { workspaceRoot: scope.workspaceRoot, projectRoot: scope.projectRoot ?? '.', ...defined, resourceName, uploadDirectoryPath: explicit.uploadDirectoryPath };
  }
  if (!resource) throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', `stackFile ${stackFile} is set but no resource is named.`, { hint: 'Add "resource": "<name>" to the target options.' });
  const stack = await loadStack(stackFile, { workspaceRoot: scope.workspaceRoot, packagingOf: resource });
  const entry = stack.config.resources[resource];
  if (entry?.type !== 'hosting-bucket') {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', entry ? `Resource '${resource}' is a ${entry.type}, not a hosting-bucket.` : `Resource '${resource}' is not in ${stack.file}.`, {
      location: stack.locate(entry ? ['resources', resource, 'type'] : ['resources']),
      hint: `Hosting buckets of this stack: ${Object.entries(stack.config.resources).filter(([, r]) => r.type === 'hosting-bucket').map(([n]) => n).join(', ') || 'none'}.`,
    });
  }
  const p = entry.properties as HostingBucketProperties;
  return {
    workspaceRoot: scope.workspaceRoot,
    projectRoot: toPosix(path.relative(path.resolve(scope.workspaceRoot), stack.dir)) || '.',
    resourceName: resource,
    uploadDirectoryPath: p.uploadDirectoryPath,
    excludeFilesPatterns: p.excludeFilesPatterns,
    hostingContentType: p.hostingContentType,
    fileOptions: p.fileOptions,
    location: stack.locate(['resources', resource, 'properties', 'uploadDirectoryPath']),
    ...defined,
  };
}
