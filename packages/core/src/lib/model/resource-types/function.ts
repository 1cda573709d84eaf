import { z } from 'zod';
import {
  connectToSchema,
  environmentSchema,
  iamRoleStatementsSchema,
  lambdaMemorySchema,
  lambdaRuntimeSchema,
  lambdaStorageSchema,
  lambdaTimeoutSchema,
  stringOrDirective,
} from '../common-schemas';
import { valueCheck, type ValueProblem } from '../value-check';
import { imagePackagingSchema, lambdaPackagingSchema } from '../packaging';
import { functionEventSchema } from './function-events';
import { lambdaVolumeMountSchema } from './volume-mounts';
import { layerImageEntrySchema } from './layer-images';

/** Zip packagings, or a container image (PackageType Image). */
export const functionPackagingSchema = z.discriminatedUnion('type', [...lambdaPackagingSchema.options, ...imagePackagingSchema.options]);

const functionUrlCorsSchema = z.strictObject({
  enabled: z.boolean(),
  allowedOrigins: z.array(z.string()).optional(),
  allowedHeaders: z.array(z.string()).optional(),
  allowedMethods: z.array(z.string()).optional(),
  allowCredentials: z.boolean().optional(),
  exposedResponseHeaders: z.array(z.string()).optional(),
  maxAge: z.number().int().optional(),
});

export const functionUrlSchema = z.strictObject({
  enabled: z.boolean(),
  authMode: z.enum(['AWS_IAM', 'NONE']).optional(),
  cors: functionUrlCorsSchema.optional(),
  responseStreamEnabled: z.boolean().optional(),
});

export const functionPropertiesSchema = z.strictObject({
  packaging: functionPackagingSchema,
  runtime: lambdaRuntimeSchema.optional(),
  architecture: z.enum(['x86_64', 'arm64']).default('x86_64'),
  timeout: lambdaTimeoutSchema.default(10),
  memory: lambdaMemorySchema.default(1024),
  storage: lambdaStorageSchema.default(512),
  environment: environmentSchema.optional(),
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
  events: z.array(functionEventSchema).optional(),
  url: functionUrlSchema.optional(),
  /** Put the function into the stack's shared VPC (public subnets, own security group). */
  joinDefaultVpc: z.boolean().optional(),
  /**
   * Lambda layers: version ARNs, `s3://` zips or local folders/zips (zip functions get ARNs as
   * Lambda Layers; image functions get every layer merged into /opt), or `{ image }`: a layer
   * image whose /opt an image function receives (layer-images.ts).
   */
  layers: z.array(z.union([stringOrDirective, layerImageEntrySchema])).max(5).optional(),
  /** EFS file systems of this stack / S3 Files access points, mounted under /mnt (needs joinDefaultVpc). */
  volumeMounts: z.array(lambdaVolumeMountSchema).optional(),
}).check(
  // Lambda reaches a file system only from inside a VPC: never move the function there silently.
  valueCheck((p: { volumeMounts?: unknown; joinDefaultVpc?: unknown } | null) => {
    const mounts = p && Array.isArray(p.volumeMounts) ? p.volumeMounts : [];
    const problems: ValueProblem[] = [];
    if (mounts.length > 0 && p?.joinDefaultVpc !== true) {
      problems.push({ code: 'NXS_VOLUME_MOUNT_INVALID', message: 'volumeMounts need the function in the VPC (joinDefaultVpc: true)', hint: 'Add joinDefaultVpc: true: Lambda mounts EFS and S3 Files only from inside a VPC (the function then reaches the internet only through VPC endpoints).', path: ['volumeMounts'] });
    }
    if (mounts.length > 1) {
      problems.push({ code: 'NXS_VOLUME_MOUNT_INVALID', message: `Lambda mounts one file system per function; volumeMounts has ${mounts.length}`, hint: 'Keep one mount; mount a subdirectory of a shared efs-filesystem with rootDirectory, or split the function.', path: ['volumeMounts', 1] });
    }
    return problems;
  }),
);

/** Params `$ResourceParam('<function>', '<param>')` may name (`url` needs `url.enabled`). */
export const FUNCTION_PARAMS = ['arn', 'name', 'logGroupArn', 'url'] as const;

export const functionResourceType = {
  type: 'function',
  propertiesSchema: functionPropertiesSchema,
  params: FUNCTION_PARAMS,
} as const;

export type FunctionProperties = z.output<typeof functionPropertiesSchema>;
