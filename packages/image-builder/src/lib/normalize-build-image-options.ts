import * as path from 'node:path';
import { callerAccount, DEFAULT_LAMBDA_ARCHITECTURE, isLocalStage, NxstackError, resolveRegion, resolveStage, resolveStageRegion, withCommandLineStage } from '@nxstack/core';
import type { BuildImageExecutorSchema } from '../executors/build-image/schema';
import { outputDirFor, packagedCodeFacts, registryCredentialsFromEnv, type ProjectContext } from './executor-support';
import type { ImageBuildRequest } from './image-build-types';
import { loadStackImageResource } from './stack-resource';

/**
 * build-image's options (+ stack.yml when stackFile is set, + the env handed in) → the typed
 * request buildImage takes. Explicit options win over stack.yml; the only place that reads env.
 */
export async function normalizeBuildImageOptions(
  given: BuildImageExecutorSchema,
  project: ProjectContext,
  env: Readonly<Record<string, string | undefined>>,
  onProgress: (line: string) => void,
): Promise<ImageBuildRequest> {
  // The command line's --stage/--region/--profile, where the plugin made them env inputs of this task.
  const options = given.stageFromCommandLine ? withCommandLineStage(given, env) : given;
  const stage = resolveStage(options.stage, env);
  const fromStack = options.stackFile ? await loadStackImageResource(options.stackFile, options.resource, project.workspaceRoot) : undefined;
  const packaging = fromStack?.packaging ?? options.packaging;
  if (!packaging) throw new NxstackError('NXS_IMAGE_PACKAGING_MISSING', `build-image for ${options.resource} needs stackFile or packaging.`, { hint: 'Set stackFile (the plugin does) or an inline packaging { type, properties }.' });
  const outputDir = outputDirFor(project, options.resource, options.outputPath);
  const artifactPath = options.artifactPath ?? path.join(outputDir, 'code');
  const facts = await packagedCodeFacts(path.resolve(project.workspaceRoot, artifactPath));
  // A Dockerfile build receives the stage, region and account as build args (the plugin hands it
  // --stage/--region/--profile of the command line through env inputs, so they are in its hash). AWS stages
  // resolve the region through core's rule and the account through STS (once per stage, cached).
  const stageDependent = !isLocalStage(stage) && packaging.type === 'custom-dockerfile';
  const layers = options.layers ?? fromStack?.layers;
  const remoteLayers = (layers ?? []).some((l) => typeof l === 'string' && (l.startsWith('s3://') || l.startsWith('arn:')));
  const regionOptions = { region: options.region, profile: options.profile, env };
  // Resolved (or refused with NXS_REGION_MISSING) when the build uses it; a buildpack build on an
  // AWS stage uses none, so it neither needs nor invents one.
  const region = isLocalStage(stage) || stageDependent || remoteLayers
    ? await resolveStageRegion(stage, regionOptions)
    : await resolveRegion(regionOptions).catch((e: unknown) => (e instanceof NxstackError && e.code === 'NXS_REGION_MISSING' ? undefined : Promise.reject(e)));
  const accountId = options.accountId ?? (stageDependent ? await callerAccount({ workspaceRoot: project.workspaceRoot, stage, region: region!, profile: options.profile, env: env as NodeJS.ProcessEnv }) : undefined);
  return {
    ...project,
    resource: options.resource,
    packaging,
    lambda: fromStack?.lambda ?? options.function ?? false,
    architecture: options.architecture ?? fromStack?.architecture ?? DEFAULT_LAMBDA_ARCHITECTURE,
    runtime: options.runtime ?? fromStack?.runtime ?? facts.runtime,
    handler: options.handler ?? facts.handler,
    environment: options.environment,
    layers,
    functionEnvironment: fromStack?.environment,
    outputDir,
    artifactPath,
    baseImage: options.baseImage,
    dockerHost: options.dockerHost ?? env['DOCKER_HOST'],
    stage,
    region,
    accountId,
    dockerfilePathVariable: options.dockerfilePath ?? env['DOCKERFILE_PATH'],
    registryCredentials: registryCredentialsFromEnv(env as NodeJS.ProcessEnv),
    insecureRegistries: options.insecureRegistries,
    pathEnv: env['PATH'],
    onProgress,
    locate: fromStack?.locate,
  };
}
