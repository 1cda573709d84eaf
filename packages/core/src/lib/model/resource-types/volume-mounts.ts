import { z } from 'zod';
import { stringOrDirective } from '../common-schemas';

// Stacktape's `volumeMounts`: an `efs-filesystem` of this stack (functions and container
// services), or an existing S3 Files access point (functions only).

/** A directory inside the file system; `/` (the default) is its root. */
const rootDirectorySchema = z.string().regex(/^\/[^\0]*$/, 'rootDirectory must be an absolute path inside the file system (default /)');

const efsMountProperties = {
  efsFilesystemName: z.string().min(1),
  rootDirectory: rootDirectorySchema.optional(),
};

/** Lambda mounts file systems only under /mnt/<name> (FileSystemConfig.LocalMountPath). */
export const LAMBDA_MOUNT_PATH = /^\/mnt\/[A-Za-z0-9_.-]+$/;
const lambdaMountPathSchema = z.string().regex(LAMBDA_MOUNT_PATH, 'Lambda mounts file systems only at /mnt/<name> (letters, digits, _ . -)');

export const lambdaEfsMountSchema = z.strictObject({
  type: z.literal('efs'),
  properties: z.strictObject({ ...efsMountProperties, mountPath: lambdaMountPathSchema }),
});

export const lambdaS3FilesMountSchema = z.strictObject({
  type: z.literal('s3files'),
  properties: z.strictObject({ accessPointArn: stringOrDirective, mountPath: lambdaMountPathSchema }),
});

export const lambdaVolumeMountSchema = z.discriminatedUnion('type', [lambdaEfsMountSchema, lambdaS3FilesMountSchema]);

export const containerEfsMountSchema = z.strictObject({
  type: z.literal('efs'),
  properties: z.strictObject({ ...efsMountProperties, mountPath: z.string().regex(/^\/./, 'mountPath must be an absolute path in the container') }),
});

export type LambdaVolumeMount = z.output<typeof lambdaVolumeMountSchema>;
export type ContainerEfsMount = z.output<typeof containerEfsMountSchema>;
export type VolumeMount = LambdaVolumeMount | ContainerEfsMount;
