import { z } from 'zod';
import {
  connectToSchema,
  environmentSchema,
  iamRoleStatementsSchema,
  lambdaMemorySchema,
  lambdaRuntimeSchema,
  lambdaTimeoutSchema,
  overridesSchema,
} from '../common-schemas';
import { lambdaPackagingSchema } from '../packaging';

/**
 * `type: custom-resource-definition` (Stacktape's CustomResourceDefinitionProps): the Lambda
 * CloudFormation invokes for each custom-resource-instance. The handler speaks CloudFormation's
 * custom resource protocol itself (it answers the event's ResponseURL), as under Stacktape.
 * Defaults as Stacktape's: timeout 10; memory as a function's.
 */
export const customResourceDefinitionPropertiesSchema = z.strictObject({
  packaging: lambdaPackagingSchema,
  runtime: lambdaRuntimeSchema.optional(),
  timeout: lambdaTimeoutSchema.default(10),
  memory: lambdaMemorySchema.default(1024),
  environment: environmentSchema.optional(),
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
});

/** The backing Lambda function's ARN. */
export const CUSTOM_RESOURCE_DEFINITION_PARAMS = ['arn'] as const;

export const customResourceDefinitionResourceType = {
  type: 'custom-resource-definition',
  propertiesSchema: customResourceDefinitionPropertiesSchema,
  params: CUSTOM_RESOURCE_DEFINITION_PARAMS,
} as const;

/**
 * `type: custom-resource-instance`: one custom resource served by `definitionName`'s function,
 * which receives `resourceProperties` (directives resolved) as the event's ResourceProperties.
 */
export const customResourceInstancePropertiesSchema = z.strictObject({
  definitionName: z.string().min(1),
  resourceProperties: z.record(z.string(), z.unknown()),
});

export const customResourceInstanceResourceType = {
  type: 'custom-resource-instance',
  propertiesSchema: customResourceInstancePropertiesSchema,
  params: [] as readonly string[],
  /**
   * nxstack's addition: `$ResourceParam('<instance>', '<key>')` is the key of the `Data` the
   * definition's function answered (Fn::GetAtt), whatever the key is.
   */
  anyParam: 'a key of the Data its custom-resource-definition answers',
} as const;

export const customResourceDefinitionResourceSchema = z.strictObject({
  type: z.literal(customResourceDefinitionResourceType.type),
  properties: customResourceDefinitionPropertiesSchema,
  overrides: overridesSchema.optional(),
});
export const customResourceInstanceResourceSchema = z.strictObject({
  type: z.literal(customResourceInstanceResourceType.type),
  properties: customResourceInstancePropertiesSchema,
  overrides: overridesSchema.optional(),
});

export type CustomResourceDefinitionProperties = z.output<typeof customResourceDefinitionPropertiesSchema>;
export type CustomResourceInstanceProperties = z.output<typeof customResourceInstancePropertiesSchema>;
