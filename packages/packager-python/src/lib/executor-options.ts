import * as path from 'node:path';
import { loadStack, NxstackError, type Architecture, type ConfigPath, type LoadedStack } from '@nxstack/core';
import type { PackagePythonOptions, PythonOptionLocations } from './package-python';
import type { PyLanguageSpecificConfig } from './python-config';

/** Options of the `package` executor (schema.json). */
export interface PythonPackageExecutorOptions {
  readonly stackFile?: string;
  readonly resource?: string;
  readonly resourceName?: string;
  readonly entryfilePath?: string;
  readonly handlerFunction?: string;
  readonly runtime?: string;
  readonly architecture?: Architecture;
  readonly includeFiles?: string[];
  readonly excludeFiles?: string[];
  readonly excludeDependencies?: string[];
  readonly languageSpecificConfig?: PyLanguageSpecificConfig;
  readonly outputPath?: string;
  readonly cacheDir?: string;
  /** Hash of the resource's stack.yml slice, put in by the plugin so the Nx cache sees config changes; unused here. */
  readonly configHash?: string;
}

interface StackResourceProps {
  packaging?: { type?: string; properties?: Record<string, unknown> };
  runtime?: string;
  architecture?: Architecture;
}

/** Options from the resource in stack.yml, with the executor's explicit options winning. */
async function fromStack(stackFile: string, resource: string, workspaceRoot: string): Promise<{ stack: LoadedStack; options: Partial<PackagePythonOptions>; locations: PythonOptionLocations }> {
  const stack = await loadStack(stackFile, { workspaceRoot });
  const res = stack.config.resources[resource] as { type?: string; properties?: StackResourceProps } | undefined;
  if (!res) {
    throw new NxstackError('NXS_RESOURCE_NOT_FOUND', `${stack.file} has no resource "${resource}".`, {
      location: stack.locate(['resources']),
      hint: `Resources defined there: ${Object.keys(stack.config.resources).join(', ') || '(none)'}.`,
    });
  }
  const props = res.properties ?? {};
  const packaging = props.packaging;
  const base: ConfigPath = ['resources', resource, 'properties'];
  if (packaging?.type !== 'stacktape-lambda-buildpack') {
    throw new NxstackError('NXS_PYTHON_WRONG_PACKAGING', `Resource "${resource}" is not packaged with stacktape-lambda-buildpack (got ${packaging?.type ?? 'none'}).`, {
      location: stack.locate([...base, 'packaging', 'type']),
      hint: 'The Python packager builds stacktape-lambda-buildpack functions; custom-artifact is zipped by core.',
    });
  }
  const p = (packaging.properties ?? {}) as Partial<PackagePythonOptions>;
  const pp: ConfigPath = [...base, 'packaging', 'properties'];
  const lsc: ConfigPath = [...pp, 'languageSpecificConfig'];
  return {
    stack,
    options: {
      projectRoot: path.relative(workspaceRoot, stack.dir).split(path.sep).join('/'),
      entryfilePath: p.entryfilePath,
      handlerFunction: p.handlerFunction,
      includeFiles: p.includeFiles,
      excludeFiles: p.excludeFiles,
      excludeDependencies: p.excludeDependencies,
      languageSpecificConfig: p.languageSpecificConfig,
      runtime: props.runtime,
      architecture: props.architecture,
    },
    locations: {
      resource: stack.locateKey(['resources', resource]),
      entryfilePath: stack.locate([...pp, 'entryfilePath']),
      handlerFunction: stack.locate([...pp, 'handlerFunction']),
      runtime: stack.locate([...base, 'runtime']),
      architecture: stack.locate([...base, 'architecture']),
      pythonVersion: stack.locate([...lsc, 'pythonVersion']),
      packageManager: stack.locate([...lsc, 'packageManager']),
      packageManagerFile: stack.locate([...lsc, 'packageManagerFile']),
    },
  };
}

function defined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** Turns executor options (+ the Nx context) into packagePythonFunction options. */
export async function resolveExecutorOptions(
  options: PythonPackageExecutorOptions,
  context: { workspaceRoot: string; projectRoot: string; env?: NodeJS.ProcessEnv },
): Promise<PackagePythonOptions> {
  const { stackFile, resource, configHash: _ignored, resourceName, ...explicit } = options;
  let fromFile: Partial<PackagePythonOptions> = {};
  let locations: PythonOptionLocations = {};
  if (stackFile) {
    if (!resource && !resourceName) throw new NxstackError('NXS_EXECUTOR_OPTIONS', 'stackFile is set but resource is not.', { hint: 'Pass the resource name whose packaging to build.' });
    const loaded = await fromStack(stackFile, (resource ?? resourceName)!, context.workspaceRoot);
    fromFile = loaded.options;
    locations = loaded.locations;
  }
  const merged = { projectRoot: context.projectRoot, ...defined(fromFile), ...defined(explicit) };
  const name = resourceName ?? resource;
  if (!name) throw new NxstackError('NXS_EXECUTOR_OPTIONS', 'The package executor needs resourceName (or stackFile + resource).', { hint: 'Set resourceName to the stack.yml resource name.' });
  if (!merged.entryfilePath) throw new NxstackError('NXS_EXECUTOR_OPTIONS', `No entryfilePath for resource "${name}".`, { location: locations.resource, hint: 'Set packaging.properties.entryfilePath in stack.yml, or the entryfilePath option.' });
  return { ...merged, entryfilePath: merged.entryfilePath, resourceName: name, workspaceRoot: context.workspaceRoot, env: context.env, locations };
}
