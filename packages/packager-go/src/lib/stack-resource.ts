import * as path from 'node:path';
import { NxstackError, type SourceLocation, loadStack, toPosix } from '@nxstack/core';

/** The buildpack packaging fields a packager reads from one stack.yml resource. */
export interface StackPackaging {
  readonly stackFile: string;
  /** Folder of stack.yml relative to the workspace root: packaging paths are relative to it. */
  readonly projectRoot: string;
  readonly entryfilePath?: string;
  readonly handlerFunction?: string;
  readonly includeFiles?: string[];
  readonly excludeFiles?: string[];
  readonly languageSpecificConfig?: Record<string, unknown>;
  readonly runtime?: string;
  readonly architecture?: string;
  /** stack.yml location of a packaging field (`entryfilePath`, `languageSpecificConfig.javaVersion`, `runtime`…). */
  readonly locate: (field: string) => SourceLocation;
}

// The validated config read loosely: this packager only needs a few packaging fields.
type LooseResources = Record<string, { type?: string; properties?: Record<string, unknown> }>;

// Packaging-level fields; everything else (runtime, architecture) sits on the resource's properties.
const PACKAGING_FIELDS = new Set(['entryfilePath', 'handlerFunction', 'includeFiles', 'excludeFiles', 'languageSpecificConfig', 'packageManagerFile', 'javaVersion', 'useMaven']);
const LANGUAGE_FIELDS = new Set(['packageManagerFile', 'javaVersion', 'useMaven']);

/** Reads `resources.<resource>` of a stack.yml through core's loader (file:line aware). */
export async function readStackPackaging(stackFile: string, resource: string, workspaceRoot: string): Promise<StackPackaging> {
  const stack = await loadStack(stackFile, { workspaceRoot });
  const resources = stack.config.resources as unknown as LooseResources | undefined;
  const resourcePath = ['resources', resource];
  // locate() falls back to the nearest existing parent, so absent fields point at their resource.
  const safeLocate = (p: (string | number)[]): SourceLocation => stack.locate(p);
  const entry = resources?.[resource];
  if (!entry) {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', `Resource '${resource}' is not in ${stackFile}.`, {
      location: { file: stack.file },
      hint: `Resources defined: ${Object.keys(resources ?? {}).join(', ') || 'none'}.`,
    });
  }
  const props = entry.properties ?? {};
  const packaging = props.packaging as { type?: string; properties?: Record<string, unknown> } | undefined;
  if (packaging?.type !== 'stacktape-lambda-buildpack') {
    throw new NxstackError('NXS_PACKAGING_UNSUPPORTED', `Resource '${resource}' does not use stacktape-lambda-buildpack packaging.`, {
      location: safeLocate([...resourcePath, 'properties', 'packaging', 'type']),
      hint: 'Only stacktape-lambda-buildpack resources are built by language packagers.',
    });
  }
  const p = packaging.properties ?? {};
  const packagingPath = [...resourcePath, 'properties', 'packaging', 'properties'];
  return {
    stackFile: stack.file,
    projectRoot: toPosix(path.relative(path.resolve(workspaceRoot), stack.dir)),
    entryfilePath: p.entryfilePath as string | undefined,
    handlerFunction: p.handlerFunction as string | undefined,
    includeFiles: p.includeFiles as string[] | undefined,
    excludeFiles: p.excludeFiles as string[] | undefined,
    languageSpecificConfig: p.languageSpecificConfig as Record<string, unknown> | undefined,
    runtime: props.runtime as string | undefined,
    architecture: props.architecture as string | undefined,
    locate: (field) => {
      if (field === 'resource') return safeLocate(resourcePath);
      if (LANGUAGE_FIELDS.has(field)) return safeLocate([...packagingPath, 'languageSpecificConfig', field]);
      if (PACKAGING_FIELDS.has(field)) return safeLocate([...packagingPath, field]);
      return safeLocate([...resourcePath, 'properties', field]);
    },
  };
}
