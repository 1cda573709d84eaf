/**
 * What serve's services and workload containers share: the packaged image they run, their
 * environment on the local stage, and their ports on 127.0.0.1.
 */
import * as net from 'node:net';
import * as path from 'node:path';
import { DEFAULT_STAGE, LOCAL_ENDPOINT_HOST, LOCAL_REGION, NxstackError, readManifest, resourceOutputDir, stackName, type ImagePackageManifest, type LoadedStack, type SourceLocation } from '@nxstack/core';
import { ensureLocalDataResources } from '../local-aws/data-resources';
import { localAwsEnvironment } from '../local-aws/local-aws-env';
import { localEnvironment } from '../local-environment';

/** The image layout `package--<unit>` wrote (a service, or a workload container `<workload>--<container>`); else a located error. */
export async function packagedImageManifest(o: { workspaceRoot: string; projectName: string; projectRoot: string; unit: string; location?: SourceLocation }): Promise<ImagePackageManifest> {
  const manifest = await readManifest(path.join(o.workspaceRoot, resourceOutputDir(o.projectRoot, o.unit)));
  if (manifest.kind !== 'image' || !manifest.layout) {
    throw new NxstackError('NXS_SERVE_SERVICE_FAILED', `'${o.unit}' has no packaged image layout in ${resourceOutputDir(o.projectRoot, o.unit)} (${manifest.kind === 'image' ? 'a prebuilt image is pulled by the engine on AWS, not here' : 'not an image'}).`, {
      location: o.location,
      hint: `Package it first (nx run ${o.projectName}:package--${o.unit}); prebuilt-image services are not run locally.`,
    });
  }
  return manifest;
}

/** A service's (or workload container's) environment on the local stage, as functions get theirs: the local AWS server's endpoint and region, its own variables. */
export async function localServiceEnvironment(o: { workspaceRoot: string; projectName: string; stack: LoadedStack; resource: string; container?: string; region: string; hostEnv: NodeJS.ProcessEnv }): Promise<Record<string, string>> {
  const own = await localEnvironment({ workspaceRoot: o.workspaceRoot, projectName: o.projectName, stack: o.stack, resource: o.resource, container: o.container });
  const endpoint = await ensureLocalDataResources({ workspaceRoot: o.workspaceRoot, stackName: stackName(o.projectName, DEFAULT_STAGE) });
  const aws = endpoint ? localAwsEnvironment(endpoint, own, o.hostEnv) : {};
  return { AWS_REGION: aws.AWS_ENDPOINT_URL ? LOCAL_REGION : o.region, ...aws, ...own };
}

/** NXS_SERVE_PORT_IN_USE when something already listens on `port` of 127.0.0.1. */
export async function assertPortFree(port: number, owner: string, location?: SourceLocation): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e: NodeJS.ErrnoException) =>
      reject(new NxstackError('NXS_SERVE_PORT_IN_USE', `Port ${port} of '${owner}' on ${LOCAL_ENDPOINT_HOST} is already in use.`, {
        location,
        hint: 'Another serve of this project is running, or another program holds the port: stop it and start again.',
        cause: e,
      })),
    );
    probe.listen(port, LOCAL_ENDPOINT_HOST, () => probe.close(() => resolve()));
  });
}

/** Whether `port` of 127.0.0.1 accepts a connection now. */
export function connects(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect(port, LOCAL_ENDPOINT_HOST);
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
