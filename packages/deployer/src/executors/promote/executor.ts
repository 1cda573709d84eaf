import { logger, type ExecutorContext } from '@nx/devkit';
import { runExecutor } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { promoteStack } from '../../lib/promote';
import type { PromoteExecutorSchema } from './schema';

export default async function promoteExecutor(options: PromoteExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor(
    (line) => logger.error(line),
    () => {
      const { stage: _target, ...common } = commandOptionsFromContext({ ...options, stage: options.to }, context, process.env, (line) => logger.info(line));
      return promoteStack({ ...common, from: options.from, to: options.to, fromRegion: options.fromRegion, forceUnlock: options.forceUnlock });
    },
  );
}
