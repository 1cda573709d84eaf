import * as path from 'node:path';
import type { ExecutorContext } from '@nx/devkit';
import { isLocalStage, resolveStage, runExecutor, workspaceStackFiles } from '@nxstack/core';
import { formatDeployedReport, invokeDeployed } from '../../lib/aws/invoke-deployed';
import { formatReport } from '../../lib/format-report';
import { invokeResource, readEvent } from '../../lib/invoke-resource';
import type { InvokeExecutorOptions } from './schema';

/**
 * `nx run <project>:invoke --resource <fn> [--event event.json] [--stage dev]`: runs the packaged
 * function locally (local stage) or invokes the deployed one (AWS stage), and prints its logs
 * and REPORT (stderr) and its result (stdout). A function error, timeout or crash fails the task.
 */
export default async function invokeExecutor(options: InvokeExecutorOptions, context: ExecutorContext): Promise<{ success: boolean }> {
  const projectName = context.projectName;
  if (!projectName) throw new Error('invoke must run for a project');
  const projectRoot = context.projectsConfigurations.projects[projectName].root;
  let failed = false;
  const done = await runExecutor((line) => console.error(line), async () => {
    const stage = resolveStage(options.stage, process.env);
    // Relative to where nx was run from, like any file argument on a command line.
    const eventFile = options.event === undefined ? undefined : path.resolve(context.cwd, options.event);
    if (!isLocalStage(stage)) {
      const result = await invokeDeployed({ projectName, stage, resource: options.resource, region: options.region, profile: options.profile, event: await readEvent(context.root, eventFile) });
      print(formatDeployedReport(result));
      failed = result.outcome !== 'success';
      return;
    }
    const result = await invokeResource({
      workspaceRoot: context.root,
      projectName,
      stackFile: options.stackFile ?? path.posix.join(projectRoot, 'stack.yml'),
      resource: options.resource,
      eventFile,
      stage,
      region: options.region,
      stackFiles: workspaceStackFiles(context.projectsConfigurations.projects, context.root),
      log: (line) => console.error(line),
    });
    print(formatReport(result));
    failed = result.outcome !== 'success';
  });
  return { success: done.success && !failed };
}

function print(report: { logs: string; result: string; summary: string }): void {
  process.stderr.write(report.logs);
  process.stdout.write(report.result);
  process.stderr.write(report.summary);
}
