import type { LambdaVolumeMount } from '@nxstack/core';
import { logicalId } from '../logical-ids';
import { getAtt, type ResourceCompileContext } from '../resource-types/resource-type';
import { efsClientStatement, efsMountAccess } from '../efs/volume-mount-access';

export interface LambdaVolumes {
  readonly fileSystemConfigs: unknown[];
  readonly statements: unknown[];
  readonly dependsOn: string[];
}

/**
 * A function's `volumeMounts` as Lambda FileSystemConfigs: an EFS mount through an access point
 * of this stack's efs-filesystem (the function depends on its mount targets, as Lambda requires),
 * an S3 Files mount through the access point ARN given. The loader already made sure the function
 * joins the VPC and mounts under /mnt.
 */
export function compileLambdaVolumes(ctx: ResourceCompileContext): LambdaVolumes | undefined {
  const mounts = (ctx.properties.volumeMounts ?? []) as LambdaVolumeMount[];
  if (!mounts.length) return undefined;
  const fileSystemConfigs: unknown[] = [];
  const efsAccessPoints: string[] = [];
  const efsNames: string[] = [];
  const s3filesArns: unknown[] = [];
  const dependsOn = new Set<string>();
  mounts.forEach((mount, i) => {
    const path = [...ctx.path, 'properties', 'volumeMounts', i];
    if (mount.type === 'efs') {
      const access = efsMountAccess(ctx, mount, path, i + 1, logicalId(ctx.name, 'SecurityGroup'));
      access.mountTargetIds.forEach((id) => dependsOn.add(id));
      efsAccessPoints.push(access.accessPointId);
      efsNames.push(mount.properties.efsFilesystemName);
      fileSystemConfigs.push({ Arn: getAtt(access.accessPointId, 'Arn'), LocalMountPath: mount.properties.mountPath });
    } else {
      const arn = ctx.resolve(mount.properties.accessPointArn, [...path, 'properties', 'accessPointArn']);
      s3filesArns.push(arn);
      fileSystemConfigs.push({ Arn: arn, LocalMountPath: mount.properties.mountPath });
    }
  });
  const statements: unknown[] = [];
  if (efsAccessPoints.length) statements.push(efsClientStatement(efsAccessPoints, efsNames));
  // S3 Files authorizes mounts by access point (Stacktape's statement).
  if (s3filesArns.length) statements.push({ Effect: 'Allow', Action: ['s3files:ClientMount', 's3files:ClientWrite'], Resource: '*', Condition: { StringEquals: { 's3files:AccessPointArn': s3filesArns } } });
  return { fileSystemConfigs, statements, dependsOn: [...dependsOn] };
}
