import * as path from 'node:path';
import { loadStack, NxstackError, toPosix, type SourceLocation } from '@nxstack/core';

/** A Lambda resource of a stack.yml as the packagers need it. */
export interface StackLambdaResource {
  /** Folder of stack.yml relative to the workspace root: the project root packaging paths use. */
  readonly projectRoot: string;
  readonly packagingType: string;
  readonly packaging: Readonly<Record<string, unknown>>;
  readonly runtime?: string;
  readonly architecture?: 'x86_64' | 'arm64';
  readonly location: SourceLocation;
}

/** Loads `resources.<resource>` through core's loader (validated, with file:line errors). */
export async function readStackLambdaResource(workspaceRoot: string, stackFile: string, resource: string): Promise<StackLambdaResource> {
  const stack = await loadStack(stackFile, { workspaceRoot });
  const entry = stack.config.resources[resource] as { type: string; properties?: Record<string, unknown> } | undefined;
  if (!entry) {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', `Resource '${resource}' is not in ${stack.file}.`, {
      location: { file: stack.file },
      hint: `Resources defined: ${Object.keys(stack.config.resources).join(', ') || 'none'}.`,
    });
  }
  const props = entry.properties ?? {};
  const packaging = props.packaging as { type: string; properties: Record<string, unknown> } | undefined;
  const location = stack.locate(['resources', resource]);
  if (!packaging) {
    throw new NxstackError('NXS_PACKAGING_UNSUPPORTED', `Resource '${resource}' (${entry.type}) has no Lambda packaging.`, {
      location,
      hint: 'Only function and deployment-script resources are packaged into zips.',
    });
  }
  return {
    projectRoot: toPosix(path.relative(path.resolve(workspaceRoot), stack.dir)) || '.',
    packagingType: packaging.type,
    packaging: packaging.properties,
    runtime: props.runtime as string | undefined,
    architecture: props.architecture as 'x86_64' | 'arm64' | undefined,
    location: stack.locate(['resources', resource, 'properties', 'packaging', 'type']),
  };
}
