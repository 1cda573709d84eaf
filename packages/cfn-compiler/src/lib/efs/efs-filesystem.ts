import type { EfsFilesystemProperties } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, ref, type ResourceTypeModule } from '../resource-types/resource-type';
import { ensureSharedVpc } from '../vpc/shared-vpc';

/** NFS: the only port a mount target needs open, and only to the resources that mount it. */
export const NFS_PORT = 2049;

export function efsIds(name: string) {
  return {
    fileSystem: logicalId(name, 'FileSystem'),
    securityGroup: logicalId(name, 'SecurityGroup'),
    mountTargets: [logicalId(name, 'MountTarget1'), logicalId(name, 'MountTarget2')],
  };
}

/**
 * `type: efs-filesystem` — an encrypted EFS file system with one mount target in each subnet of
 * the shared VPC and a security group that admits NFS only from the resources that mount it
 * (each mount adds its own ingress rule, see volume-mount-access.ts). Throughput mode and
 * backups as Stacktape sets them (elastic by default).
 */
export const efsFilesystemType: ResourceTypeModule<EfsFilesystemProperties | undefined> = {
  type: 'efs-filesystem',
  params: {
    arn: (name) => getAtt(efsIds(name).fileSystem, 'Arn'),
    id: (name) => ref(efsIds(name).fileSystem),
  },
  outputs: { Arn: 'arn', Id: 'id' },
  compile(ctx) {
    const ids = efsIds(ctx.name);
    const p = ctx.properties ?? {};
    const vpc = ensureSharedVpc(ctx.builder);
    const mode = p.throughputMode ?? 'elastic';
    const fs: Record<string, unknown> = {
      Encrypted: true,
      PerformanceMode: 'generalPurpose',
      ThroughputMode: mode,
      FileSystemTags: [{ Key: 'Name', Value: `${ctx.projectName}-${ctx.stage}-${ctx.name}` }],
    };
    if (mode === 'provisioned') fs.ProvisionedThroughputInMibps = p.provisionedThroughputInMibps;
    if (p.backupEnabled) fs.BackupPolicy = { Status: 'ENABLED' };
    ctx.builder.addResource(ids.fileSystem, { Type: 'AWS::EFS::FileSystem', DeletionPolicy: 'Delete', UpdateReplacePolicy: 'Delete', Properties: fs }, ctx.origin);
    ctx.builder.addResource(ids.securityGroup, {
      Type: 'AWS::EC2::SecurityGroup',
      Properties: { GroupDescription: `EFS file system ${ctx.name} (NFS from the resources that mount it)`, VpcId: vpc.vpcId },
    }, ctx.origin);
    ids.mountTargets.forEach((id, i) => {
      ctx.builder.addResource(id, {
        Type: 'AWS::EFS::MountTarget',
        Properties: { FileSystemId: ref(ids.fileSystem), SubnetId: vpc.publicSubnetIds[i], SecurityGroups: [getAtt(ids.securityGroup, 'GroupId')] },
      }, ctx.origin);
    });
  },
};
