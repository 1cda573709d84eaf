import { z } from 'zod';
import { overridesSchema } from '../common-schemas';
import { bucketResourceType } from './bucket';
import { deploymentScriptResourceType } from './deployment-script';
import { edgeLambdaFunctionResourceType } from './edge-lambda-function';
import { functionResourceType } from './function';
import { layerImageResourceType } from './layer-images';
import { batchJobResourceSchema, batchJobResourceType } from './batch-job';
import { privateServiceResourceSchema, privateServiceResourceType, webServiceResourceSchema, webServiceResourceType, workerServiceResourceSchema, workerServiceResourceType } from './container-workloads';
import { httpApiGatewayResourceSchema, httpApiGatewayResourceType } from './http-api-gateway';
import { hostingBucketResourceType } from './hosting-bucket';
import { DATA_RESOURCE_SCHEMAS, DATA_RESOURCE_TYPE_DEFINITIONS } from './data-resources';
import { applicationLoadBalancerResourceSchema, applicationLoadBalancerResourceType, networkLoadBalancerResourceSchema, networkLoadBalancerResourceType } from './load-balancers';
import { multiContainerWorkloadResourceSchema, multiContainerWorkloadResourceType } from './multi-container-workload';
import { webAppFirewallResourceSchema, webAppFirewallResourceType } from './web-app-firewall';
import { customResourceDefinitionResourceSchema, customResourceDefinitionResourceType, customResourceInstanceResourceSchema, customResourceInstanceResourceType } from './custom-resources';

export * from './bucket';
export * from './deployment-script';
export * from './edge-lambda-function';
export * from './function';
export * from './layer-images';
export * from './function-events';
export * from './container-workloads';
export * from './batch-job';
export * from './http-api-gateway';
export * from './hosting-bucket';
export * from './data-resources';
export * from './load-balancers';
export * from './multi-container-workload';
export * from './custom-resources';
export * from './web-app-firewall';

/** What a resource type contributes to the model. New types: add a file and list it below. */
export interface ResourceTypeDefinition {
  readonly type: string;
  readonly propertiesSchema: z.ZodObject;
  /** Names accepted as the second argument of `$ResourceParam('<resource>', '<param>')`. */
  readonly params: readonly string[];
  /** Set when any param name is accepted (what it names, for messages): a custom resource's answered Data. */
  readonly anyParam?: string;
}

export const RESOURCE_TYPE_DEFINITIONS = [functionResourceType, layerImageResourceType, bucketResourceType, deploymentScriptResourceType, webServiceResourceType, privateServiceResourceType, workerServiceResourceType, batchJobResourceType, httpApiGatewayResourceType, hostingBucketResourceType, applicationLoadBalancerResourceType, networkLoadBalancerResourceType, multiContainerWorkloadResourceType, customResourceDefinitionResourceType, customResourceInstanceResourceType, webAppFirewallResourceType, edgeLambdaFunctionResourceType, ...DATA_RESOURCE_TYPE_DEFINITIONS] as const;

export const RESOURCE_TYPES: readonly string[] = RESOURCE_TYPE_DEFINITIONS.map((d) => d.type);

/** Types backed by one Lambda of their own (zip or image), packaged and compiled as a function is. */
export const LAMBDA_RESOURCE_TYPES: readonly string[] = [functionResourceType.type, deploymentScriptResourceType.type, customResourceDefinitionResourceType.type];

export function isLambdaResourceType(type: string): boolean {
  return LAMBDA_RESOURCE_TYPES.includes(type);
}

export function resourceTypeDefinition(type: string): ResourceTypeDefinition | undefined {
  return (RESOURCE_TYPE_DEFINITIONS as readonly ResourceTypeDefinition[]).find((d) => d.type === type);
}

// One `{ type, properties, overrides }` schema per type; written out so TypeScript keeps each
// type's properties apart (a generic helper widened them to a union).
export const functionResourceSchema = z.strictObject({
  type: z.literal(functionResourceType.type),
  properties: functionResourceType.propertiesSchema,
  overrides: overridesSchema.optional(),
});
export const layerImageResourceSchema = z.strictObject({
  type: z.literal(layerImageResourceType.type),
  properties: layerImageResourceType.propertiesSchema,
  overrides: overridesSchema.optional(),
});
export const bucketResourceSchema = z.strictObject({
  type: z.literal(bucketResourceType.type),
  properties: bucketResourceType.propertiesSchema.optional(),
  overrides: overridesSchema.optional(),
});
export const hostingBucketResourceSchema = z.strictObject({
  type: z.literal(hostingBucketResourceType.type),
  properties: hostingBucketResourceType.propertiesSchema,
  overrides: overridesSchema.optional(),
});
export const deploymentScriptResourceSchema = z.strictObject({
  type: z.literal(deploymentScriptResourceType.type),
  properties: deploymentScriptResourceType.propertiesSchema,
  overrides: overridesSchema.optional(),
});

export const edgeLambdaFunctionResourceSchema = z.strictObject({
  type: z.literal(edgeLambdaFunctionResourceType.type),
  properties: edgeLambdaFunctionResourceType.propertiesSchema,
  overrides: overridesSchema.optional(),
});

export const resourceSchemaUnion = z.discriminatedUnion('type', [functionResourceSchema, layerImageResourceSchema, bucketResourceSchema, deploymentScriptResourceSchema, webServiceResourceSchema, privateServiceResourceSchema, workerServiceResourceSchema, batchJobResourceSchema, httpApiGatewayResourceSchema, hostingBucketResourceSchema, applicationLoadBalancerResourceSchema, networkLoadBalancerResourceSchema, multiContainerWorkloadResourceSchema, customResourceDefinitionResourceSchema, customResourceInstanceResourceSchema, webAppFirewallResourceSchema, edgeLambdaFunctionResourceSchema, ...DATA_RESOURCE_SCHEMAS]);

export type FunctionResource = z.output<typeof functionResourceSchema>;
export type BucketResource = z.output<typeof bucketResourceSchema>;
export type DeploymentScriptResource = z.output<typeof deploymentScriptResourceSchema>;
export type StackResource = z.output<typeof resourceSchemaUnion>;
export type ResourceType = StackResource['type'];
