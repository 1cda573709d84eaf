import type { ContainerEfsMount } from '@nxstack/core';
import { efsClientStatement, efsMountAccess } from '../efs/volume-mount-access';
import type { ResourceCompileContext, StackPath } from '../resource-types/resource-type';
import { workloadIds } from './container-workload';

/** The `volumeMounts` of one container of the task, and where they are written in stack.yml. */
export interface ContainerMountSet {
  readonly mounts: readonly ContainerEfsMount[];
  readonly at: StackPath;
}

export interface ContainerVolumes {
  /** Task definition `Volumes`. */
  readonly volumes: unknown[];
  /** Each container's `MountPoints`, in the order of the mount sets. */
  readonly mountPoints: unknown[][];
  /** Task role statements (mounting through the access points with IAM authorization). */
  readonly statements: unknown[];
  readonly dependsOn: string[];
}

/** A single-container service's `volumeMounts`, as its one mount set. */
export function serviceMountSet(ctx: ResourceCompileContext): ContainerMountSet {
  return { mounts: (ctx.properties.volumeMounts ?? []) as ContainerEfsMount[], at: [...ctx.path, 'properties', 'volumeMounts'] };
}

/**
 * The containers' `volumeMounts` (`type: efs`) as Fargate EFS volumes of their task: TLS in
 * transit and IAM authorization through an access point per mount (numbered across the task's
 * containers), the service depending on the mount targets. A service has one container; each
 * container of a multi-container workload mounts its own.
 */
export function compileContainerVolumes(ctx: ResourceCompileContext, sets: readonly ContainerMountSet[]): ContainerVolumes {
  const out = { volumes: [] as unknown[], statements: [] as unknown[], dependsOn: new Set<string>() };
  const accessPoints: string[] = [];
  const fileSystems: string[] = [];
  let n = 0;
  const mountPoints = sets.map((set) =>
    set.mounts.map((mount, i) => {
      n += 1;
      const access = efsMountAccess(ctx, mount, [...set.at, i], n, workloadIds(ctx.name).securityGroup);
      const name = `volume${n}`;
      out.volumes.push({
        Name: name,
        EFSVolumeConfiguration: { FilesystemId: access.fileSystemId, TransitEncryption: 'ENABLED', AuthorizationConfig: { AccessPointId: { Ref: access.accessPointId }, IAM: 'ENABLED' } },
      });
      access.mountTargetIds.forEach((id) => out.dependsOn.add(id));
      accessPoints.push(access.accessPointId);
      fileSystems.push(mount.properties.efsFilesystemName);
      return { SourceVolume: name, ContainerPath: mount.properties.mountPath, ReadOnly: false };
    }),
  );
  if (accessPoints.length) out.statements.push(efsClientStatement(accessPoints, fileSystems));
  return { ...out, mountPoints, dependsOn: [...out.dependsOn] };
}
