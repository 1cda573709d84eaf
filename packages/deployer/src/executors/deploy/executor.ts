import { logger, type ExecutorContext } from '@nx/devkit';
import { deployStack } from '../../lib/deploy';
import { commandOptionsFromContext, runCommand } from '../../lib/executor-context';
import type { DeployExecutorSchema } from './schema';

export default async function deployExecutor(options: DeployExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runCommand((line) => logger.error(line), () => deployStack(commandOptionsFromContext(options, context, process.env, (line) => logger.info(line))));
}
