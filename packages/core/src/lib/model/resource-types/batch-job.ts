import { z } from 'zod';
import { connectToSchema, environmentSchema, iamRoleStatementsSchema, loggingSchema, overridesSchema } from '../common-schemas';
import { addNotSupportedYetIssue } from '../not-supported-yet';
import { eventBusIntegrationSchema, s3IntegrationSchema, scheduleIntegrationSchema } from './function-events';
import { imagePackagingSchema } from '../packaging';
import { containerResourcesSchema } from './container-workloads';

/** Stacktape's other batch-job event types: one located not-supported-yet error each. */
const BATCH_EVENTS_NOT_YET = ['http-api-gateway', 'sns', 'sqs', 'kinesis-stream', 'dynamo-db-stream', 'cloudwatch-log', 'application-load-balancer'] as const;

export const batchJobEventSchema = z.discriminatedUnion('type', [
  scheduleIntegrationSchema,
  eventBusIntegrationSchema,
  s3IntegrationSchema,
  ...BATCH_EVENTS_NOT_YET.map((t) => z.looseObject({ type: z.literal(t) }).superRefine((_v, ctx) => addNotSupportedYetIssue(ctx, `batch-job event type '${t}'`, ['type']))),
]);

export const batchJobPropertiesSchema = z.strictObject({
  container: z.strictObject({
    packaging: imagePackagingSchema,
    environment: environmentSchema.optional(),
  }),
  /** Fargate sizes, as for services (`cpu` in vCPUs or units). */
  /** `gpu`: NVIDIA GPUs per job; the job then runs on EC2 GPU instances (Fargate has none). */
  resources: containerResourcesSchema.extend({ gpu: z.number().int().min(1).max(8).optional() }),
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
  /** Run on Spot capacity (Fargate Spot, or EC2 Spot for GPU jobs). Default false. */
  useSpotInstances: z.boolean().optional(),
  /** What starts the job's state machine (EventBridge rules targeting it). */
  events: z.array(batchJobEventSchema).optional(),
});

export const BATCH_JOB_PARAMS = ['jobDefinitionArn', 'stateMachineArn'] as const;

export const batchJobResourceType = { type: 'batch-job', propertiesSchema: batchJobPropertiesSchema, params: BATCH_JOB_PARAMS } as const;
export const batchJobResourceSchema = z.strictObject({ type: z.literal('batch-job'), properties: batchJobPropertiesSchema, overrides: overridesSchema.optional() });
export type BatchJobProperties = z.output<typeof batchJobPropertiesSchema>;

/**
 * A batch job with GPUs or on Spot runs on EC2 instances (Fargate has no GPUs; Stacktape runs
 * Spot jobs on EC2 with any cpu/memory); any other job on Fargate, with Fargate's sizes.
 */
export function batchJobRunsOnEc2(props: { resources?: { gpu?: number }; useSpotInstances?: boolean }): boolean {
  return Boolean(props.resources?.gpu) || props.useSpotInstances === true;
}

/** `resources.cpu` of an EC2 batch job as whole vCPUs (values from 256 up are CPU units); undefined when it is not one. */
export function ec2BatchVcpus(cpu: number): number | undefined {
  const vcpus = cpu < 256 ? cpu : cpu / 1024;
  return Number.isInteger(vcpus) && vcpus >= 1 ? vcpus : undefined;
}
