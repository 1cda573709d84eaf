import type { ExecutorContext } from '@nx/devkit';
import { createInterface } from 'node:readline/promises';
import { deployStack } from '../../lib/deploy';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import type { DeployExecutorSchema } from './schema';

export default async function deployExecutor(options: DeployExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () =>
    deployStack({
      ...commandOptionsFromContext(options, context, process.env, (line) => logger.info(line)),
      forceUnlock: options.forceUnlock,
      hotswap: options.hotswap,
      requireApproval: options.requireApproval,
      approve: options.approve,
      confirm: process.stdin.isTTY && process.stdout.isTTY ? askOnTerminal : undefined,
    }),
  );
}

async function askOnTerminal(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  try {
    return /^y(es)?$/i.test((await rl.question(question)).trim());
  } finally {
    rl.close();
  }
}
