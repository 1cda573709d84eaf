import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import { nodeFunctionOptionsFromExecutor } from '../../lib/executor-options';
import { reportFailure, reportResult } from '../../lib/executor-report';
import { packageNodeFunctions } from '../../lib/package-node-function';
import type { PackageNodeFunctionOptions } from '../../lib/options';
import type { PackageExecutorSchema } from './schema';

type BatchResults = Record<string, { success: boolean; terminalOutput: string }>;

/**
 * Nx batch mode: every `package--*` task of the run in one process and one esbuild build.
 * If the shared build fails, tasks are packaged one by one so the failure lands on its task.
 */
export default async function packageBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, PackageExecutorSchema>,
  _overrides: Record<string, unknown>,
  context: ExecutorContext,
): Promise<BatchResults> {
  const results: BatchResults = {};
  const planned: Array<{ taskId: string; list: PackageNodeFunctionOptions[] }> = [];
  for (const [taskId, options] of Object.entries(inputs)) {
    const project = taskGraph.tasks[taskId]?.target.project;
    const projectRoot = project ? context.projectsConfigurations?.projects[project]?.root : undefined;
    try {
      planned.push({ taskId, list: await nodeFunctionOptionsFromExecutor(options, { workspaceRoot: context.root, projectRoot }) });
    } catch (err) {
      results[taskId] = { success: false, terminalOutput: reportFailure(err) };
    }
  }
  try {
    const all = await packageNodeFunctions(planned.flatMap((p) => p.list));
    let i = 0;
    for (const p of planned) {
      const mine = all.slice(i, (i += p.list.length));
      results[p.taskId] = { success: true, terminalOutput: mine.map((r) => reportResult(context.root, r)).join('\n') };
    }
  } catch {
    for (const p of planned) {
      try {
        const mine = await packageNodeFunctions(p.list);
        results[p.taskId] = { success: true, terminalOutput: mine.map((r) => reportResult(context.root, r)).join('\n') };
      } catch (err) {
        results[p.taskId] = { success: false, terminalOutput: reportFailure(err) };
      }
    }
  }
  return results;
}
