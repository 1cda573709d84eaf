import * as path from 'node:path';
import type { CreateNodesContext, CreateNodesResult, createNodesFromFiles } from '@nx/devkit';
import type { StackValues } from '@nxstack/core';
import { recorded } from './graph-cache/session';
import { closeGraphSession, openGraphSession } from './graph-cache/store';
import { normalizePluginOptions, type NxstackPluginOptions } from './plugin-options';
import { projectName } from './project-name';
import { classifyResources, unitConfig, type PackagedResource, type StackResourceLike } from './resource-packaging';
import { cachedStackNodes } from './stack-nodes-cache';
import { stackTargets } from './stack-targets';

/** @nxstack/core's stack model (YAML + schema): loaded when a stack.yml is computed, not for a cached graph. */
const core = () => require('@nxstack/core') as typeof import('@nxstack/core');

/**
 * Nx's own per-file batch: an error of one stack.yml is reported for that file (Nx's
 * AggregateCreateNodesError) while the other files' nodes still come through. Required from nx,
 * which the plugin worker has loaded, not through @nx/devkit's entry: that loads most of Nx again
 * (≈230 modules, 100–200 ms CPU) on every graph computation.
 */
const nodesFromFiles = () => (require('nx/src/project-graph/plugins/utils') as { createNodesFromFiles: typeof createNodesFromFiles }).createNodesFromFiles;

export const STACK_FILE_GLOB = '**/stack.yml';

/**
 * Targets for one stack.yml. The project itself normally comes from the project.json or
 * package.json next to it (Nx merges by root); without project.json the plugin names it too
 * (project-name.ts).
 */
export async function createNodesForStackFile(
  stackFile: string,
  options: NxstackPluginOptions | undefined,
  context: CreateNodesContext,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CreateNodesResult> {
  return (await computeStackNodes(stackFile, options, context, env)).result;
}

/** The result, with what only the loader knows of its reads: the $File files, and whether problems were deferred. */
export async function computeStackNodes(
  stackFile: string,
  options: NxstackPluginOptions | undefined,
  context: CreateNodesContext,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<{ result: CreateNodesResult; directiveFiles: readonly string[]; deferred: boolean }> {
  const workspaceRoot = context.workspaceRoot;
  const projectRoot = path.posix.dirname(stackFile.replace(/\\/g, '/'));
  const loaded = await loadStackReadably(stackFile, workspaceRoot);
  const resourcesConfig = (loaded.config.resources ?? {}) as Record<string, StackResourceLike>;
  const packaged: PackagedResource[] = [];
  try {
    for (const name of Object.keys(resourcesConfig).sort()) {
      packaged.push(...classifyResources(name, resourcesConfig[name], loaded.locate));
    }
  } catch (e) {
    // A stack the loader refused and whose packaging cannot be read: the loader says it best.
    throw loaded.deferred ?? e;
  }
  const targets = stackTargets({
    projectRoot,
    workspaceRoot,
    stackFile,
    resources: packaged,
    resourceConfigs: { ...resourcesConfig, ...Object.fromEntries(packaged.filter((r) => r.kind === 'image' && r.owner).map((r) => [r.resource, unitConfig(r, resourcesConfig)])) },
    localDirectives: loaded.localDirectives,
    options: normalizePluginOptions(options, env),
    importsStacks: core().stackOutputReferences(loaded.config).length > 0,
    scripts: Object.keys(loaded.config.scripts ?? {}),
    hasBeforeDeploy: Array.isArray(loaded.config.hooks?.beforeDeploy) && loaded.config.hooks.beforeDeploy.length > 0,
  });
  const name = recorded('projectName', projectName, workspaceRoot, projectRoot);
  const result = { projects: { [projectRoot]: { root: projectRoot, ...(name ? { name } : {}), targets } } };
  return { result, directiveFiles: loaded.localDirectives.stack.files, deferred: loaded.deferred !== undefined };
}

/**
 * Only what prevents inferring targets fails the graph (and with it `nx` for every project);
 * other problems of this stack.yml are reported by its `validate` target.
 *
 * Nx prints a plugin error's `message` (per file, inside "An error occurred while processing
 * files for the @nxstack/plugin plugin"). An NxstackError's message lacks code and location,
 * so the rethrown error carries the full `CODE file:line:col message / hint` text.
 */
async function loadStackReadably(stackFile: string, workspaceRoot: string) {
  try {
    // Paths are checked by the package tasks, not here: a custom artifact may be built by another
    // target, and a missing file must not hide every project from the graph.
    return await core().loadStackForTargets(stackFile, { workspaceRoot, checkPaths: false, values: GRAPH_VALUES });
  } catch (e) {
    throw readableError(e);
  }
}

/**
 * Values of the local directives when inferring targets: fixed, so a resource's config hash
 * does not change with the environment Nx computes the graph in. Artifact settings never depend
 * on them (the loader refuses that); what does (files read by $File) becomes task inputs.
 */
const GRAPH_VALUES: StackValues = { stage: 'local', region: 'local', cliArgs: {} };

export function readableError(e: unknown): unknown {
  if (!core().isNxstackError(e)) return e;
  const err = new Error(e.format(), { cause: e });
  err.name = 'NxstackError';
  // The JS stack of a config error is noise to the user; keep the message only.
  err.stack = `NxstackError: ${e.format()}`;
  return err;
}

/**
 * The batch function Nx 24 calls with every stack.yml of the workspace. Without the Nx daemon
 * (CI, containers) it runs on every `nx` command: results are cached in Nx's workspace data
 * folder (stack-nodes-cache.ts), so an unchanged workspace loads no stack.yml and runs no esbuild.
 */
export async function createStackNodes(
  configFiles: readonly string[],
  options: NxstackPluginOptions | undefined,
  context: CreateNodesContext,
) {
  const session = openGraphSession(context.workspaceRoot);
  try {
    return await nodesFromFiles()(
      async (file, opts, ctx) => {
        try {
          return await cachedStackNodes(session, file, opts, ctx, process.env, computeStackNodes);
        } catch (e) {
          throw readableError(e);
        }
      },
      configFiles,
      options,
      context,
    );
  } finally {
    closeGraphSession(session);
  }
}
