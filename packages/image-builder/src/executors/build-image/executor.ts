import type { ExecutorContext } from '@nx/devkit';
import { runExecutor, taskLog as logger } from '@nxstack/core';
import { buildImage } from '../../lib/build-image';
import { projectFromContext } from '../../lib/executor-support';
import { normalizeBuildImageOptions } from '../../lib/normalize-build-image-options';
import type { BuildImageExecutorSchema } from './schema';

export default async function buildImageExecutor(options: BuildImageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((l) => logger.error(l), async () => {
    const request = await normalizeBuildImageOptions(options, projectFromContext(context), process.env, (line) => logger.info(`[${options.resource}] ${line}`));
    const result = await buildImage(request);
    logger.info(`[${options.resource}] ${result.manifest.packager} image ${result.manifest.digest}`);
  });
}
