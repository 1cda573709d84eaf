/** Connecting to a Docker engine (DOCKER_HOST form: unix:///path.sock or tcp://host:port) and reading images out of it. */
import type Docker from 'dockerode';
import { NxstackError } from '@nxstack/core';
import { imageFromDockerSave } from '../oci/docker-save';
import type { Image } from '../oci/image';

export function connectDocker(host: string | undefined): Docker {
  // dockerode (with grpc-js, ssh2, protobufjs) loads only when an engine is used: a daemonless build never pays for it.
  const Docker = require('dockerode') as typeof import('dockerode');
  if (!host) return new Docker();
  if (host.startsWith('unix://')) return new Docker({ socketPath: host.slice('unix://'.length) });
  const url = new URL(host.replace(/^tcp:/, 'http:'));
  return new Docker({ host: url.hostname, port: Number(url.port || 2375), protocol: 'http' });
}

export async function assertEngineReachable(docker: Docker, host: string | undefined): Promise<void> {
  try {
    await docker.ping();
  } catch (cause) {
    throw new NxstackError('NXS_DOCKER_UNAVAILABLE', `No Docker engine answers at ${host ?? 'the default socket (/var/run/docker.sock)'}.`, {
      hint: 'Start Docker or set DOCKER_HOST. Daemonless builds (stacktape-image-buildpack without customDockerBuildCommands) need no engine.',
      cause,
    });
  }
}

/** `docker save` of one image, read as a stream and converted to our Image model (Docker v2 schema 2). */
export async function exportFromEngine(docker: Docker, nameOrId: string): Promise<Image> {
  return imageFromDockerSave(await docker.getImage(nameOrId).get(), nameOrId);
}
