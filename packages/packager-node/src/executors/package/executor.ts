import { logger, type ExecutorContext } from '@nx/devkit';
import { nodeFunctionOptionsFromExecutor } from '../../lib/executor-options';
import { reportFailure, reportResult } from '../../lib/executor-report';
import { packageNodeFunctions } from '../../lib/package-node-function';
import type { PackageExecutorSchema } from './schema';

export default async function packageExecutor(options: PackageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.root : undefined;
    const list = await nodeFunctionOptionsFromExecutor(options, { workspaceRoot: context.root, projectRoot });
    for (const result of await packageNodeFunctions(list)) logger.info(reportResult(context.root, result));
    return { success: true };
  } catch (err) {
    logger.error(reportFailure(err));
    return { success: false };
  }
}
