/** custom-dockerfile and external-buildpack: images made by a Docker engine, exported into our model. */
import * as path from 'node:path';
import { NxstackError, resolveInsideWorkspace } from '@nxstack/core';
import { readArtifact } from './buildpack/artifact-files';
import { ECR_LABEL_NAME, validateBuildArgs, withSpartaAliases, type BuildArg } from './dockerfile/build-args';
import { buildIdOf, createBuildContext, type ExtraContextFile } from './dockerfile/build-context';
import { dockerBuild, platformOf } from './dockerfile/docker-build';
import { assertEngineReachable, connectDocker, exportFromEngine } from './dockerfile/docker-engine';
import { runPackBuild } from './external-buildpack';
import type { Image } from './oci/image';
import { requiredRegion, type ImageBuildRequest } from './image-build-types';

export interface EngineBuiltImage {
  readonly image: Image;
  readonly buildId: string;
  /** repository:tag named by the image's NXSTACK_ECR_LABEL_NAME label, if set. */
  readonly targetRepository?: string;
}

/** Folder of the build context the packaged artifact goes to (custom-dockerfile `artifact`). */
export const ARTIFACT_CONTEXT_DIR = '.nxstack-artifact';

/**
 * The language packager's output for `artifact`, as context files, and the path the Dockerfile
 * gets in NXSTACK_ARTIFACT / SPARTA_BINARY: the file itself when it is one (a Go `bootstrap`),
 * else the folder (a JS bundle with its source map).
 */
async function artifactContextFiles(r: ImageBuildRequest): Promise<{ files: ExtraContextFile[]; relativePath: string } | undefined> {
  if (!r.packaging.properties['artifact']) return undefined;
  const files = await readArtifact(path.resolve(r.workspaceRoot, r.artifactPath ?? path.join(r.outputDir, 'code')));
  const relativePath = files.length === 1 ? `${ARTIFACT_CONTEXT_DIR}/${files[0]!.path}` : ARTIFACT_CONTEXT_DIR;
  return { files: files.map((f) => ({ ...f, path: `${ARTIFACT_CONTEXT_DIR}/${f.path}` })), relativePath };
}

export async function buildDockerfileImage(r: ImageBuildRequest): Promise<EngineBuiltImage> {
  const props = r.packaging.properties;
  const projectDir = path.resolve(r.workspaceRoot, r.projectRoot);
  const contextRel = props['buildContextPath'];
  if (typeof contextRel !== 'string' || !contextRel) {
    throw new NxstackError('NXS_BUILD_CONTEXT_MISSING', 'custom-dockerfile packaging needs buildContextPath.', { location: r.locate?.(['packaging', 'properties']), hint: 'Set packaging.properties.buildContextPath (relative to the project).' });
  }
  // The context and the Dockerfile (relative to it) must stay inside the workspace: the engine gets their files.
  const at = (key: string) => r.locate?.(['packaging', 'properties', key]);
  const contextDir = resolveInsideWorkspace(projectDir, contextRel, { workspaceRoot: r.workspaceRoot, what: 'buildContextPath', location: at('buildContextPath') });
  const dockerfilePath = (props['dockerfilePath'] as string | undefined) ?? r.dockerfilePathVariable ?? 'Dockerfile';
  const where = at(props['dockerfilePath'] ? 'dockerfilePath' : 'buildContextPath');
  resolveInsideWorkspace(contextDir, dockerfilePath, { workspaceRoot: r.workspaceRoot, what: 'dockerfilePath', location: where });
  const userArgs = validateBuildArgs(props['buildArgs'] as BuildArg[] | undefined, (i) => r.locate?.(['packaging', 'properties', 'buildArgs', i]));
  const artifact = await artifactContextFiles(r);
  const context = await createBuildContext(contextDir, dockerfilePath, r.workspaceRoot, where, artifact?.files);
  // Stage, region and account go into the build id: an image labelled for one stage/account is
  // never taken for another's.
  const buildId = buildIdOf(context, { ...userArgs, ' stage': r.stage, ' region': requiredRegion(r), ' account': r.accountId ?? '' });
  const docker = connectDocker(r.dockerHost);
  await assertEngineReachable(docker, r.dockerHost);
  r.onProgress?.(`docker build ${context.dockerfile} (${context.files} files in context, build id ${buildId})`);
  const built = await dockerBuild({
    docker,
    context,
    tag: `nxstack-build/${r.resource.toLowerCase()}:${buildId}`,
    buildArgs: {
      ...userArgs,
      ...withSpartaAliases({
        AWS_ACCOUNT_ID: r.accountId ?? '',
        AWS_REGION: requiredRegion(r),
        NXSTACK_BUILD_ID: buildId,
        NXSTACK_ECR_LABEL_NAME: ECR_LABEL_NAME,
        NXSTACK_STAGE: r.stage,
        ...(artifact ? { NXSTACK_ARTIFACT: artifact.relativePath } : {}),
      }),
    },
    networkMode: props['network'] as 'default' | 'none' | 'host' | undefined,
    platform: platformOf(r.architecture),
    onProgress: r.onProgress,
    location: where,
  });
  const target = built.labels[ECR_LABEL_NAME];
  return { image: built.image, buildId, targetRepository: target || undefined };
}

export async function buildExternalBuildpackImage(r: ImageBuildRequest): Promise<EngineBuiltImage> {
  const props = r.packaging.properties;
  const source = resolveInsideWorkspace(path.resolve(r.workspaceRoot, r.projectRoot), String(props['sourceDirectoryPath'] ?? '.'), {
    workspaceRoot: r.workspaceRoot,
    what: 'sourceDirectoryPath',
    location: r.locate?.(['packaging', 'properties', 'sourceDirectoryPath']),
  });
  const imageName = `nxstack-build/${r.resource.toLowerCase()}:latest`;
  await runPackBuild({
    imageName,
    sourceDirectoryPath: source,
    builder: props['builder'] as string | undefined,
    buildpacks: props['buildpacks'] as string[] | undefined,
    dockerHost: r.dockerHost,
    pathEnv: r.pathEnv,
    location: r.locate?.(['packaging', 'type']),
    onProgress: r.onProgress,
  });
  const docker = connectDocker(r.dockerHost);
  const image = await exportFromEngine(docker, imageName);
  return { image, buildId: image.digest.slice(7, 39) };
}
