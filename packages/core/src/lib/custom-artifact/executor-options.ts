import { definedOnly as defined } from '../packaging/buildpack-options';
import { lambdaResourceFromStack } from '../packaging/lambda-resource';
import { NxstackError } from '../errors';
import type { PackageCustomArtifactOptions } from './package-custom-artifact';

/** Options of the `@nxstack/core:custom-artifact` executor: the library's, or stackFile + resource. */
export type CustomArtifactExecutorOptions = Partial<Omit<PackageCustomArtifactOptions, 'workspaceRoot'>> & {
  readonly stackFile?: string;
  readonly resource?: string;
};

export interface CustomArtifactScope {
  readonly workspaceRoot: string;
  /** Root of the Nx project running the target, used when no stack.yml is given. */
  readonly projectRoot?: string;
}

/** PackageCustomArtifactOptions from the executor options and, when given, the stack.yml resource. */
export async function customArtifactOptionsFromExecutor(options: CustomArtifactExecutorOptions, scope: CustomArtifactScope): Promise<PackageCustomArtifactOptions> {
  const { stackFile, resource, ...explicit } = options;
  if (!stackFile) {
    if (!explicit.packagePath || !(explicit.resourceName ?? resource)) {
      throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', 'The custom-artifact executor needs either stackFile + resource, or resourceName + packagePath.', {
        hint: 'Set "stackFile" and "resource" in the target options, or give resourceName and packagePath.',
      });
    }
    return { workspaceRoot: scope.workspaceRoot, projectRoot: scope.projectRoot ?? '.', ...defined(explicit), resourceName: explicit.resourceName ?? resource!, packagePath: explicit.packagePath };
  }
  if (!resource) {
    throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', `stackFile ${stackFile} is set but no resource is named.`, { hint: 'Add "resource": "<name>" to the target options.' });
  }
  const r = await lambdaResourceFromStack(stackFile, resource, scope.workspaceRoot, { packagingType: 'custom-artifact', wrongPackagingHint: 'Use the package executor of its language for buildpack packaging.' });
  const p = r.packaging as { packagePath: string; handler?: string };
  return {
    workspaceRoot: scope.workspaceRoot,
    projectRoot: r.projectRoot || '.',
    resourceName: resource,
    packagePath: p.packagePath,
    packagePathLocation: r.locate('packagePath'),
    ...defined({ handler: p.handler, runtime: r.runtime, architecture: r.architecture }),
    ...defined(explicit),
  };
}
