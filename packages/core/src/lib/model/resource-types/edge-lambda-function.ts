import { z } from 'zod';
import { connectToSchema, iamRoleStatementsSchema, loggingSchema } from '../common-schemas';
import { lambdaPackagingSchema } from '../packaging';

// Stacktape's `edge-lambda-function` (types/stacktape-config/edge-lambda-functions.d.ts): a Lambda@Edge
// function a CDN runs on its requests/responses (`edgeFunctions.onRequest: <name>`). Lambda@Edge
// lives in us-east-1, runs x86_64 only, has no environment variables, VPC or layers.

/** The runtimes Lambda@Edge accepts, as Stacktape lists them. */
export const EDGE_LAMBDA_RUNTIMES = ['nodejs24.x', 'nodejs22.x', 'nodejs20.x', 'nodejs18.x', 'python3.13', 'python3.12', 'python3.11', 'python3.10', 'python3.9', 'python3.8'] as const;

/** Lambda@Edge limits per trigger: viewer triggers 128 MB / 5 s, origin triggers 10,240 MB / 30 s. */
export const EDGE_LAMBDA_LIMITS = {
  viewer: { memory: 128, timeout: 5 },
  origin: { memory: 10240, timeout: 30 },
} as const;

export const edgeLambdaFunctionPropertiesSchema = z.strictObject({
  packaging: lambdaPackagingSchema,
  /** Default: the packager's default for the entry file's language. */
  runtime: z.enum(EDGE_LAMBDA_RUNTIMES).optional(),
  /** MB; default 128 (the most a viewer trigger allows). */
  memory: z.number().int().min(128).max(EDGE_LAMBDA_LIMITS.origin.memory).default(128),
  /** Seconds; default 3. */
  timeout: z.number().int().min(1).max(EDGE_LAMBDA_LIMITS.origin.timeout).default(3),
  /** IAM permissions only: an edge function gets no environment variables and no VPC. */
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
  /**
   * Lambda@Edge logs to `/aws/lambda/us-east-1.<function>` in each region it ran in: deploy sets
   * retentionDays on that group in every region with a regional edge cache, or (`disabled`)
   * deletes them and leaves the function no permission to write logs.
   */
  logging: loggingSchema.extend({ disabled: z.boolean().optional() }).optional(),
});

/** The published version's ARN (what CloudFront associates). */
export const EDGE_LAMBDA_FUNCTION_PARAMS = ['arn'] as const;

export const edgeLambdaFunctionResourceType = {
  type: 'edge-lambda-function',
  propertiesSchema: edgeLambdaFunctionPropertiesSchema,
  params: EDGE_LAMBDA_FUNCTION_PARAMS,
} as const;

export type EdgeLambdaFunctionProperties = z.output<typeof edgeLambdaFunctionPropertiesSchema>;
