import { z } from 'zod';
import {
  connectToSchema,
  environmentSchema,
  iamRoleStatementsSchema,
  lambdaMemorySchema,
  lambdaRuntimeSchema,
  lambdaStorageSchema,
  lambdaTimeoutSchema,
} from '../common-schemas';
import { lambdaPackagingSchema } from '../packaging';

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
  packaging: lambdaPackagingSchema,
  runtime: lambdaRuntimeSchema.optional(),
  architecture: z.enum(['x86_64', 'arm64']).default('x86_64'),
  timeout: lambdaTimeoutSchema.default(10),
  memory: lambdaMemorySchema.default(1024),
  storage: lambdaStorageSchema.optional(),
  environment: environmentSchema.optional(),
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
  // Typed by the events issue; each item is one integration object for now.
  events: z.array(z.record(z.string(), z.unknown())).optional(),
  url: functionUrlSchema.optional(),
});

/** Params `$ResourceParam('<function>', '<param>')` may name. */
export const FUNCTION_PARAMS = ['arn', 'name', 'logGroupArn'] as const;

export const functionResourceType = {
  type: 'function',
  propertiesSchema: functionPropertiesSchema,
  params: FUNCTION_PARAMS,
} as const;

export type FunctionProperties = z.output<typeof functionPropertiesSchema>;
