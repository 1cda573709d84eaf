import { logger, type ExecutorContext } from '@nx/devkit';
import { packageCustomArtifact, toPosix } from '@nxstack/core';
import * as path from 'node:path';
import { customArtifactOptionsFromExecutor } from '../../lib/executor-options';
import { reportFailure } from '../../lib/executor-report';
import type { CustomArtifactExecutorSchema } from './schema';

export default async function customArtifactExecutor(options: CustomArtifactExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  try {
    const projectRoot = context.projectName ? context.projectsConfigurations?.projects[context.projectName]?.root : undefined;
    const result = await packageCustomArtifact(await customArtifactOptionsFromExecutor(options, { workspaceRoot: context.root, projectRoot }));
    const m = result.manifest;
    logger.info(`${m.resource}: ${toPosix(path.relative(context.root, result.artifactPath))} ${m.size} B sha256 ${m.sha256.slice(0, 12)} handler ${m.handler}`);
    return { success: true };
  } catch (err) {
    logger.error(reportFailure(err));
    return { success: false };
  }
}
