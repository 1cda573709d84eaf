import type { ExecutorContext } from '@nx/devkit';
import { resolveStage, runExecutor } from '@nxstack/core';
import { stageLogs } from '../../lib/stage-logs';
import type { LogsExecutorOptions } from './schema';

/** `nx run <project>:logs--<resource> [--stage dev] [--since 10m] [--follow]`: log lines to stdout. */
export default async function logsExecutor(options: LogsExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName;
  if (!projectName) throw new Error('logs must run for a project');
  return runExecutor((line) => console.error(line), async () => {
    const stage = resolveStage(options.stage, process.env);
    const printed = await stageLogs({
      workspaceRoot: context.root,
      projectName,
      resource: options.resource,
      stage,
      since: options.since,
      follow: options.follow ?? false,
      region: options.region,
      profile: options.profile,
      print: (line) => process.stdout.write(`${line}\n`),
    });
    if (printed === 0) console.error(`nxstack: no log lines for '${options.resource}' on stage ${stage}${options.since ? ` since ${options.since}` : ''}`);
  });
}
