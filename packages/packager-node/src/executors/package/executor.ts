import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { nodeFunctionOptionsFromExecutor } from '../../lib/executor-options';
import { reportResult } from '../../lib/executor-report';
import { packageNodeFunctions } from '../../lib/package-node-function';
import type { PackageExecutorSchema } from './schema';

export default async function packageExecutor(options: PackageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor(logger.error, async () => {
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.root : undefined;
    const list = await nodeFunctionOptionsFromExecutor(options, { workspaceRoot: context.root, projectRoot });
    for (const result of await packageNodeFunctions(list)) logger.info(reportResult(context.root, result));
  });
}
