import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NxstackError, type ImagePackageManifest, type SourceLocation } from '@nxstack/core';
import { assertEngineReachable, connectDocker } from '@nxstack/image-builder';
import { engineHost, engineName, loadPackagedImage } from './packaged-image';
import { containerLauncher } from './container-launcher';
import { LocalFunction, type InvokeResult } from './local-function';

export interface InvokeImageOptions {
  /** The package task's output folder (manifest.json + the OCI layout). */
  readonly outputDir: string;
  readonly manifest: ImagePackageManifest;
  readonly projectName: string;
  readonly functionName: string;
  readonly environment: Readonly<Record<string, string>>;
  readonly timeout: number;
  readonly memory: number;
  readonly region: string;
  readonly event: unknown;
  readonly hostEnv: NodeJS.ProcessEnv;
  /** The function's packaging in stack.yml, for the no-engine error. */
  readonly location?: SourceLocation;
  /** Docker bind mounts (`<host dir>:<container path>`): the function's volumes. */
  readonly binds?: readonly string[];
}

/**
 * Invokes an image function: its packaged image (the OCI layout the package task wrote, never
 * the source) is loaded into the Docker engine at DOCKER_HOST (or the default socket) once per
 * digest, and runs as a container against our Runtime API.
 */
export async function invokeImage(o: InvokeImageOptions): Promise<InvokeResult> {
  const host = engineHost(o.hostEnv);
  const docker = connectDocker(host);
  await assertEngineReachable(docker, host).catch((e: unknown) => {
    throw new NxstackError('NXS_DOCKER_UNAVAILABLE', `'${o.functionName}' is a container image function: it runs locally under Docker, and no Docker engine answers at ${engineName(host)}.`, {
      location: o.location,
      hint: 'Start Docker (or point DOCKER_HOST at an engine) and run invoke again; zip functions need no engine.',
      cause: e,
    });
  });
  const { tag, image } = await loadPackagedImage({ docker, outputDir: o.outputDir, manifest: o.manifest, projectName: o.projectName, resource: o.functionName, location: o.location });
  const work = await fs.mkdtemp(path.join(os.tmpdir(), `nxstack-img-${o.functionName.replace(/[^\w-]/g, '_')}-`));
  const fn = new LocalFunction({
    functionName: o.functionName,
    taskRoot: work,
    runtime: 'image',
    handler: image.config.config?.Cmd?.[0] ?? '',
    architecture: o.manifest.architecture,
    environment: o.environment,
    timeoutSeconds: o.timeout,
    memoryMB: o.memory,
    region: o.region,
    logFile: path.join(work, 'runtime.log'),
    hostEnv: o.hostEnv,
    cacheDir: work,
    launcher: containerLauncher({ docker, image: tag, command: image.config.config?.Cmd ?? undefined, binds: o.binds }),
  });
  try {
    return await fn.invoke(o.event);
  } finally {
    await fn.close();
    await fs.rm(work, { recursive: true, force: true });
  }
}
