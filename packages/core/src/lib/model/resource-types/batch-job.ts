import { z } from 'zod';
import { connectToSchema, environmentSchema, iamRoleStatementsSchema, loggingSchema, overridesSchema } from '../common-schemas';
import {
  cloudwatchLogIntegrationSchema,
  dynamoDbIntegrationSchema,
  eventBusIntegrationSchema,
  httpApiIntegrationSchema,
  kinesisIntegrationSchema,
  s3IntegrationSchema,
  scheduleIntegrationSchema,
  snsIntegrationSchema,
  sqsIntegrationSchema,
} from './function-events';
import { albFunctionIntegrationSchema } from './load-balancers';
import { imagePackagingSchema } from '../packaging';
import { containerResourcesSchema } from './container-workloads';

/**
 * Stacktape's batch-job events, with a function's names and defaults: schedule, event-bus and s3
 * start the job's state machine through EventBridge; the others through a small trigger
 * function of nxstack's (BATCH_TRIGGER_EVENT_TYPES) that starts it with the event as input.
 */
export const batchJobEventSchema = z.discriminatedUnion('type', [
  scheduleIntegrationSchema,
  eventBusIntegrationSchema,
  s3IntegrationSchema,
  httpApiIntegrationSchema,
  snsIntegrationSchema,
  sqsIntegrationSchema,
  kinesisIntegrationSchema,
  dynamoDbIntegrationSchema,
  cloudwatchLogIntegrationSchema,
  albFunctionIntegrationSchema,
]);

/** Batch-job event types that reach the job through its trigger function (Lambda event sources, not EventBridge). */
export const BATCH_TRIGGER_EVENT_TYPES: readonly string[] = ['http-api-gateway', 'sns', 'sqs', 'kinesis-stream', 'dynamo-db-stream', 'cloudwatch-log', 'application-load-balancer'];

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
