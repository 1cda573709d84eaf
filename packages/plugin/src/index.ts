// Public API of @nxstack/plugin.
import type { CreateNodes, PreTasksExecution } from '@nx/devkit';
import { COMMAND_LINE_ARG_ENV_PREFIX, commandLineArgsEnv, commandLineStageEnv } from '@nxstack/core';
import { createStackNodes, STACK_FILE_GLOB } from './lib/create-nodes';
import type { NxstackPluginOptions } from './lib/plugin-options';
import { createStackDependencies } from './lib/create-dependencies';

/** Nx 24 reads `createNodes` (batch signature): every stack.yml gets inferred targets. */
export const createNodes: CreateNodes<NxstackPluginOptions> = [STACK_FILE_GLOB, createStackNodes];
/** Nx dependencies from `$CfStackOutput`: a consumer depends on the project whose stack it imports from. */
export const createDependencies = createStackDependencies;
/**
 * Before every run: the command line's --stage/--region/--profile into the environment, where
 * validate and Dockerfile image builds read them without Nx forwarding (and hashing) the command's
 * other flags, e.g. deploy's --hotswap (core's command-line-stage.ts says why); and its other
 * options, one variable each, for a stack.yml's $CliArgs (validate hashes only those it reads).
 * A nested nx run must not inherit its parent's options: the old variables go first.
 */
export const preTasksExecution: PreTasksExecution<NxstackPluginOptions> = (_options, context) => {
  const args = context.argv.slice(2);
  for (const name of Object.keys(process.env)) if (name.startsWith(COMMAND_LINE_ARG_ENV_PREFIX)) delete process.env[name];
  Object.assign(process.env, commandLineStageEnv(args), commandLineArgsEnv(nxOverrides(args)));
};

/** The command line's options as Nx itself parses a task's overrides from it. */
function nxOverrides(args: readonly string[]): Record<string, unknown> {
  const { createOverrides } = require('nx/src/utils/command-line-utils') as { createOverrides: (a: string[]) => Record<string, unknown> };
  return createOverrides([...args]);
}
/** Same tuple under the deprecated name Nx 24 still reads (and Nx 20–23 require). */
export const createNodesV2: CreateNodes<NxstackPluginOptions> = createNodes;

export { createNodesForStackFile, createStackNodes, readableError, STACK_FILE_GLOB } from './lib/create-nodes';
export { stackTargets } from './lib/stack-targets';
export { normalizePluginOptions } from './lib/plugin-options';
export type { NxstackPluginOptions, NormalizedPluginOptions } from './lib/plugin-options';
export { classifyResource, packageExecutor } from './lib/resource-packaging';
export type { PackagedResource, PackagingLanguage } from './lib/resource-packaging';
export { configHash, stableJson } from './lib/config-hash';
export { ciGenerator, initGenerator, stackGenerator } from './generators/on-call';
