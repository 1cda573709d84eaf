import type { ContainerEfsMount, LambdaVolumeMount } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, type ResourceCompileContext, type StackPath } from '../resource-types/resource-type';
import { stackTargetParam } from '../resource-types/stack-target';
import { efsIds, NFS_PORT } from './efs-filesystem';

type EfsMount = Extract<LambdaVolumeMount, { type: 'efs' }> | ContainerEfsMount;

export interface EfsMountAccess {
  readonly fileSystemId: unknown;
  readonly accessPointId: string;
  /** What a mounting resource must DependsOn: a mount needs a mount target in its subnet. */
  readonly mountTargetIds: readonly string[];
}

/**
 * The NFS ingress rules already in each template, by mounting resource and file system: EC2 refuses
 * a second identical rule (InvalidPermission.Duplicate), so a resource mounting one file system twice
 * (two containers of a workload, two folders) gets one rule, named after its first mount.
 */
const nfsIngressOf = new WeakMap<object, Set<string>>();

/**
 * What one `type: efs` volume mount of resource `ctx` needs: the named efs-filesystem of this
 * stack (else NXS_VOLUME_MOUNT_INVALID at the name), an access point rooted at `rootDirectory`
 * (created with owner 1000:1000 when it is not `/`, as Stacktape does), and an NFS ingress rule
 * from the mounting resource's security group into the file system's.
 */
export function efsMountAccess(ctx: ResourceCompileContext, mount: EfsMount, path: StackPath, n: number, sourceSecurityGroupId: string): EfsMountAccess {
  const fsName = mount.properties.efsFilesystemName;
  const fileSystemId = stackTargetParam(ctx, fsName, ['efs-filesystem'], 'id', [...path, 'properties', 'efsFilesystemName'], 'NXS_VOLUME_MOUNT_INVALID');
  const ids = efsIds(fsName);
  const root = mount.properties.rootDirectory ?? '/';
  const rootDirectory: Record<string, unknown> = { Path: root };
  if (root !== '/') rootDirectory.CreationInfo = { OwnerUid: '1000', OwnerGid: '1000', Permissions: '0755' };
  const accessPointId = logicalId(ctx.name, `VolumeAccessPoint${n}`);
  ctx.builder.addResource(accessPointId, {
    Type: 'AWS::EFS::AccessPoint',
    Properties: { FileSystemId: fileSystemId, RootDirectory: rootDirectory, PosixUser: root === '/' ? { Uid: '0', Gid: '0' } : { Uid: '1000', Gid: '1000' } },
  }, ctx.origin);
  const rules = nfsIngressOf.get(ctx.builder) ?? new Set<string>();
  nfsIngressOf.set(ctx.builder, rules);
  const rule = `${ctx.name}\0${fsName}`;
  if (!rules.has(rule)) {
    rules.add(rule);
    ctx.builder.addResource(logicalId(ctx.name, `VolumeNfsIngress${n}`), {
      Type: 'AWS::EC2::SecurityGroupIngress',
      Properties: {
        GroupId: getAtt(ids.securityGroup, 'GroupId'),
        SourceSecurityGroupId: getAtt(sourceSecurityGroupId, 'GroupId'),
        IpProtocol: 'tcp',
        FromPort: NFS_PORT,
        ToPort: NFS_PORT,
        Description: `NFS from ${ctx.name}`,
      },
    }, ctx.origin);
  }
  return { fileSystemId, accessPointId, mountTargetIds: ids.mountTargets };
}

/** Mount and write through the access points (the file system's policy-free default lets IAM decide). */
export function efsClientStatement(accessPointIds: readonly string[], fileSystemNames: readonly string[]): Record<string, unknown> {
  return {
    Effect: 'Allow',
    Action: ['elasticfilesystem:ClientMount', 'elasticfilesystem:ClientWrite'],
    Resource: [...new Set(fileSystemNames)].map((fs) => getAtt(efsIds(fs).fileSystem, 'Arn')),
    Condition: { StringEquals: { 'elasticfilesystem:AccessPointArn': accessPointIds.map((id) => getAtt(id, 'Arn')) } },
  };
}
