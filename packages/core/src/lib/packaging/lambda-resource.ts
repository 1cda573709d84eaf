import * as path from 'node:path';
import { NxstackError, type NxstackErrorCode, type SourceLocation } from '../errors';
import { loadStack, type ConfigPath, type LoadedStack } from '../model';
import { toPosix } from '../output-paths';

export type LambdaPackagingType = 'stacktape-lambda-buildpack' | 'custom-artifact';

/** A Lambda resource of a stack.yml (function, deployment script…) as the packagers read it. */
export interface StackLambdaResource {
  readonly stack: LoadedStack;
  /** Folder of stack.yml relative to the workspace root ('' at the root): packaging paths are relative to it. */
  readonly projectRoot: string;
  readonly resourceType: string;
  readonly packagingType: string;
  /** `packaging.properties` as written (read loosely: each packager takes the fields it knows). */
  readonly packaging: Readonly<Record<string, unknown>>;
  readonly runtime?: string;
  readonly architecture?: 'x86_64' | 'arm64';
  /** `resources.<name>` in the config. */
  readonly resourcePath: ConfigPath;
  /**
   * stack.yml location of a field: `resource`, a packaging property (`entryfilePath`…), a
   * languageSpecificConfig key (`javaVersion`, `pythonVersion`…) or a resource property (`runtime`).
   */
  readonly locate: (field: string) => SourceLocation;
}

export interface LambdaResourceExpectation {
  /** Packaging the caller builds; another type is an error. */
  readonly packagingType: LambdaPackagingType;
  /** Code of the wrong-packaging error; default NXS_PACKAGING_UNSUPPORTED. */
  readonly wrongPackagingCode?: NxstackErrorCode;
  readonly wrongPackagingHint?: string;
}

// packaging.properties keys; anything else but languageSpecificConfig keys sits on the resource's properties.
const PACKAGING_FIELDS = new Set(['entryfilePath', 'handlerFunction', 'includeFiles', 'excludeFiles', 'excludeDependencies', 'languageSpecificConfig', 'packagePath', 'handler']);
// languageSpecificConfig keys of all buildpack languages (Stacktape's names).
const LANGUAGE_FIELDS = new Set([
  'packageManagerFile',
  'packageManager',
  'pythonVersion',
  'javaVersion',
  'useMaven',
  'tsConfigPath',
  'emitTsDecoratorMetadata',
  'dependenciesToExcludeFromBundle',
  'outputModuleFormat',
]);

/** Reads `resources.<resource>` of a stack.yml through core's loader (validated, file:line aware). */
export async function lambdaResourceFromStack(stackFile: string, resource: string, workspaceRoot: string, expect?: LambdaResourceExpectation): Promise<StackLambdaResource> {
  const [r] = await lambdaResourcesFromStack(stackFile, [resource], workspaceRoot, expect);
  return r;
}

/**
 * Several resources of one stack.yml from ONE load (a task packaging 50 functions loaded and
 * validated the same file 50 times). Results keep the order of `resources`.
 */
export async function lambdaResourcesFromStack(stackFile: string, resources: readonly string[], workspaceRoot: string, expect?: LambdaResourceExpectation): Promise<StackLambdaResource[]> {
  // Packaging settings never depend on the stage (the loader refuses that), so any stage's values do.
  const stack = await loadStack(stackFile, { workspaceRoot, packagingOf: resources });
  return resources.map((resource) => lambdaResourceOf(stack, resource, workspaceRoot, expect));
}

function lambdaResourceOf(stack: LoadedStack, resource: string, workspaceRoot: string, expect?: LambdaResourceExpectation): StackLambdaResource {
  const resources = stack.config.resources as unknown as Record<string, { type: string; properties?: Record<string, unknown> }>;
  const entry = resources[resource];
  if (!entry) {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', `Resource '${resource}' is not in ${stack.file}.`, {
      location: stack.locate(['resources']),
      hint: `Resources defined: ${Object.keys(resources).join(', ') || 'none'}.`,
    });
  }
  const resourcePath: ConfigPath = ['resources', resource];
  const props = entry.properties ?? {};
  const packaging = props.packaging as { type?: string; properties?: Record<string, unknown> } | undefined;
  const packagingTypeAt = stack.locate([...resourcePath, 'properties', 'packaging', 'type']);
  if (!packaging?.type) {
    throw new NxstackError(expect?.wrongPackagingCode ?? 'NXS_PACKAGING_UNSUPPORTED', `Resource '${resource}' (${entry.type}) has no Lambda packaging.`, {
      location: packagingTypeAt,
      hint: 'Only function and deployment-script resources are packaged into zips.',
    });
  }
  if (expect && packaging.type !== expect.packagingType) {
    throw new NxstackError(expect.wrongPackagingCode ?? 'NXS_PACKAGING_UNSUPPORTED', `Resource '${resource}' uses ${packaging.type} packaging, not ${expect.packagingType}.`, {
      location: packagingTypeAt,
      hint: expect.wrongPackagingHint ?? (packaging.type === 'custom-artifact' ? 'Use the custom-artifact executor for it.' : 'Use the packager of its language for buildpack packaging.'),
    });
  }
  const packagingPath = [...resourcePath, 'properties', 'packaging', 'properties'];
  return {
    stack,
    projectRoot: toPosix(path.relative(path.resolve(workspaceRoot), stack.dir)),
    resourceType: entry.type,
    packagingType: packaging.type,
    packaging: packaging.properties ?? {},
    runtime: props.runtime as string | undefined,
    architecture: props.architecture as 'x86_64' | 'arm64' | undefined,
    resourcePath,
    // locate() falls back to the nearest existing parent, so absent fields point at their resource.
    locate: (field) => {
      if (field === 'resource') return stack.locate(resourcePath);
      if (LANGUAGE_FIELDS.has(field)) return stack.locate([...packagingPath, 'languageSpecificConfig', field]);
      if (PACKAGING_FIELDS.has(field)) return stack.locate([...packagingPath, field]);
      return stack.locate([...resourcePath, 'properties', field]);
    },
  };
}
