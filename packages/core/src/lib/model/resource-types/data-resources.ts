import { z } from 'zod';
import { overridesSchema } from '../common-schemas';
import { dynamoDbTableResourceType } from './dynamo-db-table';
import { eventBusResourceType } from './event-bus';
import { kinesisStreamResourceType } from './kinesis-stream';
import { stateMachineResourceType } from './state-machine';
import { redisClusterResourceType } from './redis-cluster';
import { mongoDbAtlasClusterResourceType } from './mongo-db-atlas-cluster';
import { relationalDatabaseResourceType } from './relational-database';
import { snsTopicResourceType } from './sns-topic';
import { sqsQueueResourceType } from './sqs-queue';
import { userAuthPoolResourceType } from './user-auth-pool';
import { efsFilesystemResourceType } from './efs-filesystem';

export * from './dynamo-db-table';
export * from './event-bus';
export * from './kinesis-stream';
export * from './state-machine';
export * from './cdn';
export * from './redis-cluster';
export * from './mongo-db-atlas-cluster';
export * from './relational-database';
export * from './sns-topic';
export * from './sqs-queue';
export * from './user-auth-pool';
export * from './efs-filesystem';
export * from './volume-mounts';

// Data resources (issue 6): one `{ type, properties, overrides }` schema per type.
export const dynamoDbTableResourceSchema = z.strictObject({ type: z.literal('dynamo-db-table'), properties: dynamoDbTableResourceType.propertiesSchema, overrides: overridesSchema.optional() });
export const sqsQueueResourceSchema = z.strictObject({ type: z.literal('sqs-queue'), properties: sqsQueueResourceType.propertiesSchema.optional(), overrides: overridesSchema.optional() });
export const snsTopicResourceSchema = z.strictObject({ type: z.literal('sns-topic'), properties: snsTopicResourceType.propertiesSchema.optional(), overrides: overridesSchema.optional() });
export const eventBusResourceSchema = z.strictObject({ type: z.literal('event-bus'), properties: eventBusResourceType.propertiesSchema.optional(), overrides: overridesSchema.optional() });
export const relationalDatabaseResourceSchema = z.strictObject({ type: z.literal('relational-database'), properties: relationalDatabaseResourceType.propertiesSchema, overrides: overridesSchema.optional() });
export const redisClusterResourceSchema = z.strictObject({ type: z.literal('redis-cluster'), properties: redisClusterResourceType.propertiesSchema, overrides: overridesSchema.optional() });
export const mongoDbAtlasClusterResourceSchema = z.strictObject({ type: z.literal('mongo-db-atlas-cluster'), properties: mongoDbAtlasClusterResourceType.propertiesSchema, overrides: overridesSchema.optional() });
export const kinesisStreamResourceSchema = z.strictObject({ type: z.literal('kinesis-stream'), properties: kinesisStreamResourceType.propertiesSchema.optional(), overrides: overridesSchema.optional() });
export const stateMachineResourceSchema = z.strictObject({ type: z.literal('state-machine'), properties: stateMachineResourceType.propertiesSchema, overrides: overridesSchema.optional() });
export const userAuthPoolResourceSchema = z.strictObject({ type: z.literal('user-auth-pool'), properties: userAuthPoolResourceType.propertiesSchema.optional(), overrides: overridesSchema.optional() });
export const efsFilesystemResourceSchema = z.strictObject({ type: z.literal('efs-filesystem'), properties: efsFilesystemResourceType.propertiesSchema.optional(), overrides: overridesSchema.optional() });

export const DATA_RESOURCE_TYPE_DEFINITIONS = [
  dynamoDbTableResourceType,
  sqsQueueResourceType,
  snsTopicResourceType,
  eventBusResourceType,
  relationalDatabaseResourceType,
  redisClusterResourceType,
  mongoDbAtlasClusterResourceType,
  userAuthPoolResourceType,
  kinesisStreamResourceType,
  stateMachineResourceType,
  efsFilesystemResourceType,
] as const;

export const DATA_RESOURCE_SCHEMAS = [
  dynamoDbTableResourceSchema,
  sqsQueueResourceSchema,
  snsTopicResourceSchema,
  eventBusResourceSchema,
  relationalDatabaseResourceSchema,
  redisClusterResourceSchema,
  mongoDbAtlasClusterResourceSchema,
  userAuthPoolResourceSchema,
  kinesisStreamResourceSchema,
  stateMachineResourceSchema,
  efsFilesystemResourceSchema,
] as const;
