import * as path from 'node:path';
import { LAMBDA_DEFAULTS, LOCAL_RUNTIME_CACHE_DIR, type Architecture, type LoadedStack, type ZipPackageManifest } from '@nxstack/core';
import type { LocalFunctionSpec } from './invoke-local';

export interface PackagedFunctionSpecOptions {
  readonly workspaceRoot: string;
  readonly stack: LoadedStack;
  readonly resource: string;
  readonly manifest: ZipPackageManifest;
  /** The function's local environment (localEnvironment). */
  readonly environment: Readonly<Record<string, string>>;
  readonly region: string;
  readonly hostEnv?: NodeJS.ProcessEnv;
}

/**
 * How a stack.yml function's packaged zip runs locally (invoke and serve): runtime, handler and
 * architecture from its manifest, timeout and memory from stack.yml (Lambda's defaults otherwise),
 * the artifact's own variables (e.g. NODE_OPTIONS) first and stack.yml's winning, as in the template.
 */
export function packagedFunctionSpec(o: PackagedFunctionSpecOptions): Omit<LocalFunctionSpec, 'zip' | 'artifactDir'> {
  return {
    runtime: o.manifest.runtime,
    handler: o.manifest.handler,
    architecture: o.manifest.architecture as Architecture,
    environment: { ...localSdkEnvironment(o.manifest.runtime, o.workspaceRoot), ...o.manifest.environment, ...o.environment },
    ...functionLimits(o.stack, o.resource),
    functionName: o.resource,
    region: o.region,
    hostEnv: o.hostEnv,
    cacheDir: path.join(o.workspaceRoot, LOCAL_RUNTIME_CACHE_DIR),
  };
}

/** A function's timeout (s) and memory (MB) from stack.yml, Lambda's defaults otherwise: zip and image functions alike. */
export function functionLimits(stack: LoadedStack, resource: string): { timeout: number; memory: number } {
  const props = stack.config.resources[resource].properties as { timeout?: number; memory?: number };
  return { timeout: props.timeout ?? LAMBDA_DEFAULTS.timeout, memory: props.memory ?? LAMBDA_DEFAULTS.memory };
}

/**
 * Lambda's Node runtimes provide the AWS SDK v3, so bundles leave @aws-sdk/* out; locally it
 * resolves from the workspace's node_modules (where nxstack's own SDK clients are installed).
 */
export function localSdkEnvironment(runtime: string, workspaceRoot: string): Record<string, string> {
  return runtime.startsWith('nodejs') ? { NODE_PATH: path.join(workspaceRoot, 'node_modules') } : {};
}
