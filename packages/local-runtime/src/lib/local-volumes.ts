import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { localVolumeDir, NxstackError, type LoadedStack, type VolumeMount } from '@nxstack/core';

export interface LocalVolumeOptions {
  readonly workspaceRoot: string;
  readonly stage: string;
  readonly projectName: string;
  readonly stack: LoadedStack;
  readonly resource: string;
  /** A multi-container-workload's container: its own volumeMounts. */
  readonly container?: string;
}

function mountsOf(stack: LoadedStack, resource: string, container?: string): VolumeMount[] {
  const props = stack.config.resources[resource]?.properties as { volumeMounts?: VolumeMount[]; containers?: Array<{ name: string; volumeMounts?: VolumeMount[] }> } | undefined;
  if (container !== undefined) return props?.containers?.find((c) => c.name === container)?.volumeMounts ?? [];
  return props?.volumeMounts ?? [];
}

/** The local folder that stands in for one mount: the efs-filesystem's folder, or one per S3 Files access point. */
function hostDir(o: LocalVolumeOptions, mount: VolumeMount): string {
  if (mount.type === 'efs') return localVolumeDir(o.stage, o.projectName, mount.properties.efsFilesystemName, mount.properties.rootDirectory);
  const arn = mount.properties.accessPointArn;
  const id = typeof arn === 'string' ? arn.split(/[/:]/).pop()! : JSON.stringify(arn);
  return localVolumeDir(o.stage, o.projectName, `s3files-${id.replace(/[^\w.-]/g, '_')}`);
}

/**
 * Docker bind mounts (`<host dir>:<mountPath>`) for a resource that runs as a container on the
 * local stage: each mount's folder under `.nxstack/<stage>/volumes/<project>/` (created on first
 * use, kept between runs), at the path the resource mounts it on AWS.
 */
export async function localVolumeBinds(o: LocalVolumeOptions): Promise<string[]> {
  const binds: string[] = [];
  for (const mount of mountsOf(o.stack, o.resource, o.container)) {
    const dir = path.join(o.workspaceRoot, hostDir(o, mount));
    await fs.mkdir(dir, { recursive: true });
    binds.push(`${dir}:${mount.properties.mountPath}`);
  }
  return binds;
}

/**
 * A resource that runs as a host process cannot see its volumes at their mount paths (a path
 * under /mnt of this machine is not nxstack's to create): refuse to run it rather than run it
 * with the path missing.
 */
export function refuseVolumesOnHost(o: Pick<LocalVolumeOptions, 'stack' | 'resource'>, how: string): void {
  const mounts = mountsOf(o.stack, o.resource);
  if (!mounts.length) return;
  throw new NxstackError('NXS_VOLUME_MOUNT_UNAVAILABLE_LOCALLY', `'${o.resource}' mounts ${mounts.map((m) => m.properties.mountPath).join(', ')}, which ${how} cannot provide: a host process would run without ${mounts.length > 1 ? 'them' : 'it'}.`, {
    location: o.stack.locate(['resources', o.resource, 'properties', 'volumeMounts']),
    hint: 'Run it as a container (image packaging, e.g. stacktape-image-buildpack, with a Docker engine): its volumes are then local folders under .nxstack/local/volumes/ bound at their mount paths. Or invoke the deployed resource with --stage <aws stage>.',
  });
}
