import type { ExecutorContext } from '@nx/devkit';
import { diffStack } from '../../lib/diff';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import type { DiffExecutorSchema } from './schema';

export default async function diffExecutor(options: DiffExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () => diffStack(commandOptionsFromContext(options, context, process.env, (line) => logger.info(line))));
}
