import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { commandLineArgs, loadStack, resolveStackReferences, withCommandLineStage, resolveStage, runExecutor, stackValuesFor, validateStageName, workspaceStackFiles } from '@nxstack/core';
import { validateStack } from '../../lib/validate-stack';
import type { ValidateExecutorOptions } from './schema';

/**
 * `nx run <project>:validate` — loads stack.yml and compiles the whole stack for the stage with
 * stand-in artifacts. Pure: no AWS call, no artifact read; cacheable on stack.yml + the stage.
 */
export default async function validateExecutor(given: ValidateExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const options = given.stageFromCommandLine ? withCommandLineStage(given, process.env) : given;
  const projectName = context.projectName;
  if (!projectName) throw new Error('validate must run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName].root;
  const stackFile = options.stackFile ?? path.posix.join(projectRoot, 'stack.yml');
  return runExecutor((line) => console.error(line), async () => {
    // The one stage rule (--stage / plugin option > NXSTACK_STAGE > local); the plugin puts the stage in the options or the command line's in env inputs, so it is in the hash.
    const stage = resolveStage(options.stage, process.env);
    validateStageName(stage, projectName);
    // Paths are the package tasks' concern (a custom artifact may be built by another target).
    // $CliArgs: the command line's options the plugin put in the environment (only the names
    // stack.yml reads are env inputs, so only they are in the hash); the target's own options win.
    const values = await stackValuesFor({ ...(given.stageFromCommandLine ? commandLineArgs(process.env) : {}), ...options, stage }, process.env);
    const stack = await loadStack(stackFile, { workspaceRoot: context.root, checkPaths: false, values });
    // $CfStackOutput: providers are workspace projects that export the output, without a cycle.
    const stackFiles = workspaceStackFiles(context.projectsConfigurations.projects, context.root);
    const { stackNames } = await resolveStackReferences({ stack, projectName, stage, workspaceRoot: context.root, stackFiles });
    const result = validateStack({ stack, projectName, stage, region: options.region, stackReferences: stackNames });
    for (const warning of result.warnings) console.warn(`warning: ${warning}`);
    console.log(`nxstack: validated stage=${stage} resources=${Object.keys(stack.config.resources).length} template-resources=${Object.keys(result.template.Resources).length}`);
  });
}
