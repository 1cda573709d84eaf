import { logger, type ExecutorContext } from '@nx/devkit';
import { diffStack } from '../../lib/diff';
import { commandOptionsFromContext, runCommand } from '../../lib/executor-context';
import type { DiffExecutorSchema } from './schema';

export default async function diffExecutor(options: DiffExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runCommand((line) => logger.error(line), () => diffStack(commandOptionsFromContext(options, context, process.env, (line) => logger.info(line))));
}
