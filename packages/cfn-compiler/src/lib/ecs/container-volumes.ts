import type { ContainerEfsMount } from '@nxstack/core';
import { efsClientStatement, efsMountAccess } from '../efs/volume-mount-access';
import type { ResourceCompileContext } from '../resource-types/resource-type';
import { workloadIds } from './container-workload';

export interface ContainerVolumes {
  /** Task definition `Volumes`. */
  readonly volumes: unknown[];
  /** The container's `MountPoints`. */
  readonly mountPoints: unknown[];
  /** Task role statements (mounting through the access points with IAM authorization). */
  readonly statements: unknown[];
  readonly dependsOn: string[];
}

/**
 * A service's `volumeMounts` (`type: efs`) as Fargate EFS volumes: TLS in transit and IAM
 * authorization through an access point per mount, the service depending on the mount targets.
 */
export function compileContainerVolumes(ctx: ResourceCompileContext): ContainerVolumes {
  const mounts = (ctx.properties.volumeMounts ?? []) as ContainerEfsMount[];
  const out = { volumes: [] as unknown[], mountPoints: [] as unknown[], statements: [] as unknown[], dependsOn: new Set<string>() };
  const accessPoints: string[] = [];
  mounts.forEach((mount, i) => {
    const access = efsMountAccess(ctx, mount, [...ctx.path, 'properties', 'volumeMounts', i], i + 1, workloadIds(ctx.name).securityGroup);
    const name = `volume${i + 1}`;
    out.volumes.push({
      Name: name,
      EFSVolumeConfiguration: { FilesystemId: access.fileSystemId, TransitEncryption: 'ENABLED', AuthorizationConfig: { AccessPointId: { Ref: access.accessPointId }, IAM: 'ENABLED' } },
    });
    out.mountPoints.push({ SourceVolume: name, ContainerPath: mount.properties.mountPath, ReadOnly: false });
    access.mountTargetIds.forEach((id) => out.dependsOn.add(id));
    accessPoints.push(access.accessPointId);
  });
  if (accessPoints.length) out.statements.push(efsClientStatement(accessPoints, mounts.map((m) => m.properties.efsFilesystemName)));
  return { ...out, dependsOn: [...out.dependsOn] };
}
