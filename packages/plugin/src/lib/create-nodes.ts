import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { createNodesFromFiles, type CreateNodesContext, type CreateNodesResult } from '@nx/devkit';
import { isNxstackError, loadStackForTargets, stackOutputReferences, type StackValues } from '@nxstack/core';
import { normalizePluginOptions, type NxstackPluginOptions } from './plugin-options';
import { classifyResource, type PackagedResource, type StackResourceLike } from './resource-packaging';
import { stackTargets } from './stack-targets';

export const STACK_FILE_GLOB = '**/stack.yml';

/**
 * Targets for one stack.yml. The project itself normally comes from the project.json or
 * package.json next to it (Nx merges by root). Without project.json the plugin also names the
 * project: package.json's `name` when there is one (what Nx would use), else the folder name,
 * so a folder holding only a stack.yml is a project too.
 */
export async function createNodesForStackFile(
  stackFile: string,
  options: NxstackPluginOptions | undefined,
  context: CreateNodesContext,
  env: Readonly<Record<string, string | undefined>> = process.env,
): Promise<CreateNodesResult> {
  const workspaceRoot = context.workspaceRoot;
  const projectRoot = path.posix.dirname(stackFile.replace(/\\/g, '/'));
  const loaded = await loadStackReadably(stackFile, workspaceRoot);
  const resourcesConfig = (loaded.config.resources ?? {}) as Record<string, StackResourceLike>;
  const packaged: PackagedResource[] = [];
  try {
    for (const name of Object.keys(resourcesConfig).sort()) {
      const r = classifyResource(name, resourcesConfig[name], loaded.locate);
      if (r) packaged.push(r);
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
    resourceConfigs: resourcesConfig,
    localDirectives: loaded.localDirectives,
    options: normalizePluginOptions(options, env),
    importsStacks: stackOutputReferences(loaded.config).length > 0,
    scripts: Object.keys(loaded.config.scripts ?? {}),
    hasBeforeDeploy: Array.isArray(loaded.config.hooks?.beforeDeploy) && loaded.config.hooks.beforeDeploy.length > 0,
  });
  const name = projectName(workspaceRoot, projectRoot);
  return { projects: { [projectRoot]: { root: projectRoot, ...(name ? { name } : {}), targets } } };
}

function projectName(workspaceRoot: string, projectRoot: string): string | undefined {
  const dir = path.join(workspaceRoot, projectRoot);
  if (existsSync(path.join(dir, 'project.json'))) return undefined;
  const pkgJson = path.join(dir, 'package.json');
  if (existsSync(pkgJson)) {
    try {
      const name = (JSON.parse(readFileSync(pkgJson, 'utf8')) as { name?: unknown }).name;
      if (typeof name === 'string' && name) return name;
    } catch {
      // An unreadable package.json is reported by Nx's own package.json plugin.
    }
  }
  return path.basename(projectRoot === '.' ? workspaceRoot : dir);
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
    return await loadStackForTargets(stackFile, { workspaceRoot, checkPaths: false, values: GRAPH_VALUES });
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
  if (!isNxstackError(e)) return e;
  const err = new Error(e.format(), { cause: e });
  err.name = 'NxstackError';
  // The JS stack of a config error is noise to the user; keep the message only.
  err.stack = `NxstackError: ${e.format()}`;
  return err;
}

/** The batch function Nx 24 calls with every stack.yml of the workspace. */
export async function createStackNodes(
  configFiles: readonly string[],
  options: NxstackPluginOptions | undefined,
  context: CreateNodesContext,
) {
  return createNodesFromFiles(
    async (file, opts, ctx) => {
      try {
        return await createNodesForStackFile(file, opts, ctx);
      } catch (e) {
        throw readableError(e);
      }
    },
    configFiles,
    options,
    context,
  );
}
