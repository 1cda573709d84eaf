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
import { notSupportedYet } from '../not-supported-yet';
import { imagePackagingSchema, lambdaPackagingSchema } from '../packaging';
import { functionEventSchema } from './function-events';
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
  volumeMounts: notSupportedYet('function volumeMounts (EFS)'),
});

/** Params `$ResourceParam('<function>', '<param>')` may name (`url` needs `url.enabled`). */
export const FUNCTION_PARAMS = ['arn', 'name', 'logGroupArn', 'url'] as const;

export const functionResourceType = {
  type: 'function',
  propertiesSchema: functionPropertiesSchema,
  params: FUNCTION_PARAMS,
} as const;

export type FunctionProperties = z.output<typeof functionPropertiesSchema>;
