/**
 * stacktape-image-buildpack: daemonless by default; `customDockerBuildCommands` needs RUN steps,
 * so it forces a Dockerfile build on the engine with the same layers and config.
 */
import * as path from 'node:path';
import { entryFileLanguage, IMAGE_BLOB_CACHE_DIR, NxstackError, pythonAppServerCommand, tarStream, unsupportedEntryFileError, type PythonAppServerKind, type TarEntry } from '@nxstack/core';
import { nativeBinaryPaths, readArtifact, splitArtifact, type ArtifactFile } from './buildpack/artifact-files';
import { defaultBaseImage, versionFromRuntime, type ImageLanguage } from './buildpack/base-images';
import { resolveBaseImage } from './buildpack/base-source';
import { buildDaemonlessImage } from './buildpack/daemonless-build';
import type { Image } from './oci/image';
import { optLayerFor, withFunctionLayers } from './function-image-layers';
import type { ImageBuildRequest } from './image-build-types';

export interface BuiltImage {
  readonly image: Image;
  readonly baseImage?: string;
}

function stringList(v: unknown): string[] | undefined {
  return Array.isArray(v) ? v.map(String) : undefined;
}

function runAppAsOf(lsc: Record<string, unknown>): PythonAppServerKind | undefined {
  return lsc['runAppAs'] === 'WSGI' || lsc['runAppAs'] === 'ASGI' ? lsc['runAppAs'] : undefined;
}

/** The Python packager's handler `module.callable` (`pkg.mod.app`) as a server's `module:callable`. */
function pythonAppOf(handler: string | undefined): string | undefined {
  const dot = handler?.lastIndexOf('.') ?? -1;
  return handler && dot > 0 ? `${handler.slice(0, dot)}:${handler.slice(dot + 1)}` : undefined;
}

function languageFor(r: ImageBuildRequest): ImageLanguage {
  const entry = String(r.packaging.properties['entryfilePath'] ?? '');
  const lang = entryFileLanguage(entry) ?? (r.runtime?.startsWith('nodejs') ? 'node' : r.runtime?.startsWith('python') ? 'python' : r.runtime?.startsWith('java') ? 'java' : r.runtime?.startsWith('provided') ? 'go' : undefined);
  if (!lang) {
    throw unsupportedEntryFileError(entry, r.locate?.(['packaging', 'properties', 'entryfilePath']));
  }
  return lang;
}

export async function buildBuildpackImage(r: ImageBuildRequest): Promise<BuiltImage> {
  const props = r.packaging.properties;
  const language = languageFor(r);
  const lsc = (props['languageSpecificConfig'] ?? {}) as Record<string, unknown>;
  const version = versionFromRuntime(r.runtime) ?? (lsc['pythonVersion'] ?? lsc['javaVersion'])?.toString();
  const requiresGlibcBinaries = typeof props['requiresGlibcBinaries'] === 'boolean' ? props['requiresGlibcBinaries'] : undefined;
  const baseRef = r.baseImage ?? defaultBaseImage({ language, lambda: r.lambda, requiresGlibcBinaries, version });
  const files = await readArtifact(path.resolve(r.workspaceRoot, r.artifactPath ?? path.join(r.outputDir, 'code')));
  if (!r.baseImage && !r.lambda && requiresGlibcBinaries === false) assertNoNativeBinaries(r, files);
  // runAppAs: the packaged `module.callable` under gunicorn / uvicorn (installed in the dependency layer).
  const runAppAs = r.lambda || language !== 'python' ? undefined : runAppAsOf(lsc);
  const app = runAppAs ? pythonAppOf(r.handler) : undefined;
  const command = stringList(props['command']) ?? (runAppAs && app ? pythonAppServerCommand(runAppAs, app) : undefined);
  const entryPoint = stringList(props['entryPoint']);
  const runCommands = stringList(props['customDockerBuildCommands']);
  if (runCommands?.length) return { image: await buildWithEngine(r, baseRef, files, runCommands, command, entryPoint), baseImage: baseRef };
  r.onProgress?.(`base image ${baseRef}`);
  const base = await resolveBaseImage(baseRef, { cwd: r.workspaceRoot, architecture: r.architecture, credentials: r.registryCredentials, insecureRegistries: r.insecureRegistries });
  const opt = await optLayerFor(r);
  // The workspace's blob folder (base layers pulled, layers built): an unchanged dependency layer is reused.
  const blobDir = path.join(r.workspaceRoot, IMAGE_BLOB_CACHE_DIR);
  const image = await buildDaemonlessImage({ base: base.image, files, language, lambda: r.lambda, handler: r.handler, command, entryPoint, environment: r.environment, optLayer: opt.layer, labels: opt.labels, blobDir });
  return { image, baseImage: base.reference ? baseRef : undefined };
}

