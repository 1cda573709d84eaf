import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { loadStack, resolveStackReferences, resolveStage, runExecutor, stackValuesFor, workspaceStackFiles } from '@nxstack/core';
import { synthStack } from '../../lib/synth';
import type { SynthExecutorOptions } from './schema';

/** `nx run <project>:synth` — thin wrapper: resolve paths from the Nx context, compile, report. */
export default async function synthExecutor(options: SynthExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName;
  if (!projectName) throw new Error('synth must run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName].root;
  const stage = resolveStage(options.stage);
  const stackFile = options.stackFile ?? path.posix.join(projectRoot, 'stack.yml');
  return runExecutor((line) => console.error(line), async () => {
    const stack = await loadStack(stackFile, { workspaceRoot: context.root, values: await stackValuesFor({ ...options, stage }, process.env) });
    const stackFiles = workspaceStackFiles(context.projectsConfigurations.projects, context.root);
    const { stackNames } = await resolveStackReferences({ stack, projectName, stage, workspaceRoot: context.root, stackFiles });
    const result = await synthStack({ workspaceRoot: context.root, projectName, projectRoot, stack, stage, region: options.region, outputPath: options.outputPath, stackReferences: stackNames });
    console.log(`nxstack: wrote ${path.relative(context.root, result.outputFile)} (${Object.keys(result.template.Resources).length} resources, hash ${result.hash.slice(0, 12)})`);
  });
}
