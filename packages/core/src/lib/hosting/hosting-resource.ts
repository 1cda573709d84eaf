import * as path from 'node:path';
import { NxstackError } from '../errors';
import { loadStack } from '../model';
import type { BucketProperties } from '../model/resource-types/bucket';
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
    return { workspaceRoot: scope.workspaceRoot, projectRoot: scope.projectRoot ?? '.', hostingContentType: 'static-website', ...defined, resourceName, uploadDirectoryPath: explicit.uploadDirectoryPath };
  }
  if (!resource) throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', `stackFile ${stackFile} is set but no resource is named.`, { hint: 'Add "resource": "<name>" to the target options.' });
  const stack = await loadStack(stackFile, { workspaceRoot: scope.workspaceRoot, packagingOf: resource });
  const entry = stack.config.resources[resource];
  const upload = entry ? uploadFolderOf(entry) : undefined;
  if (!entry || !upload) {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', entry ? `Resource '${resource}' is a ${entry.type} without an upload folder, not a hosting-bucket or a bucket with directoryUpload.` : `Resource '${resource}' is not in ${stack.file}.`, {
      location: stack.locate(entry ? ['resources', resource, 'type'] : ['resources']),
      hint: `Resources with files to upload in this stack: ${Object.entries(stack.config.resources).filter(([, r]) => uploadFolderOf(r)).map(([n]) => n).join(', ') || 'none'}.`,
    });
  }
  return {
    workspaceRoot: scope.workspaceRoot,
    projectRoot: toPosix(path.relative(path.resolve(scope.workspaceRoot), stack.dir)) || '.',
    resourceName: resource,
    ...upload.options,
    location: stack.locate(['resources', resource, 'properties', ...upload.folderPath]),
    ...defined,
  };
}

/**
 * The upload folder of a resource that has one: a hosting-bucket's site (preset default
 * static-website) or a bucket's `directoryUpload` (Stacktape's names; no preset by default).
 * The one place that knows both shapes: packaging, deploy's upload and promote ask it.
 */
export function uploadFolderOf(resource: { type: string; properties?: unknown }): { options: Pick<PackageHostingFilesOptions, 'uploadDirectoryPath' | 'excludeFilesPatterns' | 'hostingContentType' | 'fileOptions'>; folderPath: string[] } | undefined {
  if (resource.type === 'hosting-bucket') {
    const p = resource.properties as HostingBucketProperties;
    return {
      options: { uploadDirectoryPath: p.uploadDirectoryPath, excludeFilesPatterns: p.excludeFilesPatterns, hostingContentType: p.hostingContentType ?? 'static-website', fileOptions: p.fileOptions },
      folderPath: ['uploadDirectoryPath'],
    };
  }
  const upload = resource.type === 'bucket' ? (resource.properties as BucketProperties | undefined)?.directoryUpload : undefined;
  if (!upload) return undefined;
  return {
    options: { uploadDirectoryPath: upload.directoryPath, excludeFilesPatterns: upload.excludeFilesPatterns, hostingContentType: upload.headersPreset, fileOptions: upload.fileOptions },
    folderPath: ['directoryUpload', 'directoryPath'],
  };
}
