/**
 * The stacktape-image-buildpack without a Docker daemon: base image + one layer of dependencies
 * + one layer of code (+ one /opt layer of Lambda layers for image functions) + config. Pure
 * function of its inputs, so two clean builds give the same digest.
 */
import { NxstackError } from '@nxstack/core';
import type { Image } from '../oci/image';
import { temporaryBlobDir } from '../oci/blob-files';
import type { Layer } from '../oci/layer';
import { cachedLayerOf } from '../oci/layer-cache';
import { appendLayers, type AppendedLayer } from '../oci/mutate';
import { splitArtifact, underDir, type ArtifactFile } from './artifact-files';
import type { ImageLanguage } from './base-images';

export interface DaemonlessBuildOptions {
  readonly base: Image;
  readonly files: readonly ArtifactFile[];
  readonly language: ImageLanguage;
  /** Lambda container image function (true) or a service container (false). */
  readonly lambda: boolean;
  /** Lambda handler (`index.handler`); for services the entry file's module (`index`) becomes the main file. */
  readonly handler?: string;
  readonly command?: readonly string[];
  readonly entryPoint?: readonly string[];
  readonly environment?: Readonly<Record<string, string>>;
  readonly labels?: Readonly<Record<string, string>>;
  /** Layer holding Lambda layers under /opt (see lambda-layers.ts). */
  readonly optLayer?: Layer;
  /**
   * Blob folder the dependency and code layers are written to and reused from when their files are
   * unchanged (see layer-cache.ts); default: a temporary folder of this process (no reuse).
   */
  readonly blobDir?: string;
}

/** Lambda: code where the runtime looks (LAMBDA_TASK_ROOT, or /var/runtime for custom runtimes). */
function workDirFor(o: DaemonlessBuildOptions): string {
  if (!o.lambda) return '/app';
  return o.language === 'go' ? '/var/runtime' : '/var/task';
}

function mainFile(o: DaemonlessBuildOptions, files: readonly ArtifactFile[]): string | undefined {
  const module = o.handler?.includes('.') ? o.handler.slice(0, o.handler.lastIndexOf('.')) : o.handler;
  const candidates = o.language === 'node' ? ['.js', '.cjs', '.mjs'] : o.language === 'python' ? ['.py'] : [''];
  for (const ext of candidates) {
    const name = module ? `${module}${ext}` : undefined;
    if (name && files.some((f) => f.path === name)) return name;
  }
  const fallback = o.language === 'node' ? 'index.js' : o.language === 'python' ? 'main.py' : o.language === 'go' ? 'bootstrap' : undefined;
  return fallback && files.some((f) => f.path === fallback) ? fallback : undefined;
}

/** Cmd for a service container: run the packaged entry file with the language's interpreter. */
function serviceCommand(o: DaemonlessBuildOptions, workDir: string, files: readonly ArtifactFile[]): string[] {
  if (o.command) return [...o.command];
  const main = mainFile(o, files);
  if (main && o.language === 'node') return ['node', `${workDir}/${main}`];
  if (main && o.language === 'python') return ['python', `${workDir}/${main}`];
  if (main && o.language === 'go') return [`${workDir}/${main}`];
  throw new NxstackError('NXS_IMAGE_COMMAND_UNKNOWN', `Cannot tell how to start the ${o.language} service: no entry file found in the packaged code.`, {
    hint: o.language === 'java' ? 'Set packaging.properties.command, e.g. ["java", "-cp", "/app:/app/lib/*", "com.example.Main"].' : 'Set packaging.properties.command to the command that starts the service.',
  });
}

export async function buildDaemonlessImage(o: DaemonlessBuildOptions): Promise<Image> {
  const workDir = workDirFor(o);
  const { dependencies, code } = await splitArtifact(o.files);
  if (!code.length && !dependencies.length) {
    throw new NxstackError('NXS_IMAGE_ARTIFACT_EMPTY', 'The packaged code is empty: nothing to put in the image.', { hint: 'Check includeFiles/excludeFiles and the entry file.' });
  }
  const blobDir = o.blobDir ?? (await temporaryBlobDir());
  const appended: AppendedLayer[] = [];
  if (o.optLayer) appended.push({ layer: o.optLayer, createdBy: 'nxstack: lambda layers -> /opt' });
  if (dependencies.length) appended.push({ layer: await cachedLayerOf(underDir(workDir, dependencies), blobDir), createdBy: `nxstack: dependencies -> ${workDir}` });
  appended.push({ layer: await cachedLayerOf(underDir(workDir, code), blobDir), createdBy: `nxstack: code -> ${workDir}` });
  const cmd = o.lambda ? (o.command ? [...o.command] : [o.handler ?? 'index.handler']) : serviceCommand(o, workDir, o.files);
  return appendLayers(o.base, appended, {
    ...(o.entryPoint ? { entrypoint: o.entryPoint } : {}),
    cmd,
    workingDir: o.lambda ? '/var/task' : workDir,
    env: o.environment,
    labels: { 'org.opencontainers.image.vendor': 'nxstack', ...(o.labels ?? {}) },
  });
}
