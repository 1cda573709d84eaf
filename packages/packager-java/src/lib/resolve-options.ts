import * as path from 'node:path';
import { type Architecture, NxstackError, toPosix } from '@nxstack/core';
import type { JavaPackageExecutorSchema } from '../executors/package/schema';
import type { JavaLanguageConfig, JavaPackageOptions, JavaPackagingField } from './package-java';
import { readStackPackaging } from './stack-resource';

export interface ExecutorPlace {
  readonly workspaceRoot: string;
  /** The Nx project's root; default the folder of stackFile. */
  readonly projectRoot?: string;
  readonly env?: NodeJS.ProcessEnv;
}

/** Executor options (inline and/or stackFile + resource) → packageJava options. Inline values win. */
export async function resolveJavaOptions(o: JavaPackageExecutorSchema, place: ExecutorPlace): Promise<JavaPackageOptions> {
  const resourceName = o.resourceName ?? o.resource;
  const fromStack = o.stackFile && o.resource ? await readStackPackaging(o.stackFile, o.resource, place.workspaceRoot) : undefined;
  // Packaging paths are relative to the folder of stack.yml (normally the project root).
  const projectRoot = fromStack?.projectRoot ?? place.projectRoot ?? (o.stackFile ? toPosix(path.dirname(o.stackFile)) : undefined);
  const entryfilePath = o.entryfilePath ?? fromStack?.entryfilePath;
  if (!resourceName || !entryfilePath || projectRoot === undefined) {
    throw new NxstackError('NXS_PACKAGE_OPTIONS_MISSING', 'The Java package executor needs resourceName + entryfilePath, or stackFile + resource.', {
      location: fromStack?.locate('resource') ?? { file: o.stackFile ?? 'project.json' },
      hint: 'Let the @nxstack/plugin infer the package--<resource> target, or pass the options in project.json.',
    });
  }
  const languageSpecificConfig: JavaLanguageConfig = { ...(fromStack?.languageSpecificConfig ?? {}), ...(o.languageSpecificConfig ?? {}) };
  return {
    workspaceRoot: place.workspaceRoot,
    projectRoot,
    resourceName,
    entryfilePath,
    handlerFunction: o.handlerFunction ?? fromStack?.handlerFunction,
    architecture: (o.architecture ?? fromStack?.architecture) as Architecture | undefined,
    runtime: o.runtime ?? fromStack?.runtime,
    includeFiles: o.includeFiles ?? fromStack?.includeFiles,
    excludeFiles: o.excludeFiles ?? fromStack?.excludeFiles,
    languageSpecificConfig,
    outputPath: o.outputPath,
    env: place.env,
    locate: fromStack ? (field: JavaPackagingField) => fromStack.locate(field) : undefined,
  };
}
