/**
 * Test base images made locally from Debian's busybox-static: one rootfs layer built with the
 * deterministic tar writer, pushed to the test registry and loadable into the test dockerd.
 */
import { readFileSync } from 'node:fs';
import { inject } from 'vitest';
import Docker from 'dockerode';
import { appendLayers, dockerArchive, imageFrom, layerFromEntries, MediaTypes, pushImage, RegistryClient, type Image } from '../index';

const APPLETS = ['sh', 'echo', 'cat', 'ls', 'env', 'test', 'sleep', 'printf', 'id'];

export async function busyboxBaseImage(options: { docker?: boolean } = {}): Promise<Image> {
  const busybox = readFileSync('/bin/busybox');
  const layer = await layerFromEntries([
    { path: 'bin/busybox', mode: 0o755, content: busybox },
    ...APPLETS.map((a) => ({ path: `bin/${a}`, type: 'symlink' as const, linkTarget: 'busybox' })),
    { path: 'tmp', type: 'directory' as const, mode: 0o1777 },
    { path: 'etc/passwd', content: 'root:x:0:0:root:/root:/bin/sh\n' },
  ]);
  const empty = imageFrom(
    { architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] }, config: { Env: ['PATH=/bin'], Cmd: ['sh'] } },
    [],
    options.docker ? MediaTypes.dockerManifest : MediaTypes.ociManifest,
    options.docker ? MediaTypes.dockerConfig : MediaTypes.ociConfig,
  );
  return appendLayers(empty, [{ layer, createdBy: 'busybox-static rootfs' }]);
}

export function registryHost(): string {
  return inject('registry');
}

export function dockerClient(): Docker {
  return new Docker({ socketPath: inject('dockerHost').replace(/^unix:\/\//, '') });
}

/** Pushes the busybox base to the open test registry; returns its reference (registry/repo:tag). */
export async function pushBusyboxBase(repository = 'base/busybox', tag = '1', options: { docker?: boolean } = {}): Promise<string> {
  const image = await busyboxBaseImage(options);
  const client = new RegistryClient({ registry: registryHost() });
  await pushImage(image, { client, repository, tags: [tag] });
  return `${registryHost()}/${repository}:${tag}`;
}

/** `docker load` of an image into the test engine under the given tag. */
export async function loadIntoDocker(image: Image, tag: string): Promise<void> {
  const docker = dockerClient();
  const stream = await docker.loadImage(await dockerArchive(image, [tag]) as unknown as NodeJS.ReadableStream);
  await new Promise<void>((resolve, reject) => docker.modem.followProgress(stream, (err: Error | null, res: Array<{ error?: string }>) => (err ? reject(err) : res.find((r) => r.error) ? reject(new Error(res.find((r) => r.error)!.error)) : resolve())));
}

/** Runs a container (network none) and returns its stdout+stderr. */
export async function runInDocker(image: string, cmd?: string[]): Promise<{ output: string; exitCode: number }> {
  const docker = dockerClient();
  const container = await docker.createContainer({ Image: image, ...(cmd ? { Cmd: cmd } : {}), HostConfig: { NetworkMode: 'none' }, Tty: true });
  try {
    await container.start();
    const { StatusCode } = await container.wait();
    const logs = await container.logs({ stdout: true, stderr: true });
    return { output: logs.toString('utf8'), exitCode: StatusCode };
  } finally {
    await container.remove({ force: true });
  }
}
