import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { resolveStage, runExecutor, workspaceStackFiles } from '@nxstack/core';
import { stageEnvironment } from '../../lib/env/stage-environment';
import type { EnvExecutorOptions } from './schema';

/**
 * `nx run <project>:env--<resource> [--stage dev] [--format json] [--output .env] [--reveal-secrets]`.
 * The variables go to stdout (or the file); notes go to stderr and never contain a value.
 */
export default async function envExecutor(options: EnvExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName;
  if (!projectName) throw new Error('env must run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName].root;
  return runExecutor((line) => console.error(line), async () => {
    const result = await stageEnvironment({
      workspaceRoot: context.root,
      projectName,
      stackFile: options.stackFile ?? path.posix.join(projectRoot, 'stack.yml'),
      resource: options.resource,
      stage: resolveStage(options.stage),
      region: options.region,
      profile: options.profile,
      format: options.format ?? 'dotenv',
      output: options.output,
      revealSecrets: options.revealSecrets ?? false,
      cliArgs: options as unknown as Record<string, unknown>,
      stackFiles: workspaceStackFiles(context.projectsConfigurations.projects, context.root),
    });
    for (const w of result.warnings) console.error(`nxstack: ${w}`);
    if (result.hiddenSecrets.length) console.error(`nxstack: ${result.hiddenSecrets.join(', ')} hold secret placeholders; pass --reveal-secrets to fetch the values.`);
    if (result.outputFile) console.error(`nxstack: wrote ${Object.keys(result.variables).length} variables to ${path.relative(context.root, result.outputFile)}`);
    else process.stdout.write(result.text);
  });
}
