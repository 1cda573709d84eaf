import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { resolveStage, runExecutor } from '@nxstack/core';
import { formatReport } from '../../lib/format-report';
import { invokeResource } from '../../lib/invoke-resource';
import type { InvokeExecutorOptions } from './schema';

/**
 * `nx run <project>:invoke --resource <fn> [--event event.json]`: runs the packaged function once
 * and prints its logs and REPORT line (stderr) and its result (stdout). A function error,
 * timeout or crash fails the task.
 */
export default async function invokeExecutor(options: InvokeExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName;
  if (!projectName) throw new Error('invoke must run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName].root;
  let failed = false;
  const done = await runExecutor((line) => console.error(line), async () => {
    const result = await invokeResource({
      workspaceRoot: context.root,
      projectName,
      stackFile: options.stackFile ?? path.posix.join(projectRoot, 'stack.yml'),
      resource: options.resource,
      // Relative to where nx was run from, like any file argument on a command line.
      eventFile: options.event === undefined ? undefined : path.resolve(context.cwd, options.event),
      stage: resolveStage(options.stage, process.env),
      region: options.region,
      log: (line) => console.error(line),
    });
    const report = formatReport(result);
    process.stderr.write(report.logs);
    process.stdout.write(report.result);
    process.stderr.write(report.summary);
    failed = result.outcome !== 'success';
  });
  return { success: done.success && !failed };
}
