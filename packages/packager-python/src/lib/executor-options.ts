import { type BuildpackExecutorOptions, resolveBuildpackOptions } from '@nxstack/core';
import type { PackagePythonOptions, PythonOptionLocations } from './package-python';
import type { PyLanguageSpecificConfig } from './python-config';

/** Options of the `package` executor (schema.json): the buildpack fields, plus the dependency cache folder. */
export type PythonPackageExecutorOptions = BuildpackExecutorOptions<PyLanguageSpecificConfig> & {
  readonly cacheDir?: string;
  readonly installer?: 'uv' | 'pip';
};

// stack.yml fields whose line a Python packaging error points at.
const LOCATED_FIELDS = ['entryfilePath', 'handlerFunction', 'runtime', 'architecture', 'pythonVersion', 'packageManager', 'packageManagerFile'] as const;

/** Turns executor options (+ the Nx context) into packagePythonFunction options; explicit options win over stack.yml. */
export async function resolveExecutorOptions(
  options: PythonPackageExecutorOptions,
  context: { workspaceRoot: string; projectRoot: string; env?: NodeJS.ProcessEnv },
): Promise<PackagePythonOptions> {
  const { options: resolved, fromStack } = await resolveBuildpackOptions<PyLanguageSpecificConfig, PythonPackageExecutorOptions>(options, context, {
    executorName: 'The Python package executor',
    wrongPackagingCode: 'NXS_PYTHON_WRONG_PACKAGING',
  });
  const locations: PythonOptionLocations = fromStack
    ? { resource: fromStack.stack.locateKey(fromStack.resourcePath), ...Object.fromEntries(LOCATED_FIELDS.map((f) => [f, fromStack.locate(f)])) }
    : {};
  return { ...resolved, env: context.env, locations };
}