/** An alpine (musl) base would not load the glibc binaries the packagers install: fail, do not ship it. */
function assertNoNativeBinaries(r: ImageBuildRequest, files: readonly ArtifactFile[]): void {
  const native = nativeBinaryPaths(files);
  if (!native.length) return;
  throw new NxstackError('NXS_IMAGE_NATIVE_BINARIES_NEED_GLIBC', `requiresGlibcBinaries is false (an alpine/musl base), but the packaged code holds glibc native binaries: ${native.slice(0, 3).join(', ')}${native.length > 3 ? ', …' : ''}.`, {
    location: r.locate?.(['packaging', 'properties', 'requiresGlibcBinaries']),
    hint: 'Remove requiresGlibcBinaries: false (the default base is glibc), or set baseImage to a musl image you have checked these binaries load on.',
  });
}

/** customDockerBuildCommands: the same two layers through a generated Dockerfile, plus RUN steps. */
async function buildWithEngine(r: ImageBuildRequest, baseRef: string, files: Awaited<ReturnType<typeof readArtifact>>, runCommands: string[], command?: string[], entryPoint?: string[]): Promise<Image> {
  const workDir = r.lambda ? '/var/task' : '/app';
  const { dependencies, code } = await splitArtifact(files);
  const json = (v: unknown) => JSON.stringify(v);
  const dockerfile = [
    `FROM ${baseRef}`,
    ...(dependencies.length ? [`COPY deps/ ${workDir}/`] : []),
    `COPY code/ ${workDir}/`,
    `WORKDIR ${workDir}`,
    ...Object.entries(r.environment ?? {}).map(([k, v]) => `ENV ${k}=${json(v)}`),
    ...runCommands.map((c) => `RUN ${c}`),
    ...(entryPoint ? [`ENTRYPOINT ${json(entryPoint)}`] : []),
    `CMD ${json(command ?? (r.lambda ? [r.handler ?? 'index.handler'] : ['node', `${workDir}/index.js`]))}`,
  ].join('\n');
  // The context is streamed (files read as the engine takes them), once for its digest and once for the engine.
  const entries: TarEntry[] = [
    { path: 'Dockerfile', content: dockerfile + '\n' },
    ...dependencies.map((f) => ({ path: `deps/${f.path}`, mode: f.mode, size: f.size, source: f.source, open: () => f.open() })),
    ...code.map((f) => ({ path: `code/${f.path}`, mode: f.mode, size: f.size, source: f.source, open: () => f.open() })),
  ];
  // dockerode (with its gRPC and SSH clients) loads only for a build that runs RUN steps.
  const { assertEngineReachable, connectDocker } = await import('./dockerfile/docker-engine.js');
  const { dockerBuild, platformOf } = await import('./dockerfile/docker-build.js');
  const { streamDigest } = await import('./dockerfile/build-context.js');
  const docker = connectDocker(r.dockerHost);
  await assertEngineReachable(docker, r.dockerHost);
  const context = { open: () => tarStream(entries), digest: await streamDigest(tarStream(entries)), dockerfile: 'Dockerfile', files: files.length + 1 };
  const built = await dockerBuild({ docker, context, tag: `nxstack-build/${r.resource.toLowerCase()}:latest`, buildArgs: {}, networkMode: r.packaging.properties['network'] as 'default' | 'none' | 'host' | undefined, platform: platformOf(r.architecture), onProgress: r.onProgress, location: r.locate?.(['packaging', 'properties', 'customDockerBuildCommands']) });
  return withFunctionLayers(built.image, r);
}
