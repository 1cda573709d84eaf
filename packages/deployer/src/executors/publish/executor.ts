import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { publishResource } from '../../lib/publish';
import type { PublishExecutorSchema } from './schema';

export default async function publishExecutor(options: PublishExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () => {
    const opts = commandOptionsFromContext(options, context, process.env, (line) => logger.info(line));
    return publishResource({ ...opts, resource: options.resource });
  });
}
