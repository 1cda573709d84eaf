import * as path from 'node:path';
import { logger, type ExecutorContext } from '@nx/devkit';
import { NxstackError, resolveStage, resolveStageRegion } from '@nxstack/core';
import { buildImage } from '../../lib/build-image';
import { outputDirFor, packagedCodeFacts, projectFromContext, registryCredentialsFromEnv } from '../../lib/executor-support';
import { runExecutor } from '@nxstack/core';
import { loadStackImageResource } from '../../lib/stack-resource';
import type { BuildImageExecutorSchema } from './schema';

export default async function buildImageExecutor(options: BuildImageExecutorSchema, context: ExecutorContext): Promise<{ success: boolean }> {
  return runExecutor((l) => logger.error(l), async () => {
    const project = projectFromContext(context);
    const stage = resolveStage(options.stage);
    const fromStack = options.stackFile ? await loadStackImageResource(options.stackFile, options.resource, project.workspaceRoot) : undefined;
    const packaging = fromStack?.packaging ?? options.packaging;
    if (!packaging) throw new NxstackError('NXS_IMAGE_PACKAGING_MISSING', `build-image for ${options.resource} needs stackFile or packaging.`, { hint: 'Set stackFile (the plugin does) or an inline packaging { type, properties }.' });
    const outputDir = outputDirFor(project, options.resource, options.outputPath);
    const artifactPath = options.artifactPath ?? path.join(outputDir, 'code');
    const facts = await packagedCodeFacts(path.resolve(project.workspaceRoot, artifactPath));
    const result = await buildImage({
      ...project,
      resource: options.resource,
      packaging,
      lambda: fromStack?.lambda ?? options.function ?? false,
      architecture: options.architecture ?? fromStack?.architecture ?? 'x86_64',
      runtime: options.runtime ?? fromStack?.runtime ?? facts.runtime,
      handler: options.handler ?? facts.handler,
      environment: options.environment,
      layers: options.layers ?? fromStack?.layers,
      outputDir,
      artifactPath,
      baseImage: options.baseImage,
      dockerHost: options.dockerHost ?? process.env['DOCKER_HOST'],
      stage,
      region: await resolveStageRegion(stage, { region: options.region }),
      accountId: options.accountId,
      dockerfilePathVariable: options.dockerfilePath ?? process.env['DOCKERFILE_PATH'],
      registryCredentials: registryCredentialsFromEnv(process.env),
      insecureRegistries: options.insecureRegistries,
      pathEnv: process.env['PATH'],
      onProgress: (line) => logger.info(`[${options.resource}] ${line}`),
      locate: fromStack?.locate,
    });
    logger.info(`[${options.resource}] ${result.manifest.packager} image ${result.manifest.digest}`);
  });
}
