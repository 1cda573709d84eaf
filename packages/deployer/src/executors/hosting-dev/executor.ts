import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { commandOptionsFromContext } from '../../lib/executor-context';
import { runHostingDev } from '../../lib/hosting/hosting-dev';
import type { HostingDevExecutorSchema } from './schema';

/** `nx run <project>:dev--<hosting bucket>`: its injectEnvironment in .env.local, then its dev command until stopped. */
export default async function hostingDevExecutor(options: HostingDevExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((line) => logger.error(line), () => runHostingDev({ ...commandOptionsFromContext(options, context, process.env, (line) => logger.info(line)), resource: options.resource }));
}
