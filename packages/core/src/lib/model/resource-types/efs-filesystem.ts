import { z } from 'zod';
import { valueCheck } from '../value-check';

/** `type: efs-filesystem`: an encrypted EFS file system in the stack's shared VPC, mounted through `volumeMounts`. */
export const efsFilesystemPropertiesSchema = z
  .strictObject({
    /** Daily AWS Backup of the file system. Default false. */
    backupEnabled: z.boolean().optional(),
    /** Default `elastic`. */
    throughputMode: z.enum(['elastic', 'provisioned', 'bursting']).optional(),
    /** MiB/s; required with (and only with) `throughputMode: provisioned`. */
    provisionedThroughputInMibps: z.number().min(1).max(3414).optional(),
  })
  .check(
    valueCheck((p: { throughputMode?: unknown; provisionedThroughputInMibps?: unknown } | null) => {
      if (!p) return [];
      if (p.throughputMode === 'provisioned' && p.provisionedThroughputInMibps === undefined) {
        return [{ code: 'NXS_MISSING_PROPERTY', message: 'throughputMode provisioned needs provisionedThroughputInMibps', hint: 'Set provisionedThroughputInMibps (MiB/s), or use throughputMode elastic.', path: ['provisionedThroughputInMibps'] }];
      }
      if (p.throughputMode !== 'provisioned' && p.provisionedThroughputInMibps !== undefined) {
        return [{ code: 'NXS_INVALID_VALUE', message: 'provisionedThroughputInMibps applies only to throughputMode provisioned', hint: "Set throughputMode: provisioned, or remove provisionedThroughputInMibps.", path: ['provisionedThroughputInMibps'] }];
      }
      return [];
    }),
  );

export const EFS_FILESYSTEM_PARAMS = ['arn', 'id'] as const;

export const efsFilesystemResourceType = { type: 'efs-filesystem', propertiesSchema: efsFilesystemPropertiesSchema, params: EFS_FILESYSTEM_PARAMS } as const;
export type EfsFilesystemProperties = z.output<typeof efsFilesystemPropertiesSchema>;
