import type { ExecutorContext } from '@nx/devkit';
import { outputDirFor, projectFromContext, registryCredentialsFromEnv } from '../../lib/executor-support';
import { callerAccount, resolveRegion, resolveStage, runExecutor, taskLog as logger } from '@nxstack/core';
import { publishImage, publishSummaryLine } from '../../lib/publish-image';
import type { PushImageExecutorSchema } from './schema';

export default async function pushImageExecutor(options: PushImageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((l) => logger.error(l), async () => {
    const project = projectFromContext(context);
    const stage = resolveStage(options.stage, process.env);
    const result = await publishImage({
      ...project,
      resource: options.resource,
      outputDir: outputDirFor(project, options.resource, options.outputPath),
      stage,
      // Asked when the push needs one (ECR, the stage check, the record of an AWS stage), through core's region rule.
      region: options.region,
      resolveRegion: () => resolveRegion({ region: options.region, profile: options.profile, env: process.env }),
      // The same cached lookup build-image made: no second STS call in one deploy.
      stageAccount: (region) => callerAccount({ workspaceRoot: project.workspaceRoot, stage, region, profile: options.profile }),
      repository: options.repository,
      auth: options.auth,
      credentials: registryCredentialsFromEnv(process.env),
      insecureRegistries: options.insecureRegistries,
      onProgress: (p) => logger.info(`[${options.resource}] ${'message' in p ? p.message : `${p.phase} ${p.digest.slice(0, 19)}${p.bytes ? ` ${p.bytes} B` : ''}${'tag' in p && p.tag ? ` :${p.tag}` : ''}`}`),
    });
    logger.info(`[${options.resource}] ${result.reference} (${result.blobsUploaded} blobs, ${result.bytesUploaded} bytes sent)`);
    // The same machine-readable line the zip publish prints: CI scripts and the e2e read it.
    logger.info(publishSummaryLine(options.resource, result));
  });
}
