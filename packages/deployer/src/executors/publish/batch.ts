import type { ExecutorContext, ProjectGraph, Task, TaskGraph } from '@nx/devkit';
import type { BatchTaskResult } from '@nxstack/core';
import { createHash } from 'node:crypto';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { publishBatch, type PublishTask } from '../../lib/publish-batch';
import type { PublishExecutorSchema } from './schema';

/**
 * Nx runs every `publish--*` task of a run through this in one process (executors.json
 * `preferBatch`): one bootstrap check per stage and one lookup pass for all keys
 * (lib/publish-batch.ts). Results are yielded: Nx prints a batch task's output only for those.
 */
export default async function* publishBatchExecutor(
  taskGraph: TaskGraph,
  inputs: Record<string, PublishExecutorSchema>,
  _overrides: Record<string, unknown>,
  context: ExecutorContext,
): AsyncGenerator<BatchTaskResult> {
  const startTime = Date.now();
  const tasks: PublishTask[] = [];
  for (const [id, options] of Object.entries(inputs)) {
    const task = taskGraph.tasks[id];
    const env = taskEnvironment(task, context.projectGraph);
    const lines: string[] = [];
    try {
      const opts = commandOptionsFromContext(options, { ...context, projectName: task.target.project }, env, (l) => lines.push(l));
      tasks.push({ id, options: { ...opts, resource: options.resource }, envKey: fingerprint(env), withEnv: (fn) => withProcessEnv(env, fn) });
    } catch (e) {
      yield { task: id, result: { success: false, terminalOutput: [...lines, (e as { format?: () => string }).format?.() ?? String(e)].join('\n'), startTime, endTime: Date.now() } };
    }
  }
  for await (const outcome of publishBatch(tasks)) {
    yield { task: outcome.id, result: { success: outcome.success, terminalOutput: outcome.lines.join('\n'), startTime, endTime: Date.now() } };
  }
}

/**
 * The environment Nx gives this task when it runs alone (the workspace's and the project's
 * dotenv files for its target): a batch process only has the run's, so a project whose `.env`
 * sets AWS_PROFILE or AWS_REGION would otherwise publish somewhere else than its deploy reads.
 */
function taskEnvironment(task: Task, graph: ProjectGraph): Record<string, string | undefined> {
  const { getTaskSpecificEnv } = require('nx/src/tasks-runner/task-env') as { getTaskSpecificEnv: (t: Task, g: ProjectGraph) => NodeJS.ProcessEnv };
  return { ...getTaskSpecificEnv(task, graph) };
}

function fingerprint(env: Record<string, string | undefined>): string {
  const entries = Object.entries(env).filter(([k]) => !k.startsWith('NX_')).sort(([a], [b]) => a.localeCompare(b));
  return createHash('sha256').update(JSON.stringify(entries)).digest('hex');
}

/** Runs fn with process.env changed to env where they differ, and restores it afterwards (groups run one at a time). */
async function withProcessEnv<T>(env: Record<string, string | undefined>, fn: () => Promise<T>): Promise<T> {
  const saved = new Map<string, string | undefined>();
  for (const k of new Set([...Object.keys(process.env), ...Object.keys(env)])) {
    if (k.startsWith('NX_') || process.env[k] === env[k]) continue;
    saved.set(k, process.env[k]);
    if (env[k] === undefined) delete process.env[k];
    else process.env[k] = env[k];
  }
  try {
    return await fn();
  } finally {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
}
