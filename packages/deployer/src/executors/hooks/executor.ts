import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { runScriptTarget } from '../../lib/stack-scripts/run-script-target';
import type { HooksExecutorSchema } from './schema';

/** `before-deploy`: stack.yml's hooks.beforeDeploy scripts, before any package task. */
export default async function hooksExecutor(options: HooksExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () => runScriptTarget({ ...commandOptionsFromContext(options, context, process.env, (line) => logger.info(line)), hook: options.hook }));
}
