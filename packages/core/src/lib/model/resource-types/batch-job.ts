import { z } from 'zod';
import { connectToSchema, environmentSchema, iamRoleStatementsSchema, loggingSchema, overridesSchema } from '../common-schemas';
import { notSupportedYet } from '../not-supported-yet';
import { imagePackagingSchema } from '../packaging';
import { containerResourcesSchema } from './container-workloads';

export const batchJobPropertiesSchema = z.strictObject({
  container: z.strictObject({
    packaging: imagePackagingSchema,
    environment: environmentSchema.optional(),
  }),
  /** Fargate sizes, as for services (`cpu` in vCPUs or units). */
  resources: containerResourcesSchema.extend({ gpu: notSupportedYet('batch-job resources.gpu') }),
  /** Seconds before AWS Batch stops an attempt. */
  timeout: z.number().int().min(60).max(1209600).optional(),
  retryConfig: z
    .strictObject({
      attempts: z.number().int().min(0).max(9).default(0),
      retryIntervalSeconds: z.number().int().min(1).default(1),
      retryIntervalMultiplier: z.number().min(1).default(1),
    })
    .optional(),
  connectTo: connectToSchema.optional(),
  iamRoleStatements: iamRoleStatementsSchema.optional(),
  logging: loggingSchema.optional(),
  useSpotInstances: notSupportedYet('batch-job useSpotInstances', { allowed: false }),
  events: notSupportedYet('batch-job events'),
});

export const BATCH_JOB_PARAMS = ['jobDefinitionArn', 'stateMachineArn'] as const;

export const batchJobResourceType = { type: 'batch-job', propertiesSchema: batchJobPropertiesSchema, params: BATCH_JOB_PARAMS } as const;
export const batchJobResourceSchema = z.strictObject({ type: z.literal('batch-job'), properties: batchJobPropertiesSchema, overrides: overridesSchema.optional() });
export type BatchJobProperties = z.output<typeof batchJobPropertiesSchema>;
