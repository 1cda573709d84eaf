import type { ExecutorContext } from '@nx/devkit';
import { destroyStack } from '../../lib/destroy';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import type { DestroyExecutorSchema } from './schema';

export default async function destroyExecutor(options: DestroyExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () => destroyStack({ ...commandOptionsFromContext(options, context, process.env, (line) => logger.info(line)), forceUnlock: options.forceUnlock }));
}
