import type { ExecutorContext, TaskGraph } from '@nx/devkit';
import type { BatchTaskResult } from '@nxstack/core';
import { nodeFunctionOptionsFromExecutor, sharedResourceReader } from '../../lib/executor-options';
import { reportFailure, reportResult } from '../../lib/executor-report';
import { packageNodeFunctionsSettled } from '../../lib/package-node-function';
import type { PackageNodeFunctionOptions } from '../../lib/options';
import type { PackageExecutorSchema } from './schema';

/**
 * Nx batch mode (`--batch`, NX_BATCH_MODE=true): every `package` task of the run in one process
 * and one esbuild build per build setting, zips written concurrently. Each task gets its own
 * result: a function that fails fails only its task(s), with its own located error. A function
 * named by two tasks (the aggregate `package` and its `package--<resource>`) is packaged once.
 * Results are yielded (not returned as one record): Nx 24 prints a batch task's output only
 * for results a batch streams to it.
 */
export default async function* packageBatch(
  taskGraph: TaskGraph,
  inputs: Record<string, PackageExecutorSchema>,
  _overrides: Record<string, unknown>,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const startTime = Date.now();
  const failedTasks = new Map<string, unknown>();
  const unique = new Map<string, { options: PackageNodeFunctionOptions; index: number }>();
  const planned: Array<{ taskId: string; keys: string[] }> = [];
  // The tasks of one stack.yml (package--fn1 … package--fn50) share one load of it.
  const readResources = await sharedResourceReader(context.root, Object.values(inputs));
  for (const [taskId, options] of Object.entries(inputs)) {
    const project = taskGraph.tasks[taskId]?.target.project;
    const projectRoot = project ? context.projectsConfigurations?.projects[project]?.root : undefined;
    try {
      const list = await nodeFunctionOptionsFromExecutor(options, { workspaceRoot: context.root, projectRoot, readResources });
      const keys = list.map((o) => JSON.stringify(o));
      list.forEach((o, i) => unique.has(keys[i]) || unique.set(keys[i], { options: o, index: unique.size }));
      planned.push({ taskId, keys });
    } catch (err) {
      failedTasks.set(taskId, err);
    }
  }
  const { settled, esbuildBuilds } = await packageNodeFunctionsSettled([...unique.values()].map((u) => u.options));
  const endTime = Date.now();
  const summary = `batch: ${planned.length + failedTasks.size} tasks, ${unique.size} functions, ${esbuildBuilds} esbuild build${esbuildBuilds === 1 ? '' : 's'}`;
  for (const [taskId, err] of failedTasks) yield { task: taskId, result: { success: false, terminalOutput: reportFailure(err), startTime, endTime } };
  for (const { taskId, keys } of planned) {
    const mine = keys.map((k) => settled[unique.get(k)!.index]);
    const lines = mine.map((s) => (s.ok ? reportResult(context.root, s.result) : reportFailure(s.error)));
    yield { task: taskId, result: { success: mine.every((s) => s.ok), terminalOutput: [...lines, summary].join('\n'), startTime, endTime } };
  }
}
