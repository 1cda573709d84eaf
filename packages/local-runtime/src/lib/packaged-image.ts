import * as path from 'node:path';
import type Docker from 'dockerode';
import { NxstackError, type ImagePackageManifest, type SourceLocation } from '@nxstack/core';
import { assertEngineReachable, connectDocker, dockerArchive, readLayout, type Image } from '@nxstack/image-builder';

/** Where the engine is: DOCKER_HOST, else the default socket. */
export function engineHost(hostEnv: NodeJS.ProcessEnv): string | undefined {
  return hostEnv.DOCKER_HOST || undefined;
}

export function engineName(host: string | undefined): string {
  return host ?? 'the default socket (/var/run/docker.sock)';
}

/** The engine at DOCKER_HOST (or the default socket) when it answers, else undefined. */
export async function reachableEngine(hostEnv: NodeJS.ProcessEnv): Promise<Docker | undefined> {
  const host = engineHost(hostEnv);
  const docker = connectDocker(host);
  return assertEngineReachable(docker, host).then(() => docker, () => undefined);
}

export interface LoadedImage {
  /** `nxstack-local/<project>-<resource>:<digest prefix>` in the engine. */
  readonly tag: string;
  /** The packaged image (config: Cmd, Entrypoint, WorkingDir, Env). */
  readonly image: Image;
}

/**
 * Loads the image a package task wrote (its OCI layout, never the source) into the engine, once
 * per digest: invoke's image functions and serve's services run what AWS would get.
 */
export async function loadPackagedImage(o: { docker: Docker; outputDir: string; manifest: ImagePackageManifest; projectName: string; resource: string; location?: SourceLocation }): Promise<LoadedImage> {
  const image = await readLayout(path.join(o.outputDir, o.manifest.layout));
  const tag = `nxstack-local/${o.projectName.toLowerCase()}-${o.resource.toLowerCase()}:${image.digest.slice('sha256:'.length, 'sha256:'.length + 16)}`;
  const loaded = await o.docker.getImage(tag).inspect().then(() => true, () => false);
  if (!loaded) {
    const stream = await o.docker.loadImage((await dockerArchive(image, [tag])) as unknown as NodeJS.ReadableStream);
    await new Promise<void>((resolve, reject) =>
      o.docker.modem.followProgress(stream, (err: Error | null, res: Array<{ error?: string }>) => {
        const failed = err?.message ?? res.find((r) => r.error)?.error;
        return failed ? reject(new NxstackError('NXS_DOCKER_UNAVAILABLE', `Loading the image of '${o.resource}' into Docker failed: ${failed}`, { location: o.location, hint: 'Check the engine (docker info) and rebuild the image (nx run <project>:package--<resource>).' })) : resolve();
      }),
    );
  }
  return { tag, image };
}
