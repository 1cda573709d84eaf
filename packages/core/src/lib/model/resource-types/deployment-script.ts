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

export const deploymentScriptPropertiesSchema = z.strictObject({
  trigger: z.enum(['after:deploy', 'before:delete']),
  packaging: lambdaPackagingSchema,
  runtime: lambdaRuntimeSchema.optional(),
  architecture: z.enum(['x86_64', 'arm64']).default('x86_64'),
  memory: lambdaMemorySchema.default(1024),
  timeout: lambdaTimeoutSchema.default(10),
  storage: lambdaStorageSchema.default(512),
  environment: environmentSchema.optional(),
  // Any YAML value, passed as the handler's event (directives resolved, $Secret rejected).
  parameters: z.unknown().optional(),
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
  joinDefaultVpc: z.boolean().optional(),
});

/** The backing Lambda function's ARN. */
export const DEPLOYMENT_SCRIPT_PARAMS = ['arn'] as const;

export const deploymentScriptResourceType = {
  type: 'deployment-script',
  propertiesSchema: deploymentScriptPropertiesSchema,
  params: DEPLOYMENT_SCRIPT_PARAMS,
} as const;

export type DeploymentScriptProperties = z.output<typeof deploymentScriptPropertiesSchema>;
