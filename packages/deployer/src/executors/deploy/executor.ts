import { logger, type ExecutorContext } from '@nx/devkit';
import { deployStack } from '../../lib/deploy';
import { runExecutor } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import type { DeployExecutorSchema } from './schema';

export default async function deployExecutor(options: DeployExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () => deployStack(commandOptionsFromContext(options, context, process.env, (line) => logger.info(line))));
}
